package ai.prism.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code prism pyast}: JSON lines, error objects and exit codes. */
class PyAstCommandTest {

  @TempDir Path dir;

  private int run(StringWriter out, String... args) {
    CommandLine cli = PrismCli.newCommandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(new StringWriter()));
    return cli.execute(args);
  }

  @Test
  void dumpsEachFileAsAJsonLine() throws Exception {
    Path ok = dir.resolve("ok.py");
    Files.write(ok, new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, 'x', '=', '1', '\n'});
    StringWriter out = new StringWriter();
    assertEquals(0, run(out, "pyast", "--compact", ok.toString()));
    assertEquals(
        "{\"file\":\"" + ok + "\",\"dump\":\"Module([Assign([Name('x', Store())], Constant(1))], [])\"}\n",
        out.toString().replace("\r\n", "\n"));
  }

  @Test
  void syntaxErrorsAreErrorObjectsWithExitOne() throws Exception {
    Path ok = dir.resolve("ok.py");
    Files.writeString(ok, "pass\n", StandardCharsets.UTF_8);
    Path bad = dir.resolve("bad.py");
    Files.writeString(bad, "x = 1\ny = )\n", StandardCharsets.UTF_8);
    StringWriter out = new StringWriter();
    assertEquals(1, run(out, "pyast", ok.toString(), bad.toString()));
    String[] lines = out.toString().split("\\R");
    assertEquals("{\"file\":\"" + ok + "\",\"dump\":\"Module(body=[Pass()], type_ignores=[])\"}", lines[0]);
    assertEquals(
        "{\"file\":\"" + bad + "\",\"error\":{\"type\":\"SyntaxError\",\"message\":\"unmatched ')'\",\"line\":2,\"column\":5}}",
        lines[1]);
  }

  @Test
  void unreadableFileIsExitTwo() {
    StringWriter out = new StringWriter();
    assertEquals(2, run(out, "pyast", dir.resolve("missing.py").toString()));
    assertEquals("", out.toString());
  }

  @Test
  void dialectOptionSelectsThe312Layout() throws Exception {
    Path f = dir.resolve("f.py");
    Files.writeString(f, "type X = int\n", StandardCharsets.UTF_8);
    StringWriter out = new StringWriter();
    assertEquals(0, run(out, "pyast", "--python", "3.12", "--compact", f.toString()));
    assertEquals(
        "{\"file\":\"" + f + "\",\"dump\":\"Module([TypeAlias(Name('X', Store()), [], Name('int', Load()))], [])\"}",
        out.toString().strip());
  }
}

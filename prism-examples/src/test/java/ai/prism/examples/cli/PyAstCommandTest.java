package ai.prism.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prism pyast}: JSON lines, error objects and exit codes. */
class PyAstCommandTest {

  @TempDir Path dir;

  @Test
  void dumpsEachFileAsAJsonLine() throws Exception {
    Path ok = dir.resolve("ok.py");
    Files.write(ok, new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, 'x', '=', '1', '\n'});
    CliTest.Run run = CliTest.prism("pyast", "--compact", ok.toString());
    assertEquals(0, run.exit());
    assertEquals(
        "{\"file\":\"" + ok + "\",\"dump\":\"Module([Assign([Name('x', Store())], Constant(1))], [])\"}\n",
        run.out().replace("\r\n", "\n"));
  }

  @Test
  void syntaxErrorsAreErrorObjectsWithExitOne() throws Exception {
    Path ok = dir.resolve("ok.py");
    Files.writeString(ok, "pass\n", StandardCharsets.UTF_8);
    Path bad = dir.resolve("bad.py");
    Files.writeString(bad, "x = 1\ny = )\n", StandardCharsets.UTF_8);
    CliTest.Run run = CliTest.prism("pyast", ok.toString(), bad.toString());
    assertEquals(1, run.exit());
    String[] lines = run.out().split("\\R");
    assertEquals("{\"file\":\"" + ok + "\",\"dump\":\"Module(body=[Pass()], type_ignores=[])\"}", lines[0]);
    assertEquals(
        "{\"file\":\"" + bad + "\",\"error\":{\"message\":\"unmatched ')'\",\"line\":2,\"column\":5}}",
        lines[1]);
    CliTest.Run typed = CliTest.prism("pyast", "--error-type", bad.toString());
    assertEquals(
        "{\"file\":\"" + bad + "\",\"error\":{\"type\":\"SyntaxError\",\"message\":\"unmatched ')'\",\"line\":2,\"column\":5}}",
        typed.out().strip());
  }

  @Test
  void codingDeclarationsAreHonoured() throws Exception {
    Path latin = dir.resolve("latin.py");
    Files.write(latin, "# -*- coding: latin-1 -*-\nx = '\u00e9'\n".getBytes(StandardCharsets.ISO_8859_1));
    Path broken = dir.resolve("broken.py");
    Files.write(broken, new byte[] {'x', ' ', '=', ' ', '\'', (byte) 0xff, '\'', '\n'});
    CliTest.Run run = CliTest.prism("pyast", "--compact", latin.toString(), broken.toString());
    assertEquals(1, run.exit());
    String[] lines = run.out().split("\\R");
    assertEquals("{\"file\":\"" + latin + "\",\"dump\":\"Module([Assign([Name('x', Store())], Constant('\u00e9'))], [])\"}", lines[0]);
    assertEquals("{\"file\":\"" + broken + "\",\"error\":{\"message\":\"(unicode error) 'utf-8' codec can't decode byte 0xff in position 0:"
        + " invalid start byte\",\"line\":1,\"column\":8}}", lines[1]);
  }

  @Test
  void unreadableFileIsAnErrorLineWithExitTwo() throws Exception {
    Path missing = dir.resolve("missing.py");
    Path ok = dir.resolve("ok.py");
    Files.writeString(ok, "pass\n", StandardCharsets.UTF_8);
    CliTest.Run run = CliTest.prism("pyast", missing.toString(), ok.toString());
    assertEquals(2, run.exit());
    String[] lines = run.out().split("\\R");
    assertEquals("{\"file\":\"" + missing + "\",\"error\":{\"message\":\"cannot read file: NoSuchFileException: " + missing
        + "\",\"line\":null,\"column\":null}}", lines[0]);
    assertEquals("{\"file\":\"" + ok + "\",\"dump\":\"Module(body=[Pass()], type_ignores=[])\"}", lines[1]);
  }

  @Test
  void dialectOptionSelectsThe312Layout() throws Exception {
    Path f = dir.resolve("f.py");
    Files.writeString(f, "type X = int\n", StandardCharsets.UTF_8);
    CliTest.Run run = CliTest.prism("pyast", "--python", "3.12", "--compact", f.toString());
    assertEquals(0, run.exit());
    assertEquals(
        "{\"file\":\"" + f + "\",\"dump\":\"Module([TypeAlias(Name('X', Store()), [], Name('int', Load()))], [])\"}",
        run.out().strip());
  }
}

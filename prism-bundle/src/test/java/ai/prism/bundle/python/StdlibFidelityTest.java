package ai.prism.bundle.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Parser fidelity against the machine's CPython: every {@code .py} file of python3's standard library
 * (site-packages and dist-packages excluded), non-UTF-8 ones included, is parsed from its bytes (as
 * {@code ast.parse(bytes)}, PEP 263 declarations honoured) here and by one python3 process
 * ({@code ast_dump.py}); the dumps with positions ({@code include_attributes=True}, which implies the
 * default dump) must be identical for at least 99.9% of the files, every difference must be listed in
 * {@code known-differences.txt}, and files CPython rejects must be rejected here too, with the same message
 * at the same line.
 * Skipped when python3 is missing or is not CPython 3.11/3.12.
 */
class StdlibFidelityTest {

  @Test
  void everyStdlibFileParsesLikeCpython() throws Exception {
    String version = python("import sys; print('%d.%d' % sys.version_info[:2])");
    assumeTrue(version != null, "python3 not found on PATH: parser fidelity test skipped");
    assumeTrue(version.equals("3.11") || version.equals("3.12"), "python3 is " + version + ", not 3.11/3.12: skipped");
    PythonVersion dialect = version.equals("3.11") ? PythonVersion.PY311 : PythonVersion.PY312;
    Path stdlib = Path.of(python("import sysconfig; print(sysconfig.get_paths()['stdlib'])"));
    List<Path> files;
    try (Stream<Path> walk = Files.walk(stdlib)) {
      files = walk.filter(p -> p.toString().endsWith(".py"))
          .filter(p -> !p.toString().contains("site-packages") && !p.toString().contains("dist-packages"))
          .filter(Files::isRegularFile)
          .sorted()
          .collect(Collectors.toList());
    }
    assertTrue(files.size() > 1000, "expected the standard library, found " + files.size() + " files in " + stdlib);

    Path script = Files.createTempFile("ast_dump", ".py");
    try (InputStream in = getClass().getResourceAsStream("/python/ast_dump.py")) {
      Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Process proc = new ProcessBuilder("python3", script.toString(), "--attributes").redirectErrorStream(false).start();
    Thread feeder = new Thread(() -> {
      try (Writer w = new OutputStreamWriter(proc.getOutputStream(), StandardCharsets.UTF_8)) {
        for (Path f : files) {
          w.write(f.toString());
          w.write('\n');
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    feeder.start();

    ObjectMapper json = new ObjectMapper();
    Map<String, String> differences = new TreeMap<>();
    int compared = 0;
    int rows = 0;
    int bothFail = 0;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        JsonNode row = json.readTree(line);
        rows++;
        Path file = Path.of(row.get("file").asText());
        String rel = stdlib.relativize(file).toString();
        compared++;
        String mine;
        PythonSyntaxException error = null;
        try {
          mine = Ast.dump(PythonParser.parse(Files.readAllBytes(file), dialect), true, true);
        } catch (PythonSyntaxException e) {
          mine = null;
          error = e;
        }
        if (row.has("dump")) {
          if (mine == null) {
            differences.put(rel, "CPython parses it, we raise " + error.kind().pythonName() + ": " + error.pythonStr());
          } else if (!mine.equals(row.get("dump").asText())) {
            differences.put(rel, "dump differs at character " + firstDifference(mine, row.get("dump").asText()));
          }
        } else {
          JsonNode e = row.get("error");
          if (mine != null) {
            differences.put(rel, "CPython raises " + e.get("type").asText() + ": " + e.get("message").asText() + ", we parse it");
          } else if (e.get("line").isInt() && e.get("line").asInt() != error.line()) {
            differences.put(rel, "both fail, CPython at line " + e.get("line").asInt() + ", we at line " + error.line());
          } else if (!e.get("message").asText().equals(error.msg())) {
            differences.put(rel, "both fail, CPython with \"" + e.get("message").asText() + "\", we with \"" + error.msg() + "\"");
          } else {
            bothFail++;
          }
        }
      }
    }
    assertTrue(proc.waitFor(5, TimeUnit.MINUTES), "python3 did not finish");
    feeder.join();
    Files.deleteIfExists(script);
    assertEquals(0, proc.exitValue(), "python3 ast_dump.py failed");
    assertEquals(files.size(), rows, "python3 reported on every file");

    Map<String, String> known = knownDifferences(version);
    List<String> nowMatching = new ArrayList<>();
    for (String k : known.keySet()) {
      if (!differences.containsKey(k)) {
        nowMatching.add(k);
      }
    }
    System.out.printf(
        "stdlib fidelity (CPython %s): %d files compared, %d identical, %d rejected by both, %d different%n",
        version, compared, compared - differences.size() - bothFail, bothFail, differences.size());
    if (!nowMatching.isEmpty()) {
      System.out.println("listed in known-differences.txt but now matching CPython: " + nowMatching);
    }
    Map<String, String> unexpected = new TreeMap<>(differences);
    unexpected.keySet().removeAll(known.keySet());
    assertTrue(unexpected.isEmpty(), "files differing from CPython and not in known-differences.txt: " + unexpected);
    double identical = (compared - differences.size()) / (double) compared;
    assertEquals(files.size(), compared, "no file is skipped");
    assertTrue(identical >= 0.999, "only " + identical * 100 + "% of files match CPython");
  }

  private static int firstDifference(String a, String b) {
    int i = 0;
    while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }

  /** {@code path<TAB>reason} lines for the given CPython version ({@code [3.11]} section headers). */
  private static Map<String, String> knownDifferences(String version) throws IOException {
    Map<String, String> known = new TreeMap<>();
    try (InputStream in = StdlibFidelityTest.class.getResourceAsStream("/python/known-differences.txt")) {
      String section = null;
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        if (t.startsWith("[") && t.endsWith("]")) {
          section = t.substring(1, t.length() - 1);
        } else if (version.equals(section)) {
          String[] parts = t.split("\t", 2);
          known.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
      }
    }
    return known;
  }

  private static String python(String code) {
    try {
      Process p = new ProcessBuilder("python3", "-c", code).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor() == 0 ? out : null;
    } catch (IOException | InterruptedException e) {
      return null;
    }
  }
}

package ai.prism.bench;

import ai.prism.bundle.python.PythonParser;
import ai.prism.bundle.python.PythonSyntaxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The parser benchmark corpus: python3's standard library, the UTF-8 files that parse. */
final class PythonCorpus {
  final List<Path> files;
  final List<String> sources;
  final long utf8Bytes;

  private PythonCorpus(List<Path> files, List<String> sources, long utf8Bytes) {
    this.files = files;
    this.sources = sources;
    this.utf8Bytes = utf8Bytes;
  }

  /** The directory from {@code -Dprism.bench.stdlib}, else python3's {@code sysconfig} stdlib path. */
  static Path stdlibDir() throws IOException, InterruptedException {
    String dir = System.getProperty("prism.bench.stdlib");
    if (dir != null) {
      return Path.of(dir);
    }
    Process p = new ProcessBuilder("python3", "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])").start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0 || out.isEmpty()) {
      throw new IOException("python3 not found: pass -Dprism.bench.stdlib=DIR");
    }
    return Path.of(out);
  }

  static PythonCorpus load() throws IOException, InterruptedException {
    Path root = stdlibDir();
    List<Path> candidates;
    try (Stream<Path> walk = Files.walk(root)) {
      candidates = walk.filter(f -> f.toString().endsWith(".py"))
          .filter(f -> !f.toString().contains("site-packages") && !f.toString().contains("dist-packages"))
          .filter(Files::isRegularFile)
          .sorted()
          .collect(Collectors.toList());
    }
    List<Path> files = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    long bytes = 0;
    for (Path f : candidates) {
      byte[] raw = Files.readAllBytes(f);
      String text = new String(raw, StandardCharsets.UTF_8);
      if (!java.util.Arrays.equals(raw, text.getBytes(StandardCharsets.UTF_8))) {
        continue; // not UTF-8
      }
      try {
        PythonParser.parse(text);
      } catch (PythonSyntaxException e) {
        continue; // test data CPython rejects too
      }
      files.add(f);
      sources.add(text);
      bytes += raw.length;
    }
    return new PythonCorpus(files, sources, bytes);
  }
}

package ai.prism.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link PythonParserBenchmark} (JMH) and CPython's {@code ast.parse} over the same files in one
 * go and prints both throughputs in MB/s and their ratio. JMH options on the command line
 * ({@code -f 1 -wi 2 -i 3 ...}) override the benchmark's defaults.
 */
public final class PythonParserThroughput {
  private PythonParserThroughput() {}

  /** Entry point: {@code java -cp benchmarks.jar ai.prism.bench.PythonParserThroughput [JMH options]}. */
  public static void main(String[] args) throws Exception {
    PythonCorpus corpus = PythonCorpus.load();
    double mb = corpus.utf8Bytes / 1e6;
    ChainedOptionsBuilder opts = new OptionsBuilder()
        .parent(new CommandLineOptions(args))
        .include(PythonParserBenchmark.class.getSimpleName() + ".parseStdlib");
    Collection<RunResult> results = new Runner(opts.build()).run();
    double msPerOp = results.iterator().next().getPrimaryResult().getScore();
    double javaMbs = mb / (msPerOp / 1000.0);

    double pythonSeconds = cpythonSeconds(corpus);
    double pythonMbs = mb / pythonSeconds;
    System.out.printf("%ncorpus: %d stdlib files, %.2f MB (UTF-8)%n", corpus.files.size(), mb);
    System.out.printf("prism-java PythonParser.parse : %8.2f MB/s (%.0f ms per corpus pass, JMH average)%n", javaMbs, msPerOp);
    System.out.printf("CPython ast.parse             : %8.2f MB/s (%.0f ms per corpus pass, best of 3)%n", pythonMbs, pythonSeconds * 1000);
    System.out.printf("ratio Java / CPython          : %8.2f%n", javaMbs / pythonMbs);
  }

  /** Best-of-3 wall time of python3 running ast.parse over every corpus file (sources preloaded). */
  private static double cpythonSeconds(PythonCorpus corpus) throws IOException, InterruptedException {
    Path script = Files.createTempFile("ast_parse_timing", ".py");
    try (InputStream in = PythonParserThroughput.class.getResourceAsStream("ast_parse_timing.py")) {
      Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    try {
      Process p = new ProcessBuilder("python3", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      try (Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
        for (Path f : corpus.files) {
          w.write(f.toString());
          w.write('\n');
        }
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.waitFor() != 0) {
        throw new IOException("python3 timing script failed: " + out);
      }
      return Double.parseDouble(out);
    } finally {
      Files.deleteIfExists(script);
    }
  }
}

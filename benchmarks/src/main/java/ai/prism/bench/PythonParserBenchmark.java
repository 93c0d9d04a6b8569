package ai.prism.bench;

import ai.prism.bundle.python.PyNode;
import ai.prism.bundle.python.PythonParser;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Python parser throughput: one operation parses every file of the standard-library corpus
 * ({@link PythonCorpus}); MB/s = corpus MB / (s/op). {@link PythonParserThroughput} runs it beside
 * CPython's {@code ast.parse} on the same files.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class PythonParserBenchmark {
  PythonCorpus corpus;

  @Setup
  public void load() throws Exception {
    corpus = PythonCorpus.load();
    System.err.printf("corpus: %d files, %.2f MB%n", corpus.files.size(), corpus.utf8Bytes / 1e6);
  }

  @Benchmark
  public void parseStdlib(Blackhole bh) {
    for (String source : corpus.sources) {
      PyNode tree = PythonParser.parse(source);
      bh.consume(tree);
    }
  }
}

package ai.prism.bench;

import ai.prism.core.data.Batch;
import ai.prism.core.data.Batcher;
import ai.prism.core.data.BatcherOptions;
import ai.prism.core.data.SourceDocument;
import ai.prism.core.data.TrainShards;
import ai.prism.core.tokenizer.Tokenizer;
import ai.prism.examples.data.DemoCorpus;
import ai.prism.tokenizers.Gpt2Tokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Data-plane throughput: JSONL shards to (8, 1024) batches, byte-level and GPT-2, one thread.
 * The {@code mb} counter is megabytes of shard files streamed per second. Corpora: the demo corpus
 * text repeated into 4 MiB shards ({@code demo}), or the licence texts of
 * {@code /usr/share/common-licenses} split into paragraphs ({@code licenses}, real prose with a
 * larger vocabulary; the files are read at run time, not shipped).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DataPlaneBenchmark {

  @Param({"demo", "licenses"})
  public String source;

  @Param({"32"})
  public int megabytes;

  private Path dir;
  private TrainShards shards;

  /** Megabytes of shard files streamed (normalized per second by JMH). */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Throughput {
    public double mb;
  }

  /**
   * Raw totals per iteration: megabytes streamed and CPU seconds of the benchmark thread, so
   * {@code mbTotal / cpuSeconds} is MB per CPU-second on one core even on a busy machine.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class CpuTime {
    public double mbTotal;
    public double cpuSeconds;
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Setup(Level.Trial)
  public void writeCorpus() throws IOException {
    dir = Files.createTempDirectory("prism-bench-");
    List<String> texts = new ArrayList<>();
    if (source.equals("demo")) {
      for (SourceDocument d : DemoCorpus.documents()) {
        texts.add(d.text());
      }
    } else {
      try (Stream<Path> files = Files.list(Path.of("/usr/share/common-licenses"))) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          for (String para : Files.readString(f).split("\n\\s*\n")) {
            if (!para.isBlank()) {
              texts.add(para.strip());
            }
          }
        }
      }
    }
    ObjectMapper mapper = new ObjectMapper();
    long target = (long) megabytes << 20;
    long written = 0;
    int shard = 0;
    int doc = 0;
    while (written < target) {
      try (OutputStream out = Files.newOutputStream(dir.resolve(String.format("train-%05d.jsonl", shard++)))) {
        long shardBytes = 0;
        while (shardBytes < (4 << 20) && written < target) {
          ObjectNode line = mapper.createObjectNode();
          line.put("id", "doc-" + doc);
          line.put("text", texts.get(doc % texts.size()));
          doc++;
          byte[] bytes = (mapper.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
          out.write(bytes);
          shardBytes += bytes.length;
          written += bytes.length;
        }
      }
    }
    shards = TrainShards.discover(dir);
  }

  @TearDown(Level.Trial)
  public void deleteCorpus() throws IOException {
    BenchFiles.deleteTree(dir);
  }

  private long stream(Tokenizer tokenizer, Throughput t, CpuTime cpu, Blackhole bh) {
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long tokens = 0;
    try (Batcher b = Batcher.open(shards, BatcherOptions.builder().tokenizer(tokenizer).build())) {
      while (b.hasNext()) {
        Batch batch = b.next();
        bh.consume(batch.ids());
        tokens += batch.tokenCount();
      }
    }
    double mb = shards.availableBytes() / 1e6;
    t.mb += mb;
    cpu.mbTotal += mb;
    cpu.cpuSeconds += (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9;
    return tokens;
  }

  /** JSONL to byte-level batches (no tokenizer object, as the default run). */
  @Benchmark
  public long jsonlToByteBatches(Throughput t, CpuTime cpu, Blackhole bh) {
    return stream(null, t, cpu, bh);
  }

  /** JSONL to GPT-2 batches (ids folded mod 4096). */
  @Benchmark
  public long jsonlToGpt2Batches(Throughput t, CpuTime cpu, Blackhole bh) {
    return stream(Gpt2Tokenizer.create(), t, cpu, bh);
  }
}

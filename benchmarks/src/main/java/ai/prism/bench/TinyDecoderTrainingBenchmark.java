package ai.prism.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Training throughput of the tiny decoder (vocab 4096, seq 128, batch 4, one PyTorch thread) in the built-in
 * recipe, in predicted tokens per second (one step = 4 x 127 predicted positions): capture off ({@code none}),
 * separate and fused. See {@link CaptureOverheadBenchmark} for the overhead ratios measured interleaved.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(TrainingRig.PREDICTED_PER_STEP)
@Fork(value = 1, jvmArgsAppend = {
    "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1"})
public class TinyDecoderTrainingBenchmark {
  /** Capture mode: none, separate or fused. */
  @Param({"none", "separate", "fused"})
  public String capture;

  private Path corpus;
  private TrainingRig rig;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    corpus = TrainingRig.corpus(4_000_000);
    rig = new TrainingRig(capture, corpus);
  }

  /** One training step on the next batch. */
  @Benchmark
  public void step() {
    rig.step();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    rig.close();
    BenchFiles.deleteTree(corpus);
  }
}

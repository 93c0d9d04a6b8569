package ai.prism.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Capture overhead of the tiny decoder in the built-in recipe, measured interleaved so that load on a shared
 * machine hits all modes alike: each operation runs one step without capture, one with the separate capture
 * and one with the fused capture (three models, one stream each) and adds each step's thread CPU time to a
 * counter. Overhead = separateCpuMs / noneCpuMs and fusedCpuMs / noneCpuMs of the same iteration (PyTorch runs
 * on the calling thread with one intra-op thread, so thread CPU time is the step's compute).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {
    "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1"})
public class CaptureOverheadBenchmark {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private Path corpus;
  private TrainingRig[] rigs;
  private int rotation;

  /** Per-mode thread CPU milliseconds, summed over an iteration. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class CpuTime {
    public double noneCpuMs;
    public double separateCpuMs;
    public double fusedCpuMs;

    @Setup(Level.Iteration)
    public void reset() {
      noneCpuMs = 0;
      separateCpuMs = 0;
      fusedCpuMs = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    corpus = TrainingRig.corpus(4_000_000);
    rigs = new TrainingRig[] {
      new TrainingRig("none", corpus), new TrainingRig("separate", corpus), new TrainingRig("fused", corpus)};
  }

  /** One step in each mode; the order rotates so that no mode always follows another. */
  @Benchmark
  public void stepEachMode(CpuTime cpu) {
    int first = rotation++ % 3;
    for (int i = 0; i < 3; i++) {
      int mode = (first + i) % 3;
      long start = THREADS.getCurrentThreadCpuTime();
      rigs[mode].step();
      double ms = (THREADS.getCurrentThreadCpuTime() - start) / 1e6;
      if (mode == 0) {
        cpu.noneCpuMs += ms;
      } else if (mode == 1) {
        cpu.separateCpuMs += ms;
      } else {
        cpu.fusedCpuMs += ms;
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    for (TrainingRig rig : rigs) {
      rig.close();
    }
    BenchFiles.deleteTree(corpus);
  }
}

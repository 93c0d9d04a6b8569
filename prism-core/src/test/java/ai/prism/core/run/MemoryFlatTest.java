package ai.prism.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.prism.core.capture.CaptureOptions;
import ai.prism.core.capture.TrainBatch;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 20,000 batches of the bigram model in one run keep resources, heap and native memory flat. */
class MemoryFlatTest {
  private static final int BATCHES = 20_000;
  /** By then the JVM has shrunk its heap after the first full collection and the allocator is warm. */
  private static final int WARM_UP = 4_000;

  @TempDir Path tmp;

  /** Counters read at one point of the loop. */
  record Sample(int openArrays, int modelArrays, long heapAfterGc, long nativeBytes) {}

  @Test
  void twentyThousandBatchesKeepMemoryFlat() {
    Path data = Corpus.prose(tmp.resolve("train"), 600, 60);
    RunFixture f = new RunFixture(tmp, data);
    f.builder.stepBudget((long) BATCHES);
    List<Sample> samples = new ArrayList<>();
    NDManager root = Engine.getInstance().newBaseManager().getParentManager();
    Training loop = ctx -> {
      Model model = ctx.buildModel();
      Optimizer sgd = Loops.sgd(0.5f);
      int n = 0;
      for (TrainBatch b : ctx.trainBatches(model, CaptureOptions.builder().batchSize(1).seqLen(8).build())) {
        Loops.sgdStep(model, b, sgd, false);
        n++;
        if (n == WARM_UP || n == BATCHES) {
          samples.add(new Sample(root.getManagedArrays().size(), model.getNDManager().getManagedArrays().size(),
              heapAfterGc(), nativeBytes()));
        }
      }
    };
    RunResult r = f.run(loop);
    assertEquals(BATCHES, r.onlineLoss().size());
    assertEquals("step_budget", r.stoppedReason());
    Sample early = samples.get(0);
    Sample late = samples.get(1);
    assertEquals(early.openArrays(), late.openArrays(), "open NDArrays in the process");
    assertEquals(early.modelArrays(), late.modelArrays(), "NDArrays under the model's manager");
    assertTrue(late.heapAfterGc() - early.heapAfterGc() < 16L << 20,
        "heap grew by " + (late.heapAfterGc() - early.heapAfterGc()) + " bytes");
    assertTrue(late.nativeBytes() - early.nativeBytes() < 64L << 20,
        "resident memory outside the JVM's heap and code areas grew by "
            + (late.nativeBytes() - early.nativeBytes()) + " bytes");
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /**
   * Resident memory the JVM does not manage itself: VmRSS minus the committed heap and non-heap
   * (code cache, metaspace). Under load G1 may commit more heap or JIT more code between the two
   * samples; neither is a leak, while libtorch allocations stay in this figure.
   */
  private static long nativeBytes() {
    var memory = ManagementFactory.getMemoryMXBean();
    return residentBytes()
        - memory.getHeapMemoryUsage().getCommitted()
        - memory.getNonHeapMemoryUsage().getCommitted();
  }

  /** VmRSS of this process (Linux), or 0 where /proc is absent. */
  private static long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }
}

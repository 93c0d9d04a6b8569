package ai.prism.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.prism.core.capture.CaptureOptions;
import ai.prism.core.capture.CaptureProtocolException;
import ai.prism.core.capture.TrainBatch;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fused capture mode: same losses as the separate forward, and its protocol enforced. */
class FusedCaptureTest {
  @TempDir Path tmp;

  private static CaptureOptions options(boolean fused) {
    return CaptureOptions.builder().batchSize(2).seqLen(16).fused(fused).build();
  }

  @Test
  void fusedLossesEqualSeparateLossesForADropoutFreeModel() {
    Path data = Corpus.prose(tmp.resolve("train"), 30, 60);
    RunResult separate = new RunFixture(tmp.resolve("s"), data).run(new Loops.Sgd().options(options(false)));
    RunResult fused = new RunFixture(tmp.resolve("f"), data).run(new Loops.Sgd().options(options(true)));
    List<Double> a = separate.onlineLoss();
    List<Double> b = fused.onlineLoss();
    assertEquals(a.size(), b.size());
    assertTrue(a.size() > 50);
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i), b.get(i), 1e-6 * Math.abs(a.get(i)), "batch " + i);
    }
    assertEquals(separate.prequentialBpb(), fused.prequentialBpb(), 1e-6 * separate.prequentialBpb());
  }

  @Test
  void aFusedBatchWhoseLogitsAreNeverRecordedFailsTheRun() {
    RunFixture f = new RunFixture(tmp);
    Training forgetful = ctx -> {
      Model model = ctx.buildModel();
      for (TrainBatch ignored : ctx.trainBatches(model, options(true))) {
        // never records
      }
    };
    RunFailedException e = assertThrows(RunFailedException.class, () -> f.run(forgetful));
    assertTrue(e.getMessage().contains("batch 0 was handed out but recordTrainingLogits was never called"), e.getMessage());
  }

  @Test
  void recordingTwiceOrInTheSeparateModeIsAProtocolError() {
    RunFixture twice = new RunFixture(tmp.resolve("t"));
    Training doubleRecord = ctx -> {
      Model model = ctx.buildModel();
      for (TrainBatch b : ctx.trainBatches(model, options(true))) {
        NDArray logits = model.getBlock().forward(new ParameterStore(model.getNDManager(), false), new NDList(b.tokens()), true).head();
        b.recordTrainingLogits(logits);
        b.recordTrainingLogits(logits);
      }
    };
    RunFailedException e = assertThrows(RunFailedException.class, () -> twice.run(doubleRecord));
    assertTrue(e.getCause() instanceof CaptureProtocolException, String.valueOf(e.getCause()));
    assertTrue(e.getMessage().contains("were already recorded"), e.getMessage());

    RunFixture separate = new RunFixture(tmp.resolve("s"));
    Training misuse = ctx -> {
      Model model = ctx.buildModel();
      for (TrainBatch b : ctx.trainBatches(model, options(false))) {
        b.recordTrainingLogits(b.tokens());
      }
    };
    e = assertThrows(RunFailedException.class, () -> separate.run(misuse));
    assertTrue(e.getMessage().contains("only for the fused capture mode"), e.getMessage());
  }
}

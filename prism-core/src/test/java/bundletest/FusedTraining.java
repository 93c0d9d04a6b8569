package bundletest;

import ai.prism.core.capture.CaptureOptions;
import ai.prism.core.run.Loops;
import ai.prism.core.run.Training;
import ai.prism.core.run.TrainingContext;

/** Bundle code asking for the fused mode, which only trusted code may use. */
public class FusedTraining implements Training {
  @Override
  public void train(TrainingContext ctx) throws Exception {
    new Loops.Sgd().options(CaptureOptions.builder().batchSize(2).seqLen(16).fused(true).build()).train(ctx);
  }
}

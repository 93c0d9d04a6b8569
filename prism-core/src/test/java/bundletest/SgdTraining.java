package bundletest;

import ai.prism.core.capture.CaptureOptions;
import ai.prism.core.run.Loops;
import ai.prism.core.run.Training;
import ai.prism.core.run.TrainingContext;

/** Plain SGD over batches of (2, 16). */
public class SgdTraining implements Training {
  @Override
  public void train(TrainingContext ctx) throws Exception {
    new Loops.Sgd().options(CaptureOptions.builder().batchSize(2).seqLen(16).build()).train(ctx);
  }
}

package bundletest;

import ai.djl.Model;
import ai.prism.core.capture.TrainBatch;
import ai.prism.core.run.Training;
import ai.prism.core.run.TrainingContext;

/** Takes one batch, then hangs outside the iterator. */
public class HangingTraining implements Training {
  @Override
  public void train(TrainingContext ctx) throws Exception {
    Model model = ctx.buildModel();
    for (TrainBatch ignored : ctx.trainBatches(model)) {
      while (true) {
        Thread.sleep(60_000);
      }
    }
  }
}

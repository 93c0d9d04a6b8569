package bundletest;

import ai.djl.Model;
import ai.prism.core.capture.TrainBatch;
import ai.prism.core.run.Bigram;
import ai.prism.core.run.Training;
import ai.prism.core.run.TrainingContext;

/** Trains a 256 x 256 bigram whose weight is created lazily on the first forward. */
public class OverCapTraining implements Training {
  @Override
  public void train(TrainingContext ctx) throws Exception {
    Model big = Model.newInstance("big");
    big.setBlock(new Bigram(256));
    for (TrainBatch ignored : ctx.trainBatches(big)) {
      // never reached: the cap check after the first forward fails the run
    }
  }
}

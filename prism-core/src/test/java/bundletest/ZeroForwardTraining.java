package bundletest;

import ai.prism.core.run.Training;
import ai.prism.core.run.TrainingContext;

/** Builds a model and never iterates. */
public class ZeroForwardTraining implements Training {
  @Override
  public void train(TrainingContext ctx) {
    ctx.buildModel();
  }
}

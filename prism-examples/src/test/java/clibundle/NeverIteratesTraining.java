package clibundle;

import ai.prism.core.run.Training;
import ai.prism.core.run.TrainingContext;

/** Builds a model and never asks for a batch. */
public class NeverIteratesTraining implements Training {
  @Override
  public void train(TrainingContext ctx) {
    ctx.buildModel();
  }
}

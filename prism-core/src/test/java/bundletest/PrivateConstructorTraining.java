package bundletest;

import ai.prism.core.run.Training;
import ai.prism.core.run.TrainingContext;

/** Cannot be instantiated by the runner. */
public class PrivateConstructorTraining implements Training {
  private PrivateConstructorTraining() {}

  @Override
  public void train(TrainingContext ctx) {}
}

package ai.prism.core.run;

/**
 * The training role: the miner-owned loop. It obtains the model from {@link
 * TrainingContext#buildModel()} (or through {@link TrainingContext#architecture()}), iterates {@link
 * TrainingContext#trainBatches} once and updates the model on each batch. The runner records the
 * online loss itself; whatever the loop reports is ignored. Implementations need a public
 * no-argument constructor when they are named in a bundle's {@code prism.yaml}.
 */
@FunctionalInterface
public interface Training {
  /** Runs the loop; exceptions fail the run. */
  void train(TrainingContext ctx) throws Exception;
}

package ai.prism.core.heldout;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.prism.core.PrismException;
import ai.prism.core.heldout.HeldoutReport.SkipReason;
import ai.prism.core.run.Architecture;
import ai.prism.core.run.ForcedInit;
import ai.prism.core.run.PrismContext;
import ai.prism.core.run.TrainedState;
import ai.prism.core.tokenizer.Tokenizer;
import java.nio.file.Path;

/**
 * The model side of held-out evaluation (spec §7.2): the trained model (forced seed, fresh build,
 * the saved parameters loaded strictly) on the val texts and on the train texts, then the
 * random-init twin (forced seed, fresh build) on the val texts. All models live on the CPU in one
 * manager that is closed on the way out, also when the evaluation is abandoned at its time bound.
 * Runs on the evaluator's worker thread, or in the held-out child JVM for an isolated bundle.
 */
final class HeldoutComputation {
  /** What was measured; bpbs are null where the reference's {@code bpb_over} returns None. */
  record Measurement(Double valBpbTrained, Double valBpbRandomInit, long valCoveredBytes, Double trainBpbConverged) {}

  private final Architecture architecture;
  private final PrismContext context;
  private final Path trainedState;
  private final BpbMeter meter;
  private final Cancellation cancel;

  HeldoutComputation(Architecture architecture, PrismContext context, Path trainedState, int batchSize,
      Tokenizer tokenizer, Cancellation cancel) {
    this.architecture = architecture;
    this.context = context;
    this.trainedState = trainedState;
    this.meter = new BpbMeter(context.vocabSize(), context.sequenceLength(), batchSize, tokenizer, cancel);
    this.cancel = cancel;
  }

  /** Measures on {@code val} (non-empty) and, when given and non-empty, {@code train}. */
  Measurement measure(Texts val, Texts train) throws SkipException {
    try (NDManager manager = Engine.getInstance().newBaseManager(Device.cpu())) {
      Double valTrained;
      Double trainConverged = null;
      try (NDManager trainedScope = manager.newSubManager()) {
        Block trained = build(trainedScope);
        try {
          TrainedState.load(trained, trainedScope, trainedState);
        } catch (PrismException e) {
          throw new SkipException(SkipReason.TRAINED_STATE_REFUSED, e.getMessage(), e);
        }
        valTrained = meter.measure(trained, trainedScope, val);
        if (train != null && !train.isEmpty()) {
          trainConverged = meter.measure(trained, trainedScope, train);
        }
      }
      Double valRandom;
      try (NDManager twinScope = manager.newSubManager()) {
        valRandom = meter.measure(build(twinScope), twinScope, val);
      }
      return new Measurement(valTrained, valRandom, val.utf8Bytes(), trainConverged);
    }
  }

  /** A freshly built, initialised block under the forced seed (what the runner's builds do). */
  private Block build(NDManager manager) throws SkipException {
    cancel.check();
    ForcedInit.apply(context.seed());
    Block block;
    try {
      block = architecture.build(context);
    } catch (RuntimeException e) {
      throw new SkipException(SkipReason.EVALUATION_FAILED,
          "architecture " + architecture.getClass().getName() + " failed to build: " + e, e);
    }
    if (block == null) {
      throw new SkipException(SkipReason.EVALUATION_FAILED,
          "architecture " + architecture.getClass().getName() + " returned no block");
    }
    block.initialize(manager, DataType.FLOAT32, new Shape(1, context.sequenceLength()));
    return block;
  }
}

package ai.prism.core.heldout;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.prism.core.PrismException;
import ai.prism.core.heldout.HeldoutReport.SkipReason;
import ai.prism.core.run.ForcedInit;
import ai.prism.core.run.PrismContext;
import ai.prism.core.run.TrainedState;
import ai.prism.core.tokenizer.Tokenizer;
import java.nio.file.Path;

/**
 * The bounded part of held-out evaluation (spec §7.2), run on the evaluator's worker thread: the
 * val prefix, the trained model (forced seed, fresh build, the saved parameters loaded strictly)
 * on val and on the train prefix, then the random-init twin (forced seed, fresh build) on val. All
 * models live on the CPU in one manager that is closed on the way out, also when the evaluation is
 * abandoned at its time bound.
 */
final class HeldoutComputation {
  /** What was measured; bpbs are null where the reference's {@code bpb_over} returns None. */
  record Measurement(Double valBpbTrained, Double valBpbRandomInit, long valCoveredBytes, Double trainBpbConverged) {}

  private static final String VAL = "val";
  private static final String TRAIN = "train";

  private final HeldoutRun run;
  private final HeldoutOptions options;
  private final Path trainedState;
  private final Tokenizer tokenizer;
  private final Cancellation cancel;

  HeldoutComputation(HeldoutRun run, HeldoutOptions options, Path trainedState, Tokenizer tokenizer, Cancellation cancel) {
    this.run = run;
    this.options = options;
    this.trainedState = trainedState;
    this.tokenizer = tokenizer;
    this.cancel = cancel;
  }

  Cancellation cancellation() {
    return cancel;
  }

  Measurement compute() throws SkipException {
    SplitPrefix val = SplitPrefix.scan(options.valDataDir(), VAL, options.byteBudget(), cancel);
    if (val.isEmpty()) {
      throw new SkipException(SkipReason.VAL_SPLIT_EMPTY,
          "the val split under " + options.valDataDir() + " is empty or the strict loader refused it");
    }
    PrismContext ctx = run.context();
    BpbMeter meter = new BpbMeter(ctx.vocabSize(), ctx.sequenceLength(), options.batchSize(), tokenizer, cancel);
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
        if (options.trainDataDir() != null) {
          SplitPrefix train = SplitPrefix.scan(options.trainDataDir(), TRAIN, options.byteBudget(), cancel);
          if (!train.isEmpty()) {
            trainConverged = meter.measure(trained, trainedScope, train);
          }
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
    PrismContext ctx = run.context();
    ForcedInit.apply(ctx.seed());
    Block block;
    try {
      block = run.architecture().build(ctx);
    } catch (RuntimeException e) {
      throw new SkipException(SkipReason.EVALUATION_FAILED, "architecture " + run.architecture().getClass().getName()
          + " failed to build: " + e, e);
    }
    if (block == null) {
      throw new SkipException(SkipReason.EVALUATION_FAILED,
          "architecture " + run.architecture().getClass().getName() + " returned no block");
    }
    block.initialize(manager, DataType.FLOAT32, new Shape(1, ctx.sequenceLength()));
    return block;
  }
}

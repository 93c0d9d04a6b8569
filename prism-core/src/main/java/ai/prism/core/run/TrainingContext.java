package ai.prism.core.run;

import ai.djl.Model;
import ai.prism.core.capture.CaptureOptions;
import ai.prism.core.capture.TrainBatch;
import ai.prism.core.tokenizer.Tokenizer;

/**
 * What the training loop sees: the context values plus the runner's instruments. One instance per
 * run; not thread-safe (the loop drives it from one thread).
 */
public interface TrainingContext {
  /** The run's context values (train split only). */
  PrismContext context();

  /**
   * The architecture role wrapped by the runner: every {@code build} re-applies the forced init
   * (spec §4.3) and initialises the block's parameters for a {@code (1, sequenceLength)} int64
   * input, so a loop that builds through it gets the same initial weights as {@link #buildModel()}
   * whatever it seeded before.
   */
  Architecture architecture();

  /**
   * A fresh model: forced init, then the architecture's block, initialised for a {@code (1,
   * sequenceLength)} int64 input, on the run's device. The runner owns the model: {@code close()}
   * on it is deferred until the run has saved the trained state.
   */
  Model buildModel();

  /**
   * The scored single-pass batch stream (spec §4.5). The first call fixes the capture (its options
   * and the model); later calls return a stream that yields nothing once the first has started, and
   * their arguments are ignored. Lazy: nothing is read before the first {@code hasNext()}.
   */
  Iterable<TrainBatch> trainBatches(Model model, CaptureOptions options);

  /** {@link #trainBatches(Model, CaptureOptions)} with the default options (batch 8, context seq). */
  default Iterable<TrainBatch> trainBatches(Model model) {
    return trainBatches(model, CaptureOptions.defaults());
  }

  /**
   * A staged reference tokenizer by name ({@code gpt2}, {@code llama}; case-insensitive), loaded
   * offline from {@link PrismContext#referenceTokenizerDir()} (spec §3.8).
   */
  Tokenizer referenceTokenizer(String name);
}

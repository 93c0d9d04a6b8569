package ai.prism.core.capture;

import ai.prism.core.data.Budgets;
import ai.prism.core.data.TrainShards;
import java.io.PrintStream;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What the runner fixes for a capture before the training loop asks for it: the locked shards, the
 * context's vocabulary and sequence length, the parameter cap, the budgets and the run's hooks.
 *
 * @param shards the train shards the stream reads
 * @param vocabSize the context's vocabulary (ids are reduced mod {@code max(vocabSize, 2)})
 * @param contextSequenceLength columns used when the loop asks for none
 * @param maxParameters parameter cap; 0 disables it
 * @param budgets token, step and wall-clock budgets
 * @param clock monotonic nanosecond clock of the wall-clock budget, or {@code null} for {@code System::nanoTime}
 * @param listener observer of recorded batches, or {@code null}
 * @param diagnostics sink of the {@code PRISM_RUNNER_PARAM_CAP} line
 * @param guard called before every batch is prepared; throws to abort the run (watchdog)
 * @param fusedAllowed whether the training code is trusted with the fused mode
 * @param maxLineBytes the longest shard line the stream accepts
 */
public record CaptureSetup(
    TrainShards shards,
    int vocabSize,
    int contextSequenceLength,
    long maxParameters,
    Budgets budgets,
    LongSupplier clock,
    CaptureListener listener,
    PrintStream diagnostics,
    Runnable guard,
    boolean fusedAllowed,
    int maxLineBytes) {

  /** Checks the required components. */
  public CaptureSetup {
    Objects.requireNonNull(shards, "shards");
    Objects.requireNonNull(budgets, "budgets");
    Objects.requireNonNull(diagnostics, "diagnostics");
    Objects.requireNonNull(guard, "guard");
  }
}

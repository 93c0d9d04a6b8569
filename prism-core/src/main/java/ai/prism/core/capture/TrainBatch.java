package ai.prism.core.capture;

import ai.djl.ndarray.NDArray;

/**
 * One training batch handed to the loop after its online loss was recorded (predict-then-train).
 * Its arrays live in a per-batch scope that is closed when the next batch is requested; a loop
 * that needs them longer must copy them.
 */
public interface TrainBatch {
  /** 0-based position of this batch in the stream. */
  int index();

  /** Rows of {@link #tokens()} (the batch size, or 1 for the trailing partial batch). */
  int rows();

  /** Columns of {@link #tokens()} (the sequence length, or the remainder for the trailing batch). */
  int cols();

  /** Token ids, int64, shape {@code (rows, cols)}, on the model's device, already reduced mod vocab. */
  NDArray tokens();

  /**
   * Fused mode only: hands the capture the logits of the loop's own pre-update training forward on
   * {@link #tokens()}; the capture records this batch's loss from them, so no second forward runs.
   * Must be called exactly once per batch, before the optimizer step and before the next batch is
   * requested; otherwise (or in the separate mode) a {@link CaptureProtocolException} is thrown.
   */
  void recordTrainingLogits(NDArray logits);
}

package ai.prism.core.capture;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.prism.core.PrismException;

/**
 * The challenge's per-batch loss (spec §4.6), shared by the separate and the fused capture modes and
 * by held-out evaluation: the mean next-token cross-entropy, in nats, of {@code logits[:, :-1]}
 * against {@code tokens[:, 1:] mod V}, where {@code V} is the logits' last dimension.
 *
 * <p>Numerics follow {@code torch.nn.functional.cross_entropy}: half-precision logits are widened to
 * float32, the log-softmax runs in float32 (float64 logits stay float64), and the mean is that
 * precision's value widened to a Java {@code double}. Runs as one native op chain (log-softmax,
 * gather, mean) with a single scalar copied back to the host.
 */
public final class NextTokenLoss {
  private static final NDIndex ALL_BUT_LAST_POSITION = new NDIndex(":, :-1");
  private static final NDIndex ALL_BUT_FIRST_POSITION = new NDIndex(":, 1:");

  private NextTokenLoss() {}

  /**
   * The logits of a model's forward output: the first array of the list (spec §4.6 step 2: a
   * tensor, or the first element of a tuple).
   *
   * @throws PrismException when the forward returned nothing
   */
  public static NDArray logitsOf(NDList forwardOutput) {
    if (forwardOutput == null || forwardOutput.isEmpty() || forwardOutput.head() == null) {
      throw new PrismException("miner model forward did not return a logits tensor");
    }
    return forwardOutput.head();
  }

  /**
   * Mean next-token cross-entropy (nats) of {@code logits} — shaped {@code (rows, cols, V)} or
   * {@code (cols, V)} (then a leading batch dimension is added) — against int64 {@code tokens}
   * shaped {@code (rows, cols)}. Non-finite results are returned as they are; the caller sanitises.
   *
   * @throws PrismException when the shapes do not line up
   */
  public static double meanCrossEntropy(NDArray logits, NDArray tokens) {
    Shape tokenShape = tokens.getShape();
    NDArray scores = logits.getShape().dimension() == 2 ? logits.expandDims(0) : logits;
    Shape shape = scores.getShape();
    if (shape.dimension() != 3
        || tokenShape.dimension() != 2
        || shape.get(0) != tokenShape.get(0)
        || shape.get(1) != tokenShape.get(1)) {
      throw new PrismException(
          "model forward returned logits of shape " + logits.getShape() + " for tokens of shape "
              + tokenShape + "; expected (rows, cols, vocab) or (cols, vocab) matching the tokens");
    }
    if (shape.get(1) < 2) {
      throw new PrismException("next-token loss needs at least 2 positions per row, got tokens of shape " + tokenShape);
    }
    long vocab = shape.get(2);
    DataType type = scores.getDataType();
    if (type == DataType.FLOAT16 || type == DataType.BFLOAT16) {
      scores = scores.toType(DataType.FLOAT32, false);
    }
    NDArray targets = tokens.get(ALL_BUT_FIRST_POSITION);
    if (targets.getDataType() != DataType.INT64) {
      targets = targets.toType(DataType.INT64, false);
    }
    targets = targets.mod(vocab).expandDims(2);
    NDArray mean =
        scores.get(ALL_BUT_LAST_POSITION).logSoftmax(2).gather(targets, 2).mean();
    double meanLogProbability = mean.getDataType() == DataType.FLOAT64 ? mean.getDouble() : mean.getFloat();
    return -meanLogProbability;
  }
}

package ai.prism.core.recipe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * The recipe's differentiable training loss, the reference training loop's {@code _next_token_loss}: mean
 * cross-entropy of {@code logits[:, :-1]} against {@code tokens[:, 1:] mod V} (2-D logits get a batch axis).
 * Same formula as the capture's {@code NextTokenLoss}, which returns a host double; this returns the scalar
 * array so that the loop can back-propagate it.
 */
final class NextTokenObjective {
  private static final NDIndex ALL_BUT_LAST_POSITION = new NDIndex(":, :-1");
  private static final NDIndex ALL_BUT_FIRST_POSITION = new NDIndex(":, 1:");

  private NextTokenObjective() {}

  static NDArray meanCrossEntropy(NDArray logits, NDArray tokens) {
    NDArray scores = logits.getShape().dimension() == 2 ? logits.expandDims(0) : logits;
    long vocab = scores.getShape().get(2);
    NDArray targets = tokens.get(ALL_BUT_FIRST_POSITION).mod(vocab).expandDims(2);
    return scores.get(ALL_BUT_LAST_POSITION).logSoftmax(2).gather(targets, 2).mean().neg();
  }
}

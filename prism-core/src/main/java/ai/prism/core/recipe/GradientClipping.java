package ai.prism.core.recipe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.List;

/** Global-norm gradient clipping with the semantics of {@code torch.nn.utils.clip_grad_norm_} (2-norm). */
public final class GradientClipping {
  private GradientClipping() {}

  /**
   * Scales every gradient in place by {@code min(maxNorm / (total + 1e-6), 1)}, where {@code total} is the
   * 2-norm of all gradients together (the norm of the per-tensor norms), and returns {@code total}, a scalar
   * attached to the first gradient's manager. Like PyTorch, the multiply always happens (by 1 when the norm is
   * below the limit), so nothing is read back to the host. An empty list returns null.
   */
  public static NDArray clipGlobalNorm(List<NDArray> gradients, double maxNorm) {
    if (!(maxNorm > 0)) {
      throw new IllegalArgumentException("max gradient norm must be > 0, got " + maxNorm);
    }
    if (gradients.isEmpty()) {
      return null;
    }
    NDList norms = new NDList(gradients.size());
    for (NDArray gradient : gradients) {
      norms.add(gradient.norm());
    }
    NDArray total;
    try (NDArray stacked = NDArrays.stack(norms)) {
      total = stacked.norm();
    }
    norms.close();
    // Float scalars throughout: PyTorch computes these in float32 (0-d double operands would promote).
    try (NDArray denominator = total.add(1e-6f);
        NDArray limit = total.getManager().create((float) maxNorm);
        NDArray coefficient = limit.div(denominator);
        NDArray clamped = coefficient.minimum(1f)) {
      for (NDArray gradient : gradients) {
        gradient.muli(clamped);
      }
    }
    return total;
  }
}

package ai.prism.core.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Scalar operands whose memory libtorch owns, for arithmetic inside a gradient-recorded graph.
 *
 * <p>In DJL 0.36 the PyTorch engine implements {@code mul(Number)}, {@code div(Number)},
 * {@code pow(Number)}, {@code add(Number)}, {@code maximum(Number)} and their siblings by wrapping the
 * number in a tensor over a Java direct buffer ({@code torch.from_blob}, no copy) and closing that
 * tensor right after the operation. Autograd keeps the operand for the backward pass of {@code mul},
 * {@code div}, {@code pow}, {@code maximum}, ...; once a garbage collection frees the buffer, backward
 * reads freed memory: gradients become garbage or NaN, and runs stop being reproducible (they depend
 * on GC timing). A scalar from {@link #like} is allocated by libtorch ({@code torch.full}), so a saved
 * reference keeps it alive whatever happens to the Java handle. Use it for every numeric operand of an
 * operation that gradients flow through: {@code x.mul(Scalars.like(x, scale))}, not {@code x.mul(scale)}.
 * Number operands remain fine outside recorded graphs (optimizer updates, no-grad evaluation).
 */
public final class Scalars {
  private Scalars() {}

  /**
   * A 0-dimensional array holding {@code value}, with {@code array}'s data type and device, attached to
   * {@code array}'s manager and allocated by the engine rather than over Java memory.
   */
  public static NDArray like(NDArray array, double value) {
    return array.getManager().full(new Shape(), (float) value, array.getDataType());
  }
}

package ai.prism.examples.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.prism.core.nd.Scalars;

/**
 * Root-mean-square layer norm over the last axis with a learned scale: {@code x * rsqrt(mean(x^2) + eps) * w},
 * the normalisation of the reference's tiny decoder (scale initialised to ones).
 */
public final class RmsNorm extends AbstractBlock {
  private final float eps;
  private final Parameter weight;

  /** A norm over {@code dim} channels with the given epsilon. */
  public RmsNorm(long dim, float eps) {
    if (dim <= 0 || !(eps > 0)) {
      throw new IllegalArgumentException("RmsNorm needs dim > 0 and eps > 0, got dim=" + dim + ", eps=" + eps);
    }
    this.eps = eps;
    this.weight = addParameter(Params.scale("weight", dim));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.head();
    NDArray w = ps.getValue(weight, x.getDevice(), training);
    // Native scalars: autograd keeps pow's exponent for backward (see Scalars).
    NDArray meanSquare = x.square().mean(new int[] {-1}, true);
    NDArray inverseRms = meanSquare.add(Scalars.like(meanSquare, eps)).pow(Scalars.like(meanSquare, -0.5));
    return new NDList(x.mul(inverseRms).mul(w));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}

package ai.prism.examples.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.prism.core.nd.Scalars;

/**
 * Multi-head causal self-attention with bias-free fused qkv and output projections and scores scaled by
 * head_dim^-0.5. Inputs: {@code x (B, T, C)} and the additive causal mask {@code (T, T)} (0 on and below the
 * diagonal, -inf above) that {@link TinyDecoder} builds once per forward.
 */
final class CausalSelfAttention extends AbstractBlock {
  private final int heads;
  private final long headDim;
  private final float scale;
  private final Parameter qkv;
  private final Parameter proj;

  CausalSelfAttention(long dim, int heads) {
    if (heads <= 0 || dim % heads != 0) {
      throw new IllegalArgumentException("dim " + dim + " must be a positive multiple of heads " + heads);
    }
    this.heads = heads;
    this.headDim = dim / heads;
    this.scale = (float) Math.pow(headDim, -0.5);
    this.qkv = addParameter(Params.linearWeight("qkv", 3 * dim, dim));
    this.proj = addParameter(Params.linearWeight("proj", dim, dim));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray causalMask = inputs.get(1);
    Shape shape = x.getShape();
    long b = shape.get(0);
    long t = shape.get(1);
    long c = shape.get(2);
    // (B, T, 3C) -> (B, T, 3H, hd) -> (B, 3H, T, hd); q, k, v are the three H-slices of axis 1.
    NDArray fused = Linear.linear(x, ps.getValue(qkv, x.getDevice(), training)).head();
    NDList qkvHeads = fused.reshape(b, t, 3L * heads, headDim).transpose(0, 2, 1, 3).split(3, 1);
    NDArray q = qkvHeads.get(0);
    NDArray k = qkvHeads.get(1);
    NDArray v = qkvHeads.get(2);
    // A native scalar: autograd keeps mul's operand for backward (see Scalars).
    NDArray raw = q.matMul(k.transpose(0, 1, 3, 2));
    NDArray scores = raw.mul(Scalars.like(raw, scale)).add(causalMask);
    NDArray context = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(b, t, c);
    return Linear.linear(context, ps.getValue(proj, x.getDevice(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}

package ai.prism.examples.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-norm residual block: {@code x + attn(norm(x))}, then {@code x + mlp(norm(x))}. Inputs: {@code x}
 * and the causal mask, passed through to the attention.
 */
final class DecoderLayer extends AbstractBlock {
  private final RmsNorm attentionNorm;
  private final CausalSelfAttention attention;
  private final RmsNorm mlpNorm;
  private final SwiGluMlp mlp;

  DecoderLayer(long dim, int heads, long hidden, float eps) {
    attentionNorm = addChildBlock("norm_attn", new RmsNorm(dim, eps));
    attention = addChildBlock("attn", new CausalSelfAttention(dim, heads));
    mlpNorm = addChildBlock("norm_mlp", new RmsNorm(dim, eps));
    mlp = addChildBlock("mlp", new SwiGluMlp(dim, hidden));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray mask = inputs.get(1);
    NDArray normed = attentionNorm.forward(ps, new NDList(x), training).head();
    x = x.add(attention.forward(ps, new NDList(normed, mask), training).head());
    NDArray normedMlp = mlpNorm.forward(ps, new NDList(x), training).head();
    return new NDList(x.add(mlp.forward(ps, new NDList(normedMlp), training).head()));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (var child : getChildren().values()) {
      child.initialize(manager, dataType, inputShapes);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}

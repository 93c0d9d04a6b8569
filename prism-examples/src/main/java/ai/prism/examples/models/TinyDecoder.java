package ai.prism.examples.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A DJL port of the reference's {@code examples/tiny-1m} decoder: token embedding N(0, 0.13), pre-norm
 * residual layers (RMSNorm + causal multi-head self-attention + SwiGLU MLP), a final RMSNorm and an output
 * head tied to the embedding. Maps int64 tokens {@code (B, T)} to logits {@code (B, T, vocab)}.
 */
public final class TinyDecoder extends AbstractBlock {

  /** The architecture's sizes; {@link #reference(int)} gives the reference example's. */
  public record Config(int vocabSize, int dim, int heads, int layers, int mlpRatio, float embeddingStd, float eps) {
    /** Validates the sizes. */
    public Config {
      if (vocabSize < 2 || dim <= 0 || heads <= 0 || layers <= 0 || mlpRatio <= 0) {
        throw new IllegalArgumentException(
            "TinyDecoder sizes must be positive (vocab >= 2): vocab=" + vocabSize + ", dim=" + dim
                + ", heads=" + heads + ", layers=" + layers + ", mlpRatio=" + mlpRatio);
      }
      if (dim % heads != 0) {
        throw new IllegalArgumentException("TinyDecoder dim " + dim + " is not divisible by heads " + heads);
      }
      if (!(embeddingStd > 0) || !(eps > 0)) {
        throw new IllegalArgumentException("TinyDecoder embeddingStd and eps must be > 0");
      }
    }

    /** The reference example: dim 128, 4 heads, 2 layers, MLP ratio 4, embedding std 0.13, eps 1e-6. */
    public static Config reference(int vocabSize) {
      return new Config(vocabSize, 128, 4, 2, 4, 0.13f, 1e-6f);
    }

    /** The exact parameter count of a model with these sizes (the tied head adds nothing). */
    public long parameterCount() {
      long d = dim;
      long perLayer = 2 * d + 3 * d * d + d * d + 3 * d * (mlpRatio * d);
      return (long) vocabSize * d + layers * perLayer + d;
    }
  }

  private final Config config;
  private final Parameter tokenEmbedding;
  private final DecoderLayer[] layers;
  private final RmsNorm finalNorm;

  /** A decoder with the given sizes. */
  public TinyDecoder(Config config) {
    this.config = config;
    tokenEmbedding =
        addParameter(Params.embedding("token_emb", config.vocabSize(), config.dim(), config.embeddingStd()));
    layers = new DecoderLayer[config.layers()];
    long hidden = (long) config.mlpRatio() * config.dim();
    for (int i = 0; i < layers.length; i++) {
      layers[i] =
          addChildBlock("block" + i, new DecoderLayer(config.dim(), config.heads(), hidden, config.eps()));
    }
    finalNorm = addChildBlock("norm_final", new RmsNorm(config.dim(), config.eps()));
  }

  /** The sizes this decoder was built with. */
  public Config config() {
    return config;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray tokens = Params.tokensOf(inputs, "TinyDecoder");
    NDArray embedding = ps.getValue(tokenEmbedding, tokens.getDevice(), training);
    NDArray x = Embedding.embedding(tokens, embedding, SparseFormat.DENSE).head();
    NDArray mask = causalMask(tokens.getManager(), tokens.getShape().get(1));
    for (DecoderLayer layer : layers) {
      x = layer.forward(ps, new NDList(x, mask), training).head();
    }
    x = finalNorm.forward(ps, new NDList(x), training).head();
    return Linear.linear(x, embedding);
  }

  /** Additive mask (T, T): 0 where key <= query, -inf above the diagonal (future positions). */
  static NDArray causalMask(NDManager manager, long t) {
    NDArray positions = manager.arange(t);
    NDArray future = positions.expandDims(0).gt(positions.expandDims(1));
    Shape square = new Shape(t, t);
    return NDArrays.where(future, manager.full(square, Float.NEGATIVE_INFINITY), manager.zeros(square));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape hidden = inputShapes[0].add(config.dim());
    for (var child : getChildren().values()) {
      child.initialize(manager, dataType, hidden);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0].add(config.vocabSize())};
  }
}

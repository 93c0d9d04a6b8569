package ai.prism.examples.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

/**
 * A small LSTM language model: token embedding, one LSTM layer (PyTorch's fused kernel through DJL) and a
 * linear head with bias. Initialised like the PyTorch defaults: embedding N(0, 1), LSTM weights and biases
 * U(-1/sqrt(hidden), 1/sqrt(hidden)), head U(-1/sqrt(hidden), 1/sqrt(hidden)).
 */
public final class LstmLanguageModel extends AbstractBlock {

  /** The model's sizes; {@link #small(int)} gives the CLI's {@code lstm}. */
  public record Config(int vocabSize, int embeddingDim, int hiddenSize) {
    /** Validates the sizes. */
    public Config {
      if (vocabSize < 2 || embeddingDim <= 0 || hiddenSize <= 0) {
        throw new IllegalArgumentException(
            "LSTM sizes must be positive (vocab >= 2): vocab=" + vocabSize + ", embedding=" + embeddingDim
                + ", hidden=" + hiddenSize);
      }
    }

    /** Embedding 128, hidden 256. */
    public static Config small(int vocabSize) {
      return new Config(vocabSize, 128, 256);
    }

    /** The exact parameter count (LSTM with input and hidden biases, head with bias). */
    public long parameterCount() {
      long v = vocabSize;
      long e = embeddingDim;
      long h = hiddenSize;
      return v * e + 4 * h * (e + h) + 2 * 4 * h + h * v + v;
    }
  }

  private final Config config;
  private final Parameter tokenEmbedding;
  private final LSTM lstm;
  private final Parameter headWeight;
  private final Parameter headBias;

  /** An LSTM language model with the given sizes. */
  public LstmLanguageModel(Config config) {
    this.config = config;
    float bound = (float) (1.0 / Math.sqrt(config.hiddenSize()));
    tokenEmbedding = addParameter(Params.embedding("token_emb", config.vocabSize(), config.embeddingDim(), 1f));
    headWeight = addParameter(Params.linearWeight("head_weight", config.vocabSize(), config.hiddenSize()));
    headBias =
        addParameter(
            Parameter.builder()
                .setName("head_bias")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(config.vocabSize()))
                .optInitializer(new UniformInitializer(bound))
                .build());
    lstm =
        addChildBlock(
            "lstm", LSTM.builder().setStateSize(config.hiddenSize()).setNumLayers(1).optBatchFirst(true).build());
    lstm.setInitializer(new UniformInitializer(bound), p -> true);
  }

  /** The sizes this model was built with. */
  public Config config() {
    return config;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray tokens = Params.tokensOf(inputs, "LSTM model");
    NDArray embedding = ps.getValue(tokenEmbedding, tokens.getDevice(), training);
    NDArray x = Embedding.embedding(tokens, embedding, SparseFormat.DENSE).head();
    NDArray hidden = lstm.forward(ps, new NDList(x), training).head();
    return Linear.linear(
        hidden,
        ps.getValue(headWeight, tokens.getDevice(), training),
        ps.getValue(headBias, tokens.getDevice(), training));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    lstm.initialize(manager, dataType, inputShapes[0].add(config.embeddingDim()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0].add(config.vocabSize())};
  }
}

package ai.prism.examples.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * The bigram baseline: a (vocab, vocab) table whose row for the current token is the next-token logits.
 * Initialised to zeros, so it starts at exactly the uniform prediction (loss ln(vocab)).
 */
public final class BigramModel extends AbstractBlock {
  private final int vocabSize;
  private final Parameter table;

  /** A bigram table over {@code vocabSize} tokens. */
  public BigramModel(int vocabSize) {
    if (vocabSize < 2) {
      throw new IllegalArgumentException("bigram vocab must be >= 2, got " + vocabSize);
    }
    this.vocabSize = vocabSize;
    this.table =
        addParameter(
            Parameter.builder()
                .setName("logits")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocabSize, vocabSize))
                .optInitializer(Initializer.ZEROS)
                .build());
  }

  /** The vocabulary size (the table has its square as parameters). */
  public int vocabSize() {
    return vocabSize;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray tokens = Params.tokensOf(inputs, "bigram model");
    return Embedding.embedding(tokens, ps.getValue(table, tokens.getDevice(), training), SparseFormat.DENSE);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0].add(vocabSize)};
  }
}

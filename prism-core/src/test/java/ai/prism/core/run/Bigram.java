package ai.prism.core.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/** Test model: a bigram table, logits[b, t] = weight[tokens[b, t]]; vocab × vocab parameters. */
public class Bigram extends AbstractBlock {
  private final int vocab;
  private final Parameter weight;

  public Bigram(int vocab) {
    super((byte) 1);
    this.vocab = vocab;
    this.weight = addParameter(Parameter.builder()
        .setName("weight")
        .setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(vocab, vocab))
        .optInitializer(new NormalInitializer(0.02f))
        .build());
  }

  Parameter weight() {
    return weight;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray tokens = inputs.head();
    NDArray w = store.getValue(weight, tokens.getDevice(), training);
    return tokens.getNDArrayInternal().embedding(tokens, w, SparseFormat.DENSE);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0].add(vocab)};
  }

  @Override
  public void prepare(Shape[] inputShapes) {
    // The weight's shape is fixed by the vocabulary.
  }

  /** Convenience for tests: an initialised weight copy as floats. */
  static float[] weights(ai.djl.nn.Block block) {
    return block.getParameters().valueAt(0).getArray().toType(DataType.FLOAT32, true).toFloatArray();
  }
}

package ai.prism.core.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.Function;

/** Test models whose output is known: a {@link Bigram} with its logits rigged. */
public final class TestBlocks {
  private TestBlocks() {}

  /** A bigram whose forward returns {@code rig} applied to the bigram's logits. */
  static Bigram rigged(int vocab, Function<NDArray, NDList> rig) {
    return new Bigram(vocab) {
      @Override
      protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return rig.apply(super.forwardInternal(store, inputs, training, params).head());
      }
    };
  }

  /** Logits plus one, multiplied by NaN (or +infinity): every loss is non-finite. */
  public static Bigram nonFinite(int vocab, float factor) {
    return rigged(vocab, logits -> new NDList(logits.add(1f).mul(factor)));
  }

  /** Ignores its weights and predicts one byte with near certainty (smuggled knowledge): logit +5 on it. */
  public static Bigram hardCodedBias(int vocab, int favourite) {
    return rigged(vocab, logits -> new NDList(logits.add(oneHot(logits, favourite, 5f))));
  }

  /** Returns (cols, vocab) logits for a single-row batch: a 2-D result gets a leading batch dim. */
  public static Bigram twoDimensional(int vocab) {
    return rigged(vocab, logits -> new NDList(logits.squeeze(0), logits.getManager().ones(new Shape(1))));
  }

  /** Every logit {@code value}, whatever the input and the weights: 0 is a uniform model, NaN a non-finite one. */
  public static Bigram flat(int vocab, float value) {
    return rigged(vocab, logits -> new NDList(logits.mul(0f).add(value)));
  }

  /** Logits that ignore the input and the weights: 30 on byte 97, 0 elsewhere (plus 0 × the bigram). */
  public static Bigram constant(int vocab) {
    return rigged(vocab, logits -> new NDList(logits.mul(0f).add(oneHot(logits, 97, 30f))));
  }

  /** A vector over the logits' last dimension: {@code value} at {@code index}, 0 elsewhere. */
  private static NDArray oneHot(NDArray logits, int index, float value) {
    Shape shape = logits.getShape();
    NDArray v = logits.getManager().zeros(new Shape(shape.get(shape.dimension() - 1)));
    v.set(new NDIndex(index), value);
    return v;
  }
}

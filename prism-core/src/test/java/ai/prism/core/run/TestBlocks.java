package ai.prism.core.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Adversarial test models built on {@link Bigram}. */
final class TestBlocks {
  private TestBlocks() {}

  /** Logits multiplied by NaN (or +infinity): every loss is non-finite. */
  static final class NonFinite extends Bigram {
    private final float factor;

    NonFinite(int vocab, float factor) {
      super(vocab);
      this.factor = factor;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
      NDArray logits = super.forwardInternal(store, inputs, training, params).head();
      return new NDList(logits.add(1f).mul(factor));
    }
  }

  /** Ignores its weights and predicts one byte with near certainty (smuggled knowledge). */
  static final class HardCodedBias extends Bigram {
    private final int vocab;
    private final int favourite;

    HardCodedBias(int vocab, int favourite) {
      super(vocab);
      this.vocab = vocab;
      this.favourite = favourite;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
      NDArray tokens = inputs.head();
      NDArray learned = super.forwardInternal(store, inputs, training, params).head();
      NDArray bias = tokens.getManager().zeros(new Shape(vocab));
      bias.set(new ai.djl.ndarray.index.NDIndex(favourite), 5f);
      return new NDList(learned.add(bias));
    }
  }

  /** Returns (cols, vocab) logits for a single-row batch: a 2-D result gets a leading batch dim. */
  static final class TwoDimensional extends Bigram {
    TwoDimensional(int vocab) {
      super(vocab);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
      NDArray logits = super.forwardInternal(store, inputs, training, params).head();
      return new NDList(logits.squeeze(0), logits.getManager().ones(new Shape(1)));
    }
  }
}

package ai.prism.core.recipe;

/** Ready-made training recipes (the {@code Training} role) for blocks that map tokens to logits. */
public final class Recipes {
  private Recipes() {}

  /**
   * AdamW with PyTorch's semantics, global-norm clipping at {@code clip} and next-token cross-entropy, on
   * raw UTF-8 bytes in the separate capture mode; refine with {@link AdamWRecipe#toBuilder()}.
   *
   * @param seqLen columns per batch, or {@code null} for the context's sequence length
   */
  public static AdamWRecipe adamW(double lr, double weightDecay, double clip, int batchSize, Integer seqLen) {
    return AdamWRecipe.builder()
        .learningRate(lr)
        .weightDecay(weightDecay)
        .clipNorm(clip)
        .batchSize(batchSize)
        .seqLen(seqLen)
        .build();
  }

  /**
   * The reference {@code examples/tiny-1m} training loop's settings: AdamW lr 0.005 (PyTorch's other
   * defaults: weight decay 0.01, betas 0.9/0.999, eps 1e-8), gradient clip 1.0, batch 4, the context's
   * sequence length. The reference also tokenizes with {@code gpt2} (folded modulo the vocabulary); this
   * recipe starts on raw bytes; add {@code .referenceTokenizer("gpt2")} for that.
   */
  public static AdamWRecipe tinyDecoderReference() {
    return adamW(0.005, 0.01, 1.0, 4, null);
  }
}

package ai.prism.core.capture;

import ai.prism.core.tokenizer.Tokenizer;
import java.util.Objects;

/**
 * Options of {@code ctx.trainBatches(model, options)} (spec §4.5). Values are taken as the
 * reference takes them: a batch size below 1 becomes 1, a sequence length below 2 becomes 2, and a
 * {@code null} sequence length means the context's. Immutable; build with {@link #builder()}.
 */
public final class CaptureOptions {
  /** The reference's default batch size of the iterator. */
  public static final int DEFAULT_BATCH_SIZE = 8;

  private static final CaptureOptions DEFAULTS = builder().build();

  private final int batchSize;
  private final Integer seqLen;
  private final Tokenizer tokenizer;
  private final boolean fused;

  private CaptureOptions(Builder b) {
    this.batchSize = b.batchSize;
    this.seqLen = b.seqLen;
    this.tokenizer = b.tokenizer;
    this.fused = b.fused;
  }

  /** Batch 8, the context's sequence length, raw UTF-8 bytes, separate forward. */
  public static CaptureOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Requested rows per batch, as given (the capture applies {@code max(value, 1)}). */
  public int batchSize() {
    return batchSize;
  }

  /** Requested columns per batch, or {@code null} for the context's sequence length. */
  public Integer seqLen() {
    return seqLen;
  }

  /** The tokenizer, or {@code null} for raw UTF-8 bytes (basis {@code bytes}). */
  public Tokenizer tokenizer() {
    return tokenizer;
  }

  /**
   * Whether the loop supplies its own pre-update training logits through {@link
   * TrainBatch#recordTrainingLogits} instead of the capture running a second forward. Only trusted
   * training code (the library's recipes, code on the application class path) may use it; a
   * training role loaded from a bundle is refused.
   */
  public boolean fused() {
    return fused;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CaptureOptions other
        && batchSize == other.batchSize
        && Objects.equals(seqLen, other.seqLen)
        && tokenizer == other.tokenizer
        && fused == other.fused;
  }

  @Override
  public int hashCode() {
    return Objects.hash(batchSize, seqLen, System.identityHashCode(tokenizer), fused);
  }

  @Override
  public String toString() {
    return "CaptureOptions[batchSize=" + batchSize + ", seqLen=" + seqLen + ", tokenizer="
        + (tokenizer == null ? "bytes" : tokenizer.name()) + ", fused=" + fused + "]";
  }

  /** Builder of {@link CaptureOptions}. */
  public static final class Builder {
    private int batchSize = DEFAULT_BATCH_SIZE;
    private Integer seqLen;
    private Tokenizer tokenizer;
    private boolean fused;

    private Builder() {}

    /** Rows per batch (values below 1 count as 1). */
    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    /** Columns per batch, or {@code null} for the context's (values below 2 count as 2). */
    public Builder seqLen(Integer value) {
      seqLen = value;
      return this;
    }

    /** Tokenizer, or {@code null} for raw bytes. */
    public Builder tokenizer(Tokenizer value) {
      tokenizer = value;
      return this;
    }

    /** Fused capture mode (see {@link CaptureOptions#fused()}). */
    public Builder fused(boolean value) {
      fused = value;
      return this;
    }

    /** The options. */
    public CaptureOptions build() {
      return new CaptureOptions(this);
    }
  }
}

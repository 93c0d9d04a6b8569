package ai.prism.core.data;

import ai.prism.core.json.FloatSummation;
import ai.prism.core.tokenizer.Tokenizer;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Options of a scored pass. Values are normalized exactly as the reference's capture does:
 * vocabulary {@code max(v, 2)}, sequence length {@code max(s, 2)}, batch size {@code max(b, 1)}.
 * A null tokenizer means raw UTF-8 bytes (basis {@code bytes}).
 */
public final class BatcherOptions {

  /** Default model vocabulary: the host's {@code vocab_size} (spec §3.9). */
  public static final int DEFAULT_VOCAB_SIZE = 4096;
  /** Default rows per batch: the reference iterator's {@code batch_size=8}. */
  public static final int DEFAULT_BATCH_SIZE = 8;
  /** Default row length: the runner context's {@code sequence_length} fallback (1024). */
  public static final int DEFAULT_SEQ_LEN = 1024;
  /** Default bound on one shard line in bytes (32 MiB); longer lines are a typed error. */
  public static final int DEFAULT_MAX_LINE_BYTES = 32 << 20;

  private final Tokenizer tokenizer;
  private final int vocabSize;
  private final int batchSize;
  private final int seqLen;
  private final Budgets budgets;
  private final LongSupplier nanoClock;
  private final FloatSummation summation;
  private final int maxLineBytes;

  private BatcherOptions(Builder b) {
    this.tokenizer = b.tokenizer;
    this.vocabSize = Math.max(b.vocabSize, 2);
    this.batchSize = Math.max(b.batchSize, 1);
    this.seqLen = Math.max(b.seqLen, 2);
    this.budgets = b.budgets;
    this.nanoClock = b.nanoClock;
    this.summation = b.summation;
    this.maxLineBytes = b.maxLineBytes;
    if ((long) batchSize * seqLen > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("batch_size * seq_len too large: " + batchSize + " * " + seqLen);
    }
  }

  /** A builder with the reference defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The tokenizer, or null for raw bytes. */
  public Tokenizer tokenizer() {
    return tokenizer;
  }

  /** Model vocabulary (ids are reduced modulo it), at least 2. */
  public int vocabSize() {
    return vocabSize;
  }

  /** Rows per full batch, at least 1. */
  public int batchSize() {
    return batchSize;
  }

  /** Tokens per row, at least 2. */
  public int seqLen() {
    return seqLen;
  }

  /** The budgets of the pass. */
  public Budgets budgets() {
    return budgets;
  }

  /** The monotonic clock in nanoseconds (System::nanoTime unless injected). */
  public LongSupplier nanoClock() {
    return nanoClock;
  }

  /** How batch byte weights are summed. */
  public FloatSummation summation() {
    return summation;
  }

  /** The longest shard line accepted, in bytes. */
  public int maxLineBytes() {
    return maxLineBytes;
  }

  /**
   * {@code maxLineBytes} when it is at least 1 (the check of the batcher's and the strict loader's
   * line bound).
   *
   * @throws IllegalArgumentException otherwise
   */
  static int checkedMaxLineBytes(int maxLineBytes) {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be >= 1: " + maxLineBytes);
    }
    return maxLineBytes;
  }

  /** Builder of {@link BatcherOptions}. */
  public static final class Builder {
    private Tokenizer tokenizer;
    private int vocabSize = DEFAULT_VOCAB_SIZE;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int seqLen = DEFAULT_SEQ_LEN;
    private Budgets budgets = Budgets.none();
    private LongSupplier nanoClock = System::nanoTime;
    private FloatSummation summation = FloatSummation.SEQUENTIAL;
    private int maxLineBytes = DEFAULT_MAX_LINE_BYTES;

    private Builder() {}

    /** The tokenizer; null (the default) means raw UTF-8 bytes. */
    public Builder tokenizer(Tokenizer tokenizer) {
      this.tokenizer = tokenizer;
      return this;
    }

    /** Model vocabulary; values below 2 become 2. */
    public Builder vocabSize(int vocabSize) {
      this.vocabSize = vocabSize;
      return this;
    }

    /** Rows per batch; values below 1 become 1. */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Tokens per row; values below 2 (including 0) become 2. */
    public Builder seqLen(int seqLen) {
      this.seqLen = seqLen;
      return this;
    }

    /** Budgets; null means none. */
    public Builder budgets(Budgets budgets) {
      this.budgets = budgets == null ? Budgets.none() : budgets;
      return this;
    }

    /** The monotonic clock in nanoseconds used for the wall-clock budget (inject for tests). */
    public Builder nanoClock(LongSupplier nanoClock) {
      this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
      return this;
    }

    /** How batch byte weights are summed (default: CPython 3.11 left-to-right, see {@link FloatSummation}). */
    public Builder summation(FloatSummation summation) {
      this.summation = Objects.requireNonNull(summation, "summation");
      return this;
    }

    /** The longest shard line accepted, in bytes (at least 1). */
    public Builder maxLineBytes(int maxLineBytes) {
      this.maxLineBytes = checkedMaxLineBytes(maxLineBytes);
      return this;
    }

    /** The options. */
    public BatcherOptions build() {
      return new BatcherOptions(this);
    }
  }
}

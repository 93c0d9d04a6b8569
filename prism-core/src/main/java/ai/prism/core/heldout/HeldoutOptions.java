package ai.prism.core.heldout;

import ai.prism.core.PrismException;
import ai.prism.core.data.LockedCorpus;
import ai.prism.core.run.RunOptions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of held-out evaluation (spec §7); build with {@link #builder()} or {@link
 * #forCorpus(Path)}. Defaults are the reference deployment's: a 65,536-byte prefix, batch 8, a
 * 600-second bound, byte-level measurement; a bundle's child JVM gets 4g and no network where
 * {@code unshare} works.
 *
 * @param valDataDir where the secret val split is: a directory holding {@code val-*.jsonl} or a
 *     {@code val/} sub-directory holding them (typically the corpus root); {@code null} skips
 *     held-out
 * @param trainDataDir where the train split is for the converged train bpb ({@code train/} under it,
 *     or {@code train-*.jsonl} in it); {@code null} falls back to the prequential gap
 * @param byteBudget UTF-8 bytes of each split's prefix (the boundary-crossing document included);
 *     {@code <= 0} measures the whole split
 * @param timeoutSeconds bound on the whole evaluation; over it, the evaluation is abandoned and
 *     held-out is skipped
 * @param batchSize rows of each measured chunk (the reference's 8)
 * @param tokenizerAware measure with the run's own tokenizer and byte weights instead of raw bytes
 *     (off: reference-compatible); see the module README, "Held-out evaluation"
 * @param rescorer re-scores the amended manifest; {@code null} uses the {@link Rescorer} service on
 *     the class path (prism-scoring provides one), and without one the score block is left alone
 * @param childMaxHeap {@code -Xmx} of the child JVM that evaluates a bundle's architecture
 * @param childNetwork whether that child JVM is cut off the network, as the isolated run's child
 *     ({@code unshare -n} where it works; {@link RunOptions.NetworkPolicy})
 * @param maxLineBytes the longest shard line the strict loader accepts (default 32 MiB); a split with a
 *     longer line is refused, i.e. treated as empty
 */
public record HeldoutOptions(
    Path valDataDir,
    Path trainDataDir,
    long byteBudget,
    double timeoutSeconds,
    int batchSize,
    boolean tokenizerAware,
    Rescorer rescorer,
    String childMaxHeap,
    RunOptions.NetworkPolicy childNetwork,
    int maxLineBytes) {

  /** The reference's val byte budget. */
  public static final long DEFAULT_BYTE_BUDGET = 65_536L;
  /** The reference's bound on the held-out computation, seconds. */
  public static final double DEFAULT_TIMEOUT_SECONDS = 600.0;
  /** The reference's held-out batch size. */
  public static final int DEFAULT_BATCH_SIZE = 8;
  /** Default heap of the held-out child JVM. */
  public static final String DEFAULT_CHILD_MAX_HEAP = "4g";

  /** Validates the settings. */
  public HeldoutOptions {
    if (!Double.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
      throw new PrismException("HeldoutOptions.timeoutSeconds must be a positive number, got " + timeoutSeconds);
    }
    if (batchSize < 1) {
      throw new PrismException("HeldoutOptions.batchSize must be at least 1, got " + batchSize);
    }
    if (childMaxHeap == null || !childMaxHeap.matches("[0-9]+[kKmMgG]?")) {
      throw new PrismException("HeldoutOptions.childMaxHeap must look like 512m or 4g, got " + childMaxHeap);
    }
    Objects.requireNonNull(childNetwork, "childNetwork");
    if (maxLineBytes < 1) {
      throw new PrismException("HeldoutOptions.maxLineBytes must be at least 1, got " + maxLineBytes);
    }
  }

  /**
   * Options for a locked corpus root holding {@code train/} and {@code val/} (or their shards):
   * val and converged-train prefixes are both read from it.
   */
  public static HeldoutOptions forCorpus(Path corpusRoot) {
    return builder().valDataDir(corpusRoot).trainDataDir(corpusRoot).build();
  }

  /** A builder with the reference's defaults and no split directories. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder pre-filled with these options. */
  public Builder toBuilder() {
    return new Builder()
        .valDataDir(valDataDir)
        .trainDataDir(trainDataDir)
        .byteBudget(byteBudget)
        .timeoutSeconds(timeoutSeconds)
        .batchSize(batchSize)
        .tokenizerAware(tokenizerAware)
        .rescorer(rescorer)
        .childMaxHeap(childMaxHeap)
        .childNetwork(childNetwork)
        .maxLineBytes(maxLineBytes);
  }

  /** Mutable builder of {@link HeldoutOptions}. */
  public static final class Builder {
    private Path valDataDir;
    private Path trainDataDir;
    private long byteBudget = DEFAULT_BYTE_BUDGET;
    private double timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private boolean tokenizerAware;
    private Rescorer rescorer;
    private String childMaxHeap = DEFAULT_CHILD_MAX_HEAP;
    private RunOptions.NetworkPolicy childNetwork = RunOptions.NetworkPolicy.BEST_EFFORT;
    private int maxLineBytes = LockedCorpus.DEFAULT_MAX_LINE_BYTES;

    private Builder() {}

    /** Directory of the val split (or the corpus root). */
    public Builder valDataDir(Path value) {
      valDataDir = value;
      return this;
    }

    /** Directory of the train split (or the corpus root), or {@code null}. */
    public Builder trainDataDir(Path value) {
      trainDataDir = value;
      return this;
    }

    /** Prefix size in UTF-8 bytes; {@code <= 0} for the whole split. */
    public Builder byteBudget(long value) {
      byteBudget = value;
      return this;
    }

    /** Bound on the evaluation, seconds. */
    public Builder timeoutSeconds(double value) {
      timeoutSeconds = value;
      return this;
    }

    /** Rows per measured chunk. */
    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    /** Measure with the run's tokenizer instead of raw bytes. */
    public Builder tokenizerAware(boolean value) {
      tokenizerAware = value;
      return this;
    }

    /** Re-scorer of the amended manifest, or {@code null} for the class path's service. */
    public Builder rescorer(Rescorer value) {
      rescorer = value;
      return this;
    }

    /** Heap of the child JVM that evaluates a bundle, e.g. {@code 4g}. */
    public Builder childMaxHeap(String value) {
      childMaxHeap = value;
      return this;
    }

    /** Network policy of the child JVM that evaluates a bundle (default: cut off where {@code unshare} works). */
    public Builder childNetwork(RunOptions.NetworkPolicy value) {
      childNetwork = value;
      return this;
    }

    /** The longest shard line the strict loader accepts, in bytes (at least 1). */
    public Builder maxLineBytes(int value) {
      maxLineBytes = value;
      return this;
    }

    /** The validated options. */
    public HeldoutOptions build() {
      return new HeldoutOptions(valDataDir, trainDataDir, byteBudget, timeoutSeconds, batchSize, tokenizerAware,
          rescorer, childMaxHeap, childNetwork, maxLineBytes);
    }
  }
}

package ai.prism.core.run;

import ai.prism.core.PrismException;
import java.nio.file.Path;

/**
 * The values a run hands to both roles (spec §4.4) under Java names. Only the train split is
 * reachable from it ({@link #dataDir()}); validation and test paths never are.
 *
 * <p>{@code null} means "not set" for every boxed or reference component: no budget, no artifacts
 * dir, no distributed backend. {@link #builder()} starts from the host defaults of the reference
 * (vocab 4096, sequence length 128, 96 layers, 150 000 000 parameters, seed 1337, device {@code cpu}).
 *
 * @param vocabSize model vocabulary; token ids are reduced modulo this before they reach the model
 * @param sequenceLength default columns of a batch (a loop may ask for another)
 * @param maxLayers carried for the miner's information; never enforced (as in the reference)
 * @param maxParameters parameter cap of the scored model; {@code 0} disables the cap
 * @param seed the forced seed (must fit in an {@code int}: DJL seeds engines with an {@code int})
 * @param dataDir the locked train split directory
 * @param artifactsDir the only directory the training loop may write to
 * @param referenceTokenizerDir root of the staged reference tokenizers
 * @param tokenBudget stop after this many tokens were streamed
 * @param stepBudget stop after this many batches were handed out
 * @param budgetSeconds graceful wall-clock budget of the iterator, seconds
 * @param watchdogGraceSeconds extra seconds the hard watchdog grants beyond {@code budgetSeconds}
 * @param artifactsQuotaBytes cap on the bytes of regular files under {@code artifactsDir}
 * @param rank global rank of this process
 * @param localRank rank on this node
 * @param worldSize number of processes
 * @param distributedBackend backend name when {@code worldSize > 1}, else usually {@code null}
 * @param device the device the run uses, in the reference's notation: {@code cpu} or {@code cuda:<i>}
 */
public record PrismContext(
    int vocabSize,
    int sequenceLength,
    int maxLayers,
    long maxParameters,
    long seed,
    Path dataDir,
    Path artifactsDir,
    Path referenceTokenizerDir,
    Long tokenBudget,
    Long stepBudget,
    Double budgetSeconds,
    Double watchdogGraceSeconds,
    Long artifactsQuotaBytes,
    int rank,
    int localRank,
    int worldSize,
    String distributedBackend,
    String device) {

  /** Host default vocabulary (spec §4.4). */
  public static final int DEFAULT_VOCAB_SIZE = 4096;
  /** Host default sequence length. */
  public static final int DEFAULT_SEQUENCE_LENGTH = 128;
  /** Default (never enforced) layer limit. */
  public static final int DEFAULT_MAX_LAYERS = 96;
  /** Default parameter cap. */
  public static final long DEFAULT_MAX_PARAMETERS = 150_000_000L;
  /** Default forced seed. */
  public static final long DEFAULT_SEED = 1337L;

  /** Validates every component; errors name the component and the bad value. */
  public PrismContext {
    positive("vocabSize", vocabSize);
    positive("sequenceLength", sequenceLength);
    nonNegative("maxLayers", maxLayers);
    nonNegative("maxParameters", maxParameters);
    if (seed < Integer.MIN_VALUE || seed > Integer.MAX_VALUE) {
      throw new PrismException("PrismContext.seed must fit in a 32-bit int (DJL seeds engines with an int), got " + seed);
    }
    if (tokenBudget != null) {
      nonNegative("tokenBudget", tokenBudget);
    }
    if (stepBudget != null) {
      nonNegative("stepBudget", stepBudget);
    }
    finiteNonNegative("budgetSeconds", budgetSeconds);
    finiteNonNegative("watchdogGraceSeconds", watchdogGraceSeconds);
    if (artifactsQuotaBytes != null) {
      nonNegative("artifactsQuotaBytes", artifactsQuotaBytes);
    }
    nonNegative("rank", rank);
    nonNegative("localRank", localRank);
    positive("worldSize", worldSize);
    if (device == null || device.isBlank()) {
      throw new PrismException("PrismContext.device must be a non-empty device name such as cpu or cuda:0");
    }
  }

  /** Alias of {@link #sequenceLength()} (the reference's {@code max_seq_len}). */
  public int maxSeqLen() {
    return sequenceLength;
  }

  /** Alias of {@link #maxParameters()} (the reference's {@code max_params}). */
  public long maxParams() {
    return maxParameters;
  }

  /** A builder holding the reference's host defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder pre-filled with this context's values. */
  public Builder toBuilder() {
    return new Builder()
        .vocabSize(vocabSize)
        .sequenceLength(sequenceLength)
        .maxLayers(maxLayers)
        .maxParameters(maxParameters)
        .seed(seed)
        .dataDir(dataDir)
        .artifactsDir(artifactsDir)
        .referenceTokenizerDir(referenceTokenizerDir)
        .tokenBudget(tokenBudget)
        .stepBudget(stepBudget)
        .budgetSeconds(budgetSeconds)
        .watchdogGraceSeconds(watchdogGraceSeconds)
        .artifactsQuotaBytes(artifactsQuotaBytes)
        .rank(rank)
        .localRank(localRank)
        .worldSize(worldSize)
        .distributedBackend(distributedBackend)
        .device(device);
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new PrismException("PrismContext." + name + " must be positive, got " + value);
    }
  }

  private static void nonNegative(String name, long value) {
    if (value < 0) {
      throw new PrismException("PrismContext." + name + " must not be negative, got " + value);
    }
  }

  private static void finiteNonNegative(String name, Double value) {
    if (value != null && (!Double.isFinite(value) || value < 0)) {
      throw new PrismException("PrismContext." + name + " must be a finite number >= 0, got " + value);
    }
  }

  /** Mutable builder of {@link PrismContext}; starts from the host defaults. */
  public static final class Builder {
    private int vocabSize = DEFAULT_VOCAB_SIZE;
    private int sequenceLength = DEFAULT_SEQUENCE_LENGTH;
    private int maxLayers = DEFAULT_MAX_LAYERS;
    private long maxParameters = DEFAULT_MAX_PARAMETERS;
    private long seed = DEFAULT_SEED;
    private Path dataDir;
    private Path artifactsDir;
    private Path referenceTokenizerDir;
    private Long tokenBudget;
    private Long stepBudget;
    private Double budgetSeconds;
    private Double watchdogGraceSeconds;
    private Long artifactsQuotaBytes;
    private int rank;
    private int localRank;
    private int worldSize = 1;
    private String distributedBackend;
    private String device = "cpu";

    private Builder() {}

    /** Model vocabulary. */
    public Builder vocabSize(int value) {
      vocabSize = value;
      return this;
    }

    /** Default batch columns. */
    public Builder sequenceLength(int value) {
      sequenceLength = value;
      return this;
    }

    /** Layer limit (informational). */
    public Builder maxLayers(int value) {
      maxLayers = value;
      return this;
    }

    /** Parameter cap; 0 disables it. */
    public Builder maxParameters(long value) {
      maxParameters = value;
      return this;
    }

    /** Forced seed. */
    public Builder seed(long value) {
      seed = value;
      return this;
    }

    /** Locked train split directory. */
    public Builder dataDir(Path value) {
      dataDir = value;
      return this;
    }

    /** The only writable directory of the training loop. */
    public Builder artifactsDir(Path value) {
      artifactsDir = value;
      return this;
    }

    /** Root of the staged reference tokenizers. */
    public Builder referenceTokenizerDir(Path value) {
      referenceTokenizerDir = value;
      return this;
    }

    /** Token budget, or {@code null} for none. */
    public Builder tokenBudget(Long value) {
      tokenBudget = value;
      return this;
    }

    /** Step (batch) budget, or {@code null} for none. */
    public Builder stepBudget(Long value) {
      stepBudget = value;
      return this;
    }

    /** Graceful wall-clock budget in seconds, or {@code null} for none. */
    public Builder budgetSeconds(Double value) {
      budgetSeconds = value;
      return this;
    }

    /** Hard-watchdog grace in seconds, or {@code null}. */
    public Builder watchdogGraceSeconds(Double value) {
      watchdogGraceSeconds = value;
      return this;
    }

    /** Artifacts quota in bytes, or {@code null} for none. */
    public Builder artifactsQuotaBytes(Long value) {
      artifactsQuotaBytes = value;
      return this;
    }

    /** Global rank. */
    public Builder rank(int value) {
      rank = value;
      return this;
    }

    /** Local rank. */
    public Builder localRank(int value) {
      localRank = value;
      return this;
    }

    /** Number of processes. */
    public Builder worldSize(int value) {
      worldSize = value;
      return this;
    }

    /** Distributed backend name, or {@code null}. */
    public Builder distributedBackend(String value) {
      distributedBackend = value;
      return this;
    }

    /** Device name, {@code cpu} or {@code cuda:<i>}. */
    public Builder device(String value) {
      device = value;
      return this;
    }

    /** The validated context. */
    public PrismContext build() {
      return new PrismContext(
          vocabSize,
          sequenceLength,
          maxLayers,
          maxParameters,
          seed,
          dataDir,
          artifactsDir,
          referenceTokenizerDir,
          tokenBudget,
          stepBudget,
          budgetSeconds,
          watchdogGraceSeconds,
          artifactsQuotaBytes,
          rank,
          localRank,
          worldSize,
          distributedBackend,
          device);
    }
  }
}

package ai.prism.core.run;

import ai.prism.core.PrismException;
import ai.prism.core.capture.CaptureListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Options of one scored run; build with {@link Runner#builder()}. Defaults are the reference
 * deployment's: vocab 4096, sequence length 128, seed 1337, cap 150 000 000 parameters, graceful
 * budget 1200 s, watchdog grace 120 s, artifacts quota 2 GiB, no token or step budget, device chosen
 * automatically, submission id {@code container}, mode {@code gpu_proxy_eval}.
 *
 * @param dataDir locked train split directory (required)
 * @param artifactsDir where the manifest and trained state go (default {@code prism-out})
 * @param seed forced seed
 * @param vocabSize model vocabulary
 * @param sequenceLength context sequence length
 * @param maxLayers informational layer limit
 * @param maxParameters parameter cap (0 disables)
 * @param tokenBudget token budget or {@code null}
 * @param stepBudget step budget or {@code null}
 * @param budgetSeconds graceful wall-clock budget or {@code null}
 * @param watchdogGraceSeconds hard-watchdog grace or {@code null}
 * @param artifactsQuotaBytes artifacts quota or {@code null}
 * @param device device choice
 * @param submissionId submission id written to the manifest
 * @param executionMode execution mode written to the manifest
 * @param referenceTokenizerDir staged reference tokenizers, or {@code null} for the environment's
 * @param referenceTokenizers loader of reference tokenizers, or {@code null} to discover one
 * @param listener capture observer or {@code null}
 * @param diagnostics where {@code PRISM_RUNNER} lines go (never stdout by default: {@code System.err})
 * @param isolation settings of the isolated (child JVM) mode
 */
public record RunOptions(
    Path dataDir,
    Path artifactsDir,
    long seed,
    int vocabSize,
    int sequenceLength,
    int maxLayers,
    long maxParameters,
    Long tokenBudget,
    Long stepBudget,
    Double budgetSeconds,
    Double watchdogGraceSeconds,
    Long artifactsQuotaBytes,
    DeviceChoice device,
    String submissionId,
    String executionMode,
    Path referenceTokenizerDir,
    ReferenceTokenizerLoader referenceTokenizers,
    CaptureListener listener,
    PrintStream diagnostics,
    Isolation isolation) {

  /** The reference deployment's graceful wall-clock budget, seconds. */
  public static final double DEFAULT_BUDGET_SECONDS = 1200.0;
  /** The reference deployment's watchdog grace, seconds. */
  public static final double DEFAULT_WATCHDOG_GRACE_SECONDS = 120.0;
  /** The reference deployment's artifacts quota, bytes. */
  public static final long DEFAULT_ARTIFACTS_QUOTA_BYTES = 2_147_483_648L;

  /** Validates the options; the context-level checks run again in {@link PrismContext}. */
  public RunOptions {
    if (dataDir == null) {
      throw new PrismException("locked train data path is not configured (no random-token fallback)");
    }
    Objects.requireNonNull(artifactsDir, "artifactsDir");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(diagnostics, "diagnostics");
    Objects.requireNonNull(isolation, "isolation");
    if (submissionId == null || submissionId.isEmpty()) {
      throw new PrismException("RunOptions.submissionId must be a non-empty string");
    }
    if (executionMode == null || executionMode.isEmpty()) {
      throw new PrismException("RunOptions.executionMode must be a non-empty string");
    }
  }

  /**
   * Settings of {@code prism run --isolated}: the child JVM's heap, extra JVM options, the outer
   * timeout of the host and the network policy.
   *
   * @param maxHeap value of the child's {@code -Xmx}, e.g. {@code 4g}
   * @param jvmOptions extra options for the child JVM
   * @param outerTimeoutSeconds the host's timeout; the child is killed after {@code max(timeout, budget +
   *     grace + 60)} seconds ({@code null}: 1800, the reference's default)
   * @param network whether to cut the child off the network
   */
  public record Isolation(String maxHeap, List<String> jvmOptions, Double outerTimeoutSeconds, NetworkPolicy network) {
    /** 4 GiB heap, no extra options, the reference's outer timeout, network cut when possible. */
    public static final Isolation DEFAULTS = new Isolation("4g", List.of(), null, NetworkPolicy.BEST_EFFORT);

    /** Validates the settings. */
    public Isolation {
      if (maxHeap == null || !maxHeap.matches("[0-9]+[kKmMgG]?")) {
        throw new PrismException("isolation maxHeap must look like 512m or 4g, got " + maxHeap);
      }
      jvmOptions = List.copyOf(jvmOptions);
      if (outerTimeoutSeconds != null && (!Double.isFinite(outerTimeoutSeconds) || outerTimeoutSeconds <= 0)) {
        throw new PrismException("isolation outerTimeoutSeconds must be a positive number, got " + outerTimeoutSeconds);
      }
      Objects.requireNonNull(network, "network");
    }
  }

  /** Whether the isolated child runs without network access. */
  public enum NetworkPolicy {
    /** Use {@code unshare -n} when the OS allows it; otherwise run with the host's network and say so. */
    BEST_EFFORT,
    /** Fail the run when the child cannot be cut off the network. */
    REQUIRED,
    /** Do not try. */
    OFF
  }

  /** The context the roles see for this run on {@code device} (reference notation). */
  PrismContext context(Path resolvedDataDir, String deviceName) {
    return PrismContext.builder()
        .vocabSize(vocabSize)
        .sequenceLength(sequenceLength)
        .maxLayers(maxLayers)
        .maxParameters(maxParameters)
        .seed(seed)
        .dataDir(resolvedDataDir)
        .artifactsDir(artifactsDir)
        .referenceTokenizerDir(referenceTokenizerDir)
        .tokenBudget(tokenBudget)
        .stepBudget(stepBudget)
        .budgetSeconds(budgetSeconds)
        .watchdogGraceSeconds(watchdogGraceSeconds)
        .artifactsQuotaBytes(artifactsQuotaBytes)
        .device(deviceName)
        .build();
  }

  /** Mutable builder of {@link RunOptions}. */
  public static final class Builder {
    private Path dataDir;
    private Path artifactsDir = Path.of("prism-out");
    private long seed = PrismContext.DEFAULT_SEED;
    private int vocabSize = PrismContext.DEFAULT_VOCAB_SIZE;
    private int sequenceLength = PrismContext.DEFAULT_SEQUENCE_LENGTH;
    private int maxLayers = PrismContext.DEFAULT_MAX_LAYERS;
    private long maxParameters = PrismContext.DEFAULT_MAX_PARAMETERS;
    private Long tokenBudget;
    private Long stepBudget;
    private Double budgetSeconds = DEFAULT_BUDGET_SECONDS;
    private Double watchdogGraceSeconds = DEFAULT_WATCHDOG_GRACE_SECONDS;
    private Long artifactsQuotaBytes = DEFAULT_ARTIFACTS_QUOTA_BYTES;
    private DeviceChoice device = DeviceChoice.AUTO;
    private String submissionId = "container";
    private String executionMode = "gpu_proxy_eval";
    private Path referenceTokenizerDir;
    private ReferenceTokenizerLoader referenceTokenizers;
    private CaptureListener listener;
    private PrintStream diagnostics = System.err;
    private Isolation isolation = Isolation.DEFAULTS;

    Builder() {}

    /** Locked train split directory (required). */
    public Builder dataDir(Path value) {
      dataDir = value;
      return this;
    }

    /** Artifacts directory (created when missing). */
    public Builder artifactsDir(Path value) {
      artifactsDir = value;
      return this;
    }

    /** Forced seed. */
    public Builder seed(long value) {
      seed = value;
      return this;
    }

    /** Model vocabulary. */
    public Builder vocabSize(int value) {
      vocabSize = value;
      return this;
    }

    /** Context sequence length. */
    public Builder sequenceLength(int value) {
      sequenceLength = value;
      return this;
    }

    /** Informational layer limit. */
    public Builder maxLayers(int value) {
      maxLayers = value;
      return this;
    }

    /** Parameter cap (0 disables). */
    public Builder maxParameters(long value) {
      maxParameters = value;
      return this;
    }

    /** Token budget or {@code null}. */
    public Builder tokenBudget(Long value) {
      tokenBudget = value;
      return this;
    }

    /** Step budget or {@code null}. */
    public Builder stepBudget(Long value) {
      stepBudget = value;
      return this;
    }

    /** Graceful wall-clock budget in seconds, or {@code null} for none. */
    public Builder budgetSeconds(Double value) {
      budgetSeconds = value;
      return this;
    }

    /** Watchdog grace in seconds, or {@code null}. */
    public Builder watchdogGraceSeconds(Double value) {
      watchdogGraceSeconds = value;
      return this;
    }

    /** Artifacts quota in bytes, or {@code null} for none. */
    public Builder artifactsQuotaBytes(Long value) {
      artifactsQuotaBytes = value;
      return this;
    }

    /** Device choice. */
    public Builder device(DeviceChoice value) {
      device = value;
      return this;
    }

    /** Submission id written to the manifest. */
    public Builder submissionId(String value) {
      submissionId = value;
      return this;
    }

    /** Execution mode written to the manifest. */
    public Builder executionMode(String value) {
      executionMode = value;
      return this;
    }

    /** Root of the staged reference tokenizers. */
    public Builder referenceTokenizerDir(Path value) {
      referenceTokenizerDir = value;
      return this;
    }

    /** Loader of reference tokenizers. */
    public Builder referenceTokenizers(ReferenceTokenizerLoader value) {
      referenceTokenizers = value;
      return this;
    }

    /** Capture observer (progress lines). */
    public Builder listener(CaptureListener value) {
      listener = value;
      return this;
    }

    /** Sink of the runner's diagnostic lines. */
    public Builder diagnostics(PrintStream value) {
      diagnostics = value;
      return this;
    }

    /** Isolated-mode settings. */
    public Builder isolation(Isolation value) {
      isolation = value;
      return this;
    }

    /** The validated options. */
    public RunOptions buildOptions() {
      return new RunOptions(
          dataDir,
          artifactsDir,
          seed,
          vocabSize,
          sequenceLength,
          maxLayers,
          maxParameters,
          tokenBudget,
          stepBudget,
          budgetSeconds,
          watchdogGraceSeconds,
          artifactsQuotaBytes,
          device,
          submissionId,
          executionMode,
          referenceTokenizerDir,
          referenceTokenizers,
          listener,
          diagnostics,
          isolation);
    }

    /** A runner with these options. */
    public Runner build() {
      return new Runner(buildOptions());
    }
  }
}

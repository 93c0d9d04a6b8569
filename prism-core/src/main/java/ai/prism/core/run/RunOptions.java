package ai.prism.core.run;

import ai.prism.core.PrismException;
import ai.prism.core.capture.CaptureListener;
import ai.prism.core.data.BatcherOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Options of one scored run; build with {@link Runner#builder()}. Defaults are the reference
 * deployment's: vocab 4096, sequence length 128, seed 1337, cap 150 000 000 parameters, graceful
 * budget 1200 s, watchdog grace 120 s, artifacts quota 2 GiB, no token or step budget, device chosen
 * automatically, submission id {@code container}, mode {@code gpu_proxy_eval}.
 *
 * @param context the context values the roles will see (data dir, artifacts dir, seed, budgets,
 *     ...); its {@code device} is replaced by the device the run resolves
 * @param device device choice
 * @param submissionId submission id written to the manifest
 * @param executionMode execution mode written to the manifest
 * @param referenceTokenizers loader of reference tokenizers, or {@code null} to discover one
 * @param listener capture observer or {@code null}
 * @param diagnostics where {@code PRISM_RUNNER} lines go (never stdout by default: {@code System.err})
 * @param isolation settings of the isolated (child JVM) mode
 * @param maxLineBytes the longest shard line the scored stream accepts (default 32 MiB, as the batcher's);
 *     a longer line fails the run with a typed error naming shard and line. It bounds the validator's
 *     memory, so it is a run option, not a {@code CaptureOptions} knob the training code could raise
 */
public record RunOptions(
    PrismContext context,
    DeviceChoice device,
    String submissionId,
    String executionMode,
    ReferenceTokenizerLoader referenceTokenizers,
    CaptureListener listener,
    PrintStream diagnostics,
    Isolation isolation,
    int maxLineBytes) {

  /** The reference deployment's graceful wall-clock budget, seconds. */
  public static final double DEFAULT_BUDGET_SECONDS = 1200.0;
  /** The reference deployment's watchdog grace, seconds. */
  public static final double DEFAULT_WATCHDOG_GRACE_SECONDS = 120.0;
  /** The reference deployment's artifacts quota, bytes. */
  public static final long DEFAULT_ARTIFACTS_QUOTA_BYTES = 2_147_483_648L;

  /** Validates the options; the context-level checks run again in {@link PrismContext}. */
  public RunOptions {
    Objects.requireNonNull(context, "context");
    if (context.dataDir() == null) {
      throw new PrismException("locked train data path is not configured (no random-token fallback)");
    }
    if (context.artifactsDir() == null) {
      throw new PrismException("RunOptions: the artifacts directory is not configured");
    }
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(diagnostics, "diagnostics");
    Objects.requireNonNull(isolation, "isolation");
    if (submissionId == null || submissionId.isEmpty()) {
      throw new PrismException("RunOptions.submissionId must be a non-empty string");
    }
    if (executionMode == null || executionMode.isEmpty()) {
      throw new PrismException("RunOptions.executionMode must be a non-empty string");
    }
    if (maxLineBytes < 1) {
      throw new PrismException("RunOptions.maxLineBytes must be at least 1, got " + maxLineBytes);
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
    OFF;

    /**
     * The command prefix that starts a child process under this policy ({@code unshare -n --} or
     * {@code unshare -rn --}, or none); {@code notes} gets one line saying what {@code child} (a
     * name for that line) gets.
     *
     * @throws PrismException under {@link #REQUIRED} when neither works here
     */
    public List<String> commandPrefix(String child, Consumer<String> notes) {
      return NetworkIsolation.prefix(this, child, notes);
    }
  }

  /** Shorthand for {@code context().dataDir()}. */
  public Path dataDir() {
    return context.dataDir();
  }

  /** Shorthand for {@code context().artifactsDir()}. */
  public Path artifactsDir() {
    return context.artifactsDir();
  }

  /** The context the roles see for this run: the train shards' directory and the resolved device. */
  PrismContext context(Path resolvedDataDir, String deviceName) {
    return context.toBuilder().dataDir(resolvedDataDir).device(deviceName).build();
  }

  /** Mutable builder of {@link RunOptions}. */
  public static final class Builder {
    private final PrismContext.Builder context = PrismContext.builder()
        .artifactsDir(Path.of("prism-out"))
        .budgetSeconds(DEFAULT_BUDGET_SECONDS)
        .watchdogGraceSeconds(DEFAULT_WATCHDOG_GRACE_SECONDS)
        .artifactsQuotaBytes(DEFAULT_ARTIFACTS_QUOTA_BYTES);
    private DeviceChoice device = DeviceChoice.AUTO;
    private String submissionId = "container";
    private String executionMode = "gpu_proxy_eval";
    private ReferenceTokenizerLoader referenceTokenizers;
    private CaptureListener listener;
    private PrintStream diagnostics = System.err;
    private Isolation isolation = Isolation.DEFAULTS;
    private int maxLineBytes = BatcherOptions.DEFAULT_MAX_LINE_BYTES;

    Builder() {}

    /** Locked train split directory (required). */
    public Builder dataDir(Path value) {
      context.dataDir(value);
      return this;
    }

    /** Artifacts directory (created when missing). */
    public Builder artifactsDir(Path value) {
      context.artifactsDir(value);
      return this;
    }

    /** Forced seed. */
    public Builder seed(long value) {
      context.seed(value);
      return this;
    }

    /** Model vocabulary. */
    public Builder vocabSize(int value) {
      context.vocabSize(value);
      return this;
    }

    /** Context sequence length. */
    public Builder sequenceLength(int value) {
      context.sequenceLength(value);
      return this;
    }

    /** Informational layer limit. */
    public Builder maxLayers(int value) {
      context.maxLayers(value);
      return this;
    }

    /** Parameter cap (0 disables). */
    public Builder maxParameters(long value) {
      context.maxParameters(value);
      return this;
    }

    /** Token budget or {@code null}. */
    public Builder tokenBudget(Long value) {
      context.tokenBudget(value);
      return this;
    }

    /** Step budget or {@code null}. */
    public Builder stepBudget(Long value) {
      context.stepBudget(value);
      return this;
    }

    /** Graceful wall-clock budget in seconds, or {@code null} for none. */
    public Builder budgetSeconds(Double value) {
      context.budgetSeconds(value);
      return this;
    }

    /** Watchdog grace in seconds, or {@code null}. */
    public Builder watchdogGraceSeconds(Double value) {
      context.watchdogGraceSeconds(value);
      return this;
    }

    /** Artifacts quota in bytes, or {@code null} for none. */
    public Builder artifactsQuotaBytes(Long value) {
      context.artifactsQuotaBytes(value);
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
      context.referenceTokenizerDir(value);
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

    /** The longest shard line the scored stream accepts, in bytes (at least 1). */
    public Builder maxLineBytes(int value) {
      maxLineBytes = value;
      return this;
    }

    /** The validated options. */
    public RunOptions buildOptions() {
      return new RunOptions(context.build(), device, submissionId, executionMode, referenceTokenizers, listener,
          diagnostics, isolation, maxLineBytes);
    }

    /** A runner with these options. */
    public Runner build() {
      return new Runner(buildOptions());
    }
  }
}

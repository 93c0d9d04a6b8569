package ai.prism.bundle;

import ai.prism.bundle.python.PythonVersion;
import ai.prism.bundle.sandbox.DistributedContract;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link BundleValidator} judges a bundle. Defaults are the reference's: {@link SandboxPolicy#REFERENCE},
 * {@link DistributedPolicy#REJECT}, no metadata, {@link BundleLimits#DEFAULT}, at most 8 GPUs, CPython 3.11.
 *
 * @param sandboxPolicy reference-compatible or hardened checks
 * @param distributedPolicy what a non-compliant training script gets
 * @param metadata the submission metadata the reference reads ({@code gpu_count}, {@code num_nodes},
 *     {@code archive_base64}, ...)
 * @param limits snapshot and intake limits
 * @param maxGpuCount the single-node GPU bound ({@code platform_eval_max_gpu_count}, 1..8)
 * @param pythonVersion the grammar Python sources are parsed with
 */
public record ValidationOptions(
    SandboxPolicy sandboxPolicy,
    DistributedPolicy distributedPolicy,
    Map<String, Object> metadata,
    BundleLimits limits,
    int maxGpuCount,
    PythonVersion pythonVersion) {

  /** The reference's defaults. */
  public static final ValidationOptions DEFAULT = builder().build();

  /** Validates and copies. */
  public ValidationOptions {
    Objects.requireNonNull(sandboxPolicy, "sandboxPolicy");
    Objects.requireNonNull(distributedPolicy, "distributedPolicy");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(pythonVersion, "pythonVersion");
    metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    if (maxGpuCount < 1) {
      throw new IllegalArgumentException("maxGpuCount must be >= 1, got " + maxGpuCount);
    }
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder().sandboxPolicy(sandboxPolicy).distributedPolicy(distributedPolicy).metadata(metadata)
        .limits(limits).maxGpuCount(maxGpuCount).pythonVersion(pythonVersion);
  }

  /** Builds {@link ValidationOptions}. */
  public static final class Builder {
    private SandboxPolicy sandboxPolicy = SandboxPolicy.REFERENCE;
    private DistributedPolicy distributedPolicy = DistributedPolicy.REJECT;
    private Map<String, Object> metadata = Map.of();
    private BundleLimits limits = BundleLimits.DEFAULT;
    private int maxGpuCount = DistributedContract.DEFAULT_MAX_GPU_COUNT;
    private PythonVersion pythonVersion = PythonVersion.PY311;

    private Builder() {}

    /** The sandbox policy (default {@code REFERENCE}). */
    public Builder sandboxPolicy(SandboxPolicy value) {
      this.sandboxPolicy = value;
      return this;
    }

    /** The distributed-contract policy (default {@code REJECT}, as in the reference). */
    public Builder distributedPolicy(DistributedPolicy value) {
      this.distributedPolicy = value;
      return this;
    }

    /** The submission metadata (default empty). */
    public Builder metadata(Map<String, Object> value) {
      this.metadata = value;
      return this;
    }

    /** The limits (default {@link BundleLimits#DEFAULT}). */
    public Builder limits(BundleLimits value) {
      this.limits = value;
      return this;
    }

    /** The single-node GPU bound (default 8). */
    public Builder maxGpuCount(int value) {
      this.maxGpuCount = value;
      return this;
    }

    /** The Python grammar (default 3.11). */
    public Builder pythonVersion(PythonVersion value) {
      this.pythonVersion = value;
      return this;
    }

    /** The options. */
    public ValidationOptions build() {
      return new ValidationOptions(sandboxPolicy, distributedPolicy, metadata, limits, maxGpuCount, pythonVersion);
    }
  }
}

package ai.prism.bundle;

/**
 * The gates of the reference worker's static and review phases, in the order they run
 * ({@code PrismWorker._process_container}); a {@link BundleReport} names the one that decided.
 */
public enum Stage {
  /** HTTP intake: file name pattern, non-empty code, {@code max_code_bytes} (HTTP 422/413 in the reference). */
  INTAKE("intake"),
  /** Building the source snapshot: base64, zip container and entries, limits, snapshot features. */
  SNAPSHOT("snapshot"),
  /** The two-script contract and {@code prism.yaml}, then the component fingerprints. */
  CONTRACT("contract"),
  /** The static AST sandbox over every {@code .py} file. */
  SANDBOX("sandbox"),
  /** The distributed (multi-GPU) contract over the training script, then the single-node bound. */
  DISTRIBUTED("distributed"),
  /** The review phase's deterministic regex pre-filter. */
  REVIEW("review"),
  /** {@code metadata.execution_mode}: absent, {@code gpu_proxy_eval} or {@code full_scale_eval} (the last gate this library runs). */
  EXECUTION_MODE("execution_mode");

  private final String id;

  Stage(String id) {
    this.id = id;
  }

  /** The lowercase name used in reports and JSON. */
  public String id() {
    return id;
  }
}

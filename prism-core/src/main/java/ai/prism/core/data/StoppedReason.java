package ai.prism.core.data;

/** Why the stream stopped; wire names are the manifest's strings (spec §3.6). */
public enum StoppedReason {
  /** {@code consumed_tokens >= token_budget} at a check point. */
  TOKEN_BUDGET("token_budget"),
  /** {@code consumed_batches >= step_budget} at a check point. */
  STEP_BUDGET("step_budget"),
  /** The graceful wall-clock budget elapsed at a check point. */
  WALL_CLOCK("wall_clock"),
  /** The stream ended naturally (set even if a budget became binding on the last tokens). */
  DATA_EXHAUSTED("data_exhausted"),
  /** The artifacts quota watchdog fired (watchdog manifests only; never set by the batcher). */
  ARTIFACTS_QUOTA("artifacts_quota");

  private final String wireName;

  StoppedReason(String wireName) {
    this.wireName = wireName;
  }

  /** The manifest string, e.g. {@code token_budget}. */
  public String wireName() {
    return wireName;
  }

  /** The reason whose manifest string is {@code wireName}. */
  public static StoppedReason fromWireName(String wireName) {
    for (StoppedReason r : values()) {
      if (r.wireName.equals(wireName)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown stopped_reason: " + wireName);
  }
}

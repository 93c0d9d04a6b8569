package ai.prism.bundle;

/**
 * What the distributed (multi-GPU) contract does with a non-compliant training script (the
 * reference's {@code distributed_contract_policy}; its default is {@link #REJECT}).
 */
public enum DistributedPolicy {
  /** Reject the bundle (the reference's default, which also rejects its own single-GPU example). */
  REJECT,
  /** Record the finding and let the bundle through. */
  FLAG,
  /** Skip the check and report the script compliant. */
  OFF
}

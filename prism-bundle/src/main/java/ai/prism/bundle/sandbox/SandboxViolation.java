package ai.prism.bundle.sandbox;

import ai.prism.bundle.BundleException;
import ai.prism.bundle.Evidence;
import java.util.List;

/**
 * A static gate's finding, as the reference's {@code SandboxViolation}: the rejection message and the
 * deterministic evidence behind it (one record per blocked import root for an import violation).
 */
public class SandboxViolation extends BundleException {
  private static final long serialVersionUID = 1L;

  private final transient List<Evidence> evidence;

  /** A violation with its message and evidence. */
  public SandboxViolation(String message, List<Evidence> evidence) {
    super(message);
    this.evidence = List.copyOf(evidence);
  }

  /** The evidence records, in the reference's order. */
  public List<Evidence> evidence() {
    return evidence;
  }
}

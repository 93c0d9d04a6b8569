package ai.prism.bundle;

import java.util.List;
import java.util.Objects;

/**
 * A bundle the validator refuses: the {@link Stage} that refused it, the reason (the reference's
 * rejection text) and the typed {@link Violation}s behind it. Snapshot and contract failures carry
 * no rule id in the reference, so their violation list is empty.
 */
public class BundleRejectedException extends BundleException {
  private static final long serialVersionUID = 1L;

  private final Stage stage;
  private final transient List<Violation> violations;

  /** A rejection at {@code stage} with {@code reason} and its violations. */
  public BundleRejectedException(Stage stage, String reason, List<Violation> violations) {
    super(Objects.requireNonNull(reason, "reason"));
    this.stage = Objects.requireNonNull(stage, "stage");
    this.violations = List.copyOf(violations);
  }

  /** A rejection at {@code stage} caused by another error. */
  public BundleRejectedException(Stage stage, String reason, Throwable cause) {
    super(Objects.requireNonNull(reason, "reason"), cause);
    this.stage = Objects.requireNonNull(stage, "stage");
    this.violations = List.of();
  }

  /** The gate that rejected the bundle. */
  public Stage stage() {
    return stage;
  }

  /** The rejection text (the reference's error string). */
  public String reason() {
    return getMessage();
  }

  /** The rules broken, in the reference's order; empty for snapshot and contract failures. */
  public List<Violation> violations() {
    return violations;
  }
}

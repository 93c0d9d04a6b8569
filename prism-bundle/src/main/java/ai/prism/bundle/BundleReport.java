package ai.prism.bundle;

import ai.prism.bundle.sandbox.DistributedReport;
import java.util.List;
import java.util.Objects;

/**
 * The verdict on one bundle: accepted or not, the {@link Stage} that decided (for an accepted bundle,
 * the last gate run, {@link Stage#EXECUTION_MODE}), the reference's rejection text, the typed violations, and
 * whatever the gates established before the verdict (contract, fingerprints, distributed report).
 *
 * @param source what was validated (a path or a file name)
 * @param accepted whether every gate passed
 * @param stage the deciding gate
 * @param reason the rejection text, {@code null} when accepted
 * @param violations the rules broken (empty when accepted, and for snapshot/contract failures)
 * @param contract the resolved contract, {@code null} if the bundle failed before it
 * @param fingerprints the fingerprints, {@code null} if the bundle failed before them
 * @param distributed the distributed contract's report, {@code null} if it did not run
 */
public record BundleReport(
    String source,
    boolean accepted,
    Stage stage,
    String reason,
    List<Violation> violations,
    ResolvedBundle contract,
    Fingerprints fingerprints,
    DistributedReport distributed) {

  /** Validates and copies. */
  public BundleReport {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(stage, "stage");
    violations = List.copyOf(violations);
    if (accepted != (reason == null)) {
      throw new IllegalArgumentException("a report has a reason exactly when it is a rejection");
    }
  }

  /** The rule ids of the violations, in order. */
  public List<String> ruleIds() {
    return violations.stream().map(Violation::rule).toList();
  }

  /** The resolved bundle of an accepted report, or the {@link BundleRejectedException} describing the rejection. */
  public ResolvedBundle orThrow() {
    if (!accepted) {
      throw new BundleRejectedException(stage, reason, violations);
    }
    return contract;
  }
}

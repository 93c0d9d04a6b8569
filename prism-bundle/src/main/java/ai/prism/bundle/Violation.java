package ai.prism.bundle;

import java.util.Objects;

/**
 * One rule a bundle broke: the rule id, the file and line, the rejection message and the
 * deterministic evidence behind it.
 *
 * @param rule the rule id ({@code prism:no-process}, {@code prism:distributed-contract}, ...)
 * @param file the file the rule fired on
 * @param line 1-based line, or {@code null} when the finding is not tied to a line
 * @param message the rejection message, exactly as the reference words it
 * @param evidence the evidence record
 */
public record Violation(String rule, String file, Integer line, String message, Evidence evidence) {
  /** Validates the fields. */
  public Violation {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(evidence, "evidence");
  }

  /** A violation carrying {@code message} for one evidence record. */
  public static Violation of(String message, Evidence evidence) {
    return new Violation(evidence.ruleId(), evidence.artifactPath(), evidence.line(), message, evidence);
  }
}

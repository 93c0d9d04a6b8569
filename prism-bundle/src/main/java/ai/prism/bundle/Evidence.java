package ai.prism.bundle;

import java.util.regex.Pattern;

/**
 * The reference's {@code DeterministicEvidence}: which rule fired, in which file, where, on which
 * AST node kind, and the SHA-256 of the offending source segment (never the text itself).
 *
 * @param ruleId the rule, e.g. {@code prism:no-network}
 * @param artifactPath the file the evidence is about
 * @param line 1-based line, or {@code null} for synthetic evidence
 * @param astNode the node kind ({@code Import}, {@code Call}, ...), or {@code null}
 * @param snippetHash lowercase hex SHA-256 of the source segment (or of a basis string)
 * @param explanation a human-readable reason
 */
public record Evidence(String ruleId, String artifactPath, Integer line, String astNode, String snippetHash, String explanation) {
  private static final Pattern HASH = Pattern.compile("[a-f0-9]{64}");

  /** Validates the fields as the reference's schema does. */
  public Evidence {
    requireNonEmpty(ruleId, "ruleId");
    requireNonEmpty(artifactPath, "artifactPath");
    requireNonEmpty(explanation, "explanation");
    if (line != null && line < 1) {
      throw new IllegalArgumentException("line must be >= 1, got " + line);
    }
    if (astNode != null && astNode.isEmpty()) {
      throw new IllegalArgumentException("astNode must be null or non-empty");
    }
    if (line == null && astNode == null) {
      throw new IllegalArgumentException("evidence requires a line or an AST node");
    }
    if (snippetHash == null || !HASH.matcher(snippetHash).matches()) {
      throw new IllegalArgumentException("snippetHash must be 64 lowercase hex digits, got " + snippetHash);
    }
  }

  private static void requireNonEmpty(String value, String name) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + " must be non-empty");
    }
  }
}

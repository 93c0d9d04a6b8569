package ai.prism.bundle.sandbox;

import java.util.Set;

/**
 * What the sandbox learned from a file that passed: its fingerprint set (node kinds,
 * {@code class_base:...}, {@code function:...}, {@code call:...}, as used by the AST-similarity
 * multiplier) and its import roots.
 *
 * @param fingerprint the reference's {@code ast_fingerprint} set
 * @param imports the import roots the file uses
 */
public record SandboxReport(Set<String> fingerprint, Set<String> imports) {
  /** Copies the sets. */
  public SandboxReport {
    fingerprint = Set.copyOf(fingerprint);
    imports = Set.copyOf(imports);
  }
}

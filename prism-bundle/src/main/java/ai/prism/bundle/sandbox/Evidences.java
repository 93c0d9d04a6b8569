package ai.prism.bundle.sandbox;

import ai.prism.bundle.Evidence;
import ai.prism.bundle.PythonText;
import ai.prism.bundle.python.Ast;
import ai.prism.bundle.python.PyNode;
import java.util.List;

/** Builds the reference's evidence records: the hash of a node's exact source segment, or of a basis string. */
final class Evidences {
  private Evidences() {}

  /**
   * Evidence for {@code node}: its line, kind, and the SHA-256 of {@code ast.get_source_segment(code, node)}
   * (UTF-8 byte columns), falling back to the node's whole line when the segment is missing or empty.
   */
  static Evidence of(String code, PyNode node, String artifactPath, String rule, String explanation) {
    String snippet = Ast.sourceSegment(code, node);
    int line = node.hasPosition() ? node.lineno() : 1;
    if (snippet == null || snippet.isEmpty()) {
      List<String> lines = PythonText.splitLines(code);
      snippet = line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
    }
    return new Evidence(rule, artifactPath, node.hasPosition() ? node.lineno() : null, node.type(),
        PythonText.sha256Hex(snippet), explanation);
  }

  /** Evidence not tied to a source segment: the node kind and the hash of {@code basis}. */
  static Evidence synthetic(String rule, String artifactPath, String astNode, String basis, String explanation) {
    return new Evidence(rule, artifactPath, null, astNode, PythonText.sha256Hex(basis), explanation);
  }
}

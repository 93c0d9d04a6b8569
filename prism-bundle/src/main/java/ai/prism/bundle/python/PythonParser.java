package ai.prism.bundle.python;

/**
 * Parses Python source exactly as CPython's {@code ast.parse(source)} does: the same tree (node kinds,
 * fields, {@code ctx}, positions with UTF-8 byte columns) or a {@link PythonSyntaxException} with
 * CPython's message and position. Pure Java, thread-safe, no Python needed.
 */
public final class PythonParser {
  private PythonParser() {}

  /** {@code ast.parse(source)} with the CPython 3.11 grammar; returns the {@code Module} node. */
  public static PyNode parse(String source) {
    return parse(source, PythonVersion.PY311);
  }

  /** {@code ast.parse(source)} with the grammar and tree layout of {@code version}; returns the {@code Module}. */
  public static PyNode parse(String source, PythonVersion version) {
    throw new UnsupportedOperationException("parser implementation lands in the next commit");
  }
}

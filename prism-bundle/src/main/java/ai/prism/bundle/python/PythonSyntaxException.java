package ai.prism.bundle.python;

import ai.prism.bundle.BundleException;

/**
 * Source that CPython's {@code ast.parse} would reject: CPython's message, its position and the text of
 * Python's {@code str(SyntaxError)} ({@code "invalid syntax (<unknown>, line 2)"}), which
 * {@link #getMessage()} returns.
 *
 * <p>Positions follow CPython's {@code SyntaxError}: {@link #line()} is 1-based, {@link #column()} is
 * CPython's 1-based {@code offset}; a value CPython leaves as {@code None} is {@code -1}.
 */
public class PythonSyntaxException extends BundleException {
  private static final long serialVersionUID = 1L;

  /** Which Python exception CPython raises for this source. */
  public enum Kind {
    /** {@code SyntaxError}. */
    SYNTAX_ERROR("SyntaxError"),
    /** {@code IndentationError} (a {@code SyntaxError} subclass). */
    INDENTATION_ERROR("IndentationError"),
    /** {@code TabError} (inconsistent tabs and spaces). */
    TAB_ERROR("TabError"),
    /**
     * Nesting too deep to build the tree: CPython raises {@code RecursionError} ("maximum recursion depth
     * exceeded during ast construction") or, inside its parser, {@code MemoryError}.
     */
    TOO_DEEPLY_NESTED("RecursionError"),
    /**
     * A source with more tokens than the parser holds ({@code PythonParser.MAX_TOKENS}); CPython would
     * keep going until it runs out of memory ({@code MemoryError}).
     */
    TOO_LARGE("MemoryError");

    private final String pythonName;

    Kind(String pythonName) {
      this.pythonName = pythonName;
    }

    /** The Python exception class name. */
    public String pythonName() {
      return pythonName;
    }
  }

  /** The file name CPython reports for {@code ast.parse(source)}. */
  public static final String DEFAULT_FILENAME = "<unknown>";

  private final Kind kind;
  private final String msg;
  private final int line;
  private final int column;
  private final int endLine;
  private final int endColumn;

  /**
   * An error at a position; {@code line}/{@code column}/{@code endLine}/{@code endColumn} use CPython's
   * conventions (1-based line, 1-based column offset) and {@code -1} where CPython has {@code None}.
   */
  public PythonSyntaxException(Kind kind, String msg, int line, int column, int endLine, int endColumn) {
    super(pythonStr(msg, line));
    if (kind == null || msg == null) {
      throw new IllegalArgumentException("kind and msg are required");
    }
    this.kind = kind;
    this.msg = msg;
    this.line = line;
    this.column = column;
    this.endLine = endLine;
    this.endColumn = endColumn;
  }

  /** Which Python exception CPython raises. */
  public Kind kind() {
    return kind;
  }

  /** CPython's {@code SyntaxError.msg}, e.g. {@code "invalid syntax"} or {@code "unexpected indent"}. */
  public String msg() {
    return msg;
  }

  /** CPython's {@code lineno} (1-based), or -1. */
  public int line() {
    return line;
  }

  /** CPython's {@code offset}: the 1-based column of the error, or -1. */
  public int column() {
    return column;
  }

  /** CPython's {@code end_lineno}, or -1. */
  public int endLine() {
    return endLine;
  }

  /** CPython's {@code end_offset} (CPython reports 0 or -1 for some tokenizer errors), or -1. */
  public int endColumn() {
    return endColumn;
  }

  /** Python's {@code str(error)} for {@code ast.parse(source)}, e.g. {@code "invalid syntax (<unknown>, line 2)"}. */
  public String pythonStr() {
    return getMessage();
  }

  private static String pythonStr(String msg, int line) {
    return line >= 0 ? msg + " (" + DEFAULT_FILENAME + ", line " + line + ")" : msg;
  }
}

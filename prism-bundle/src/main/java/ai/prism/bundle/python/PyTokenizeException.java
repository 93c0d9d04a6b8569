package ai.prism.bundle.python;

import ai.prism.bundle.BundleException;
import java.util.List;

/**
 * Source on which Python's {@code tokenize.generate_tokens} raises: {@code tokenize.TokenError}
 * ({@code "EOF in multi-line string"}, {@code "EOF in multi-line statement"}) or
 * {@code IndentationError} ({@code "unindent does not match any outer indentation level"}). Carries
 * the tokens the generator yielded before it raised, as a consumer iterating it would have seen them.
 */
public class PyTokenizeException extends BundleException {
  private static final long serialVersionUID = 1L;

  private final boolean indentationError;
  private final String msg;
  private final int line;
  private final int column;
  private final transient List<PyToken> tokensBefore;

  /** An error at {@code (line, column)} (as Python reports them) after {@code tokensBefore}. */
  public PyTokenizeException(boolean indentationError, String msg, int line, int column, List<PyToken> tokensBefore) {
    super((indentationError ? "IndentationError: " : "TokenError: ") + msg + " at line " + line + ", column " + column);
    this.indentationError = indentationError;
    this.msg = msg;
    this.line = line;
    this.column = column;
    this.tokensBefore = List.copyOf(tokensBefore);
  }

  /** {@code true} for Python's {@code IndentationError}, {@code false} for {@code tokenize.TokenError}. */
  public boolean isIndentationError() {
    return indentationError;
  }

  /** Python's message, e.g. {@code "EOF in multi-line statement"}. */
  public String msg() {
    return msg;
  }

  /** The 1-based line Python reports. */
  public int line() {
    return line;
  }

  /** The 0-based column Python reports. */
  public int column() {
    return column;
  }

  /** The tokens generated before the error. */
  public List<PyToken> tokensBefore() {
    return tokensBefore;
  }
}

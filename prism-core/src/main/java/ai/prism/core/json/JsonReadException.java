package ai.prism.core.json;

import ai.prism.core.PrismException;

/**
 * JSON text could not be read: the file is missing or unreadable, is not strict UTF-8, is not JSON
 * that Python's {@code json.loads} accepts, or exceeds a reader limit. Says where (line, column).
 */
public final class JsonReadException extends PrismException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** The file does not exist. */
    NOT_FOUND,
    /** The file could not be read. */
    IO,
    /** The bytes are not strict UTF-8, or start with a byte-order mark. */
    ENCODING,
    /** The text is not JSON as Python's {@code json.loads} accepts it. */
    SYNTAX,
    /** A reader limit was exceeded (nesting depth, number length, string length). */
    LIMIT
  }

  private final Kind kind;
  private final int line;
  private final int column;

  /** An error at a 1-based line and column ({@code 0} when unknown). */
  public JsonReadException(Kind kind, String message, int line, int column, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.line = line;
    this.column = column;
  }

  /** What went wrong. */
  public Kind kind() {
    return kind;
  }

  /** The 1-based line of the error, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** The 1-based column of the error, or 0 when unknown. */
  public int column() {
    return column;
  }
}

package ai.prism.core.data;

/**
 * A shard line cannot be read as text: invalid UTF-8, a lone surrogate in the document text, a
 * line longer than the configured bound, or JSON nested too deeply. The reference crashes with a
 * raw exception in these cases; here the error names the shard and the 0-based raw line index.
 */
public class ShardFormatException extends LockedDatasetException {
  private static final long serialVersionUID = 1L;

  /** What was wrong with the line. */
  public enum Kind {
    /** The line's bytes are not valid UTF-8 (Python's strict decoder would raise). */
    INVALID_UTF8,
    /** The document text holds an unpaired surrogate (from a {@code \\u} escape). */
    LONE_SURROGATE,
    /** The line is longer than the reader's bound. */
    LINE_TOO_LONG,
    /** The JSON value is nested deeper than the parser allows. */
    NESTING_TOO_DEEP,
    /** The shard file could not be read. */
    IO
  }

  private final Kind kind;
  private final String shard;
  private final long lineIndex;

  /** An error of {@code kind} at {@code shard}, 0-based raw line {@code lineIndex} (-1: none). */
  public ShardFormatException(Kind kind, String shard, long lineIndex, String detail) {
    super(describe(kind, shard, lineIndex, detail));
    this.kind = kind;
    this.shard = shard;
    this.lineIndex = lineIndex;
  }

  /** An error wrapping a cause (I/O). */
  public ShardFormatException(Kind kind, String shard, long lineIndex, String detail, Throwable cause) {
    super(describe(kind, shard, lineIndex, detail), cause);
    this.kind = kind;
    this.shard = shard;
    this.lineIndex = lineIndex;
  }

  private static String describe(Kind kind, String shard, long lineIndex, String detail) {
    String where = lineIndex < 0 ? shard : shard + " line " + (lineIndex + 1) + " (offset " + lineIndex + ")";
    return switch (kind) {
      case INVALID_UTF8 -> "invalid UTF-8 in shard " + where + ": " + detail;
      case LONE_SURROGATE -> "document text in shard " + where + " has a lone surrogate: " + detail;
      case LINE_TOO_LONG -> "line too long in shard " + where + ": " + detail;
      case NESTING_TOO_DEEP -> "JSON nested too deeply in shard " + where + ": " + detail;
      case IO -> "cannot read shard " + where + ": " + detail;
    };
  }

  /** What was wrong. */
  public Kind kind() {
    return kind;
  }

  /** The shard, as the reader names it (file name for the runner stream, relative path otherwise). */
  public String shard() {
    return shard;
  }

  /** The 0-based raw line index (blank lines counted), or -1 when the error is not about a line. */
  public long lineIndex() {
    return lineIndex;
  }
}

package ai.prism.bundle.python;

/**
 * One token of Python's pure-Python {@code tokenize.generate_tokens}: its type, its exact text, its
 * start and end (1-based lines, 0-based columns counted in characters as {@code tokenize} does, not
 * UTF-8 bytes) and the physical line(s) it was found on.
 */
public record PyToken(
    PyToken.Type type, String string, int startLine, int startColumn, int endLine, int endColumn, String line) {

  /** Token types of {@code tokenize} (the Python name is {@link #name()}). */
  public enum Type {
    /** End of input. */
    ENDMARKER,
    /** An identifier or keyword. */
    NAME,
    /** A number literal. */
    NUMBER,
    /** A string literal, prefix and quotes included (an f-string is one STRING token in 3.11). */
    STRING,
    /** The end of a logical line. */
    NEWLINE,
    /** An indentation increase. */
    INDENT,
    /** An indentation decrease. */
    DEDENT,
    /** An operator or delimiter. */
    OP,
    /** A comment. */
    COMMENT,
    /** A line break that does not end a logical line. */
    NL,
    /** A character or fragment {@code tokenize} could not classify (a stray {@code $}, an unterminated quote). */
    ERRORTOKEN
  }

  /** Validates the token. */
  public PyToken {
    if (type == null || string == null || line == null) {
      throw new IllegalArgumentException("type, string and line are required");
    }
  }
}

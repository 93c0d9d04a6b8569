package ai.prism.bundle.python;

import java.util.List;

/** Python 3.11's pure-Python {@code tokenize.generate_tokens} on a whole source string. */
public final class PyTokenize {
  private PyTokenize() {}

  /**
   * All tokens {@code tokenize.generate_tokens(io.StringIO(source).readline)} yields, ENDMARKER included;
   * where Python raises {@code TokenError} or {@code IndentationError} a {@link PyTokenizeException}
   * carrying the tokens yielded before it.
   */
  public static List<PyToken> generateTokens(String source) {
    throw new UnsupportedOperationException("tokenize implementation lands in the next commit");
  }
}

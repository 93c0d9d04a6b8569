package ai.prism.bundle.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Python 3.11 tokenize.generate_tokens, token for token (expected values printed by python3 3.11.7). */
class PyTokenizeTest {

  private static String render(List<PyToken> tokens) {
    return tokens.stream()
        .map(t -> t.type() + " " + t.string().replace("\n", "\\n") + " " + t.startLine() + ":" + t.startColumn() + "-" + t.endLine() + ":" + t.endColumn())
        .collect(Collectors.joining("|"));
  }

  @Test
  void tokensOfASmallProgram() {
    String src = "def f(x):\n    return f'{x}' + 1.5j  # c\n";
    assertEquals(
        "NAME def 1:0-1:3|NAME f 1:4-1:5|OP ( 1:5-1:6|NAME x 1:6-1:7|OP ) 1:7-1:8|OP : 1:8-1:9|NEWLINE \\n 1:9-1:10"
            + "|INDENT      2:0-2:4|NAME return 2:4-2:10|STRING f'{x}' 2:11-2:17|OP + 2:18-2:19|NUMBER 1.5j 2:20-2:24"
            + "|COMMENT # c 2:26-2:29|NEWLINE \\n 2:29-2:30|DEDENT  3:0-3:0|ENDMARKER  3:0-3:0",
        render(PyTokenize.generateTokens(src)));
  }

  @Test
  void strayCharactersAreErrorTokensAndMissingNewlineIsImplicit() {
    assertEquals(
        "NAME a 1:0-1:1|ERRORTOKEN   1:1-1:2|ERRORTOKEN $ 1:2-1:3|NEWLINE  1:3-1:4|ENDMARKER  2:0-2:0",
        render(PyTokenize.generateTokens("a $")));
  }

  /** Columns are counted on incrementally along a line (linear, not quadratic); astral characters are one column. */
  @Test
  void columnsCountCodePointsAcrossAstralCharactersAndContinuedStrings() {
    String src = "x = \"\ud83d\ude00\" + y$\ud83d\ude00 ? \u00e9\n\"\"\"a\n\ud83d\ude00\"\"\" ; z\n";
    assertEquals("NAME x 1:0-1:1|OP = 1:2-1:3|STRING \"\ud83d\ude00\" 1:4-1:7|OP + 1:8-1:9|NAME y 1:10-1:11|ERRORTOKEN $ 1:11-1:12"
        + "|ERRORTOKEN \ud83d\ude00 1:12-1:13|ERRORTOKEN   1:13-1:14|ERRORTOKEN ? 1:14-1:15|NAME \u00e9 1:16-1:17|NEWLINE \\n 1:17-1:18"
        + "|STRING \"\"\"a\\n\ud83d\ude00\"\"\" 2:0-3:4|OP ; 3:5-3:6|NAME z 3:7-3:8|NEWLINE \\n 3:8-3:9|ENDMARKER  4:0-4:0",
        render(PyTokenize.generateTokens(src)));
    List<PyToken> many = PyTokenize.generateTokens("?".repeat(200_000));
    assertEquals(199_999, many.get(199_999).startColumn());
  }

  @Test
  void unterminatedTripleQuoteIsTokenErrorWithTokensBefore() {
    PyTokenizeException ex = assertThrows(PyTokenizeException.class, () -> PyTokenize.generateTokens("x = 1\ny = '''abc\n"));
    assertEquals("EOF in multi-line string", ex.msg());
    assertEquals(2, ex.line());
    assertEquals(4, ex.column());
    assertEquals(6, ex.tokensBefore().size());
    assertTrue(!ex.isIndentationError());
  }

  @Test
  void openBracketAtEofIsMultiLineStatementError() {
    PyTokenizeException ex = assertThrows(PyTokenizeException.class, () -> PyTokenize.generateTokens("f(1,\n"));
    assertEquals("EOF in multi-line statement", ex.msg());
    assertEquals(2, ex.line());
  }

  @Test
  void badDedentIsIndentationError() {
    PyTokenizeException ex = assertThrows(PyTokenizeException.class, () -> PyTokenize.generateTokens("if x:\n    a\n  b\n"));
    assertTrue(ex.isIndentationError());
    assertEquals("unindent does not match any outer indentation level", ex.msg());
    assertEquals(3, ex.line());
  }
}

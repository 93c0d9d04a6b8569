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

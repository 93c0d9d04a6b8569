package ai.prism.bundle.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Syntax errors against CPython 3.11.7's own (syntax-errors.json, produced by ast.parse on each source). */
class SyntaxErrorTest {

  /**
   * Cases where the message and line match CPython but the column does not (documented in the README):
   * CPython's offsets for these come from tokenizer state rather than token positions.
   */
  private static final Set<String> COLUMN_DIFFERS = Set.of(
      "f(**x, *y)", "x = {1: 2, 3}", "@x\nclass A: pass\n@y");

  @TestFactory
  Stream<DynamicTest> matchesCpython() throws IOException {
    JsonNode cases;
    try (InputStream in = getClass().getResourceAsStream("/python/syntax-errors.json")) {
      cases = new ObjectMapper().readTree(in);
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode row : cases) {
      String src = row.get("src").asText();
      JsonNode e = row.get("expected");
      tests.add(DynamicTest.dynamicTest(src.replace("\n", "\\n"), () -> {
        if (e.isNull()) {
          PythonParser.parse(src);
          return;
        }
        PythonSyntaxException ex = assertThrows(PythonSyntaxException.class, () -> PythonParser.parse(src));
        assertEquals(e.get(0).asText(), ex.kind().pythonName(), "exception type");
        assertEquals(e.get(1).asText(), ex.msg(), "message");
        assertEquals(e.get(2).asInt(), ex.line(), "line");
        if (!COLUMN_DIFFERS.contains(src)) {
          assertEquals(e.get(3).asInt(), ex.column(), "column");
          assertEquals(e.get(4).asInt(), ex.endLine(), "end line");
          assertEquals(e.get(5).asInt(), ex.endColumn(), "end column");
        }
      }));
    }
    return tests.stream();
  }

  @Test
  void strOfSyntaxErrorIsPythonsText() {
    PythonSyntaxException ex = assertThrows(PythonSyntaxException.class, () -> PythonParser.parse("x = 1\ny = )\n"));
    assertEquals("unmatched ')'", ex.msg());
    assertEquals("unmatched ')' (<unknown>, line 2)", ex.pythonStr());
    assertEquals(ex.pythonStr(), ex.getMessage());
    PythonSyntaxException generic = assertThrows(PythonSyntaxException.class, () -> PythonParser.parse("a = 1\nb c\n"));
    assertEquals("invalid syntax (<unknown>, line 2)", generic.pythonStr());
  }

  @Test
  void nulBytesAreRejectedWithoutPosition() {
    PythonSyntaxException ex = assertThrows(PythonSyntaxException.class, () -> PythonParser.parse("x = 1\0\n"));
    assertEquals("source code string cannot contain null bytes", ex.pythonStr());
    assertEquals(-1, ex.line());
  }

  @Test
  void byteOrderMarkInAStringIsAnInvalidCharacterAsInCpython() {
    // ast.parse(str) does not strip U+FEFF (only the bytes decoder does).
    PythonSyntaxException ex = assertThrows(PythonSyntaxException.class, () -> PythonParser.parse("\ufeffx = 1\n"));
    assertEquals("invalid non-printable character U+FEFF", ex.msg());
    assertEquals(1, ex.line());
    assertEquals(1, ex.column());
  }

  @Test
  void columnsAreCharactersNotBytes() {
    PythonSyntaxException ex = assertThrows(PythonSyntaxException.class, () -> PythonParser.parse("é = 'ü' + $\n"));
    assertEquals("invalid syntax", ex.msg());
    assertEquals(11, ex.column());
  }

  @Test
  void tabErrorAndIndentationKinds() {
    PythonSyntaxException tab = assertThrows(PythonSyntaxException.class, () -> PythonParser.parse("if x:\n\ta\n        b\n"));
    assertEquals(PythonSyntaxException.Kind.TAB_ERROR, tab.kind());
    PythonSyntaxException indent = assertThrows(PythonSyntaxException.class, () -> PythonParser.parse(" x = 1\n"));
    assertEquals(PythonSyntaxException.Kind.INDENTATION_ERROR, indent.kind());
    assertTrue(indent instanceof ai.prism.bundle.BundleException);
  }
}

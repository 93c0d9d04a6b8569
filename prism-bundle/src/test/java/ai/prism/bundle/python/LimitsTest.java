package ai.prism.bundle.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Deep nesting and huge inputs end in typed errors or trees, never in StackOverflowError. */
class LimitsTest {

  @Test
  void tenThousandNestedParenthesesIsCpythonsTooManyNestedParentheses() {
    String src = "(".repeat(10_000) + ")".repeat(10_000);
    PythonSyntaxException ex = assertThrows(PythonSyntaxException.class, () -> PythonParser.parse(src));
    assertEquals("too many nested parentheses", ex.msg());
    assertEquals(1, ex.line());
    assertEquals(201, ex.column());
  }

  @Test
  void deepParenthesesInsideAOneMegabyteLine() {
    String src = "x = " + "1 + ".repeat(120_000) + "(".repeat(10_000) + "1" + ")".repeat(10_000) + "\n";
    PythonSyntaxException ex = assertThrows(PythonSyntaxException.class, () -> PythonParser.parse(src));
    assertEquals("too many nested parentheses", ex.msg());
    assertEquals(4 + 4 * 120_000 + 201, ex.column());
  }

  @Test
  void twoHundredLevelsOfBracketsParse() {
    String src = "x = " + "[".repeat(199) + "(1,)" + "]".repeat(199) + "\n";
    PyNode tree = PythonParser.parse(src);
    assertEquals("Assign", tree.nodes("body").get(0).type());
  }

  @Test
  void longOperatorChainsAreRecursionErrorsLikeCpython() {
    for (String src : new String[] {
      "1" + "+1".repeat(100_000),
      "x" + "[0]".repeat(100_000),
      "x" + ".a".repeat(100_000),
      "not ".repeat(10_000) + "x",
      "-".repeat(10_000) + "x",
      "a" + " ** a".repeat(10_000),
      "lambda: ".repeat(10_000) + "x",
      "a if b else ".repeat(10_000) + "x",
    }) {
      PythonSyntaxException ex = assertThrows(PythonSyntaxException.class, () -> PythonParser.parse(src));
      assertEquals(PythonSyntaxException.Kind.TOO_DEEPLY_NESTED, ex.kind(), src.substring(0, 20));
      assertEquals("maximum recursion depth exceeded during ast construction", ex.msg());
    }
  }

  @Test
  void aSyntaxErrorAfterAnOverlongChainWinsAsInCpython() {
    // CPython parses the whole file before it builds the tree: the later error is reported.
    String src = "x = " + "a+".repeat(5_000) + "a\ny = )\n";
    PythonSyntaxException ex = assertThrows(PythonSyntaxException.class, () -> PythonParser.parse(src));
    assertEquals("unmatched ')'", ex.msg());
    assertEquals(2, ex.line());
  }

  @Test
  void depthAddsUpAcrossBracketedChains() {
    // python3: three bracketed chains of 1000 '+a' nest 3000 deep -> RecursionError; of 990 -> parses.
    String deep = "a";
    String fine = "a";
    for (int i = 0; i < 3; i++) {
      deep = "(" + deep + "+a".repeat(1000) + ")";
      fine = "(" + fine + "+a".repeat(990) + ")";
    }
    String d = deep;
    PythonSyntaxException ex = assertThrows(PythonSyntaxException.class, () -> PythonParser.parse(d));
    assertEquals(PythonSyntaxException.Kind.TOO_DEEPLY_NESTED, ex.kind());
    assertEquals("BinOp", PythonParser.parse(fine).nodes("body").get(0).node("value").type());
  }

  @Test
  void deepTreesDumpAndWalkOnASmallStack() throws Exception {
    String src = "x = " + "lambda: ".repeat(2980) + "1\n";
    String[] result = new String[2];
    Thread t = new Thread(null, () -> {
      PyNode tree = PythonParser.parse(src);
      result[0] = Ast.dump(tree, false, true);
      result[1] = String.valueOf(Ast.walk(tree).size());
    }, "small-stack", 256 * 1024);
    t.start();
    t.join();
    assertEquals(true, result[0] != null && result[0].startsWith("Module([Assign([Name('x', Store()"), "dump completed");
    // Module, Assign, Name, Store, 2980 x (Lambda, arguments), Constant
    assertEquals(String.valueOf(4 + 2 * 2980 + 1), result[1]);
  }

  @Test
  void chainsJustUnderTheLimitParse() {
    // Module > Expr > 2990 BinOps > Constant = 2993 levels, within CPython's 2994 at module level.
    PyNode tree = PythonParser.parse("1" + "+1".repeat(2990));
    assertEquals("BinOp", tree.nodes("body").get(0).node("value").type());
  }

  @Test
  void nestedLambdaDefaultsHitTheNestingLimit() {
    String src = "lambda a=".repeat(5_000) + "0" + ": 0".repeat(5_000);
    PythonSyntaxException ex = assertThrows(PythonSyntaxException.class, () -> PythonParser.parse(src));
    assertEquals(PythonSyntaxException.Kind.TOO_DEEPLY_NESTED, ex.kind());
  }

  @Test
  void deeplyIndentedBlocksAreTooManyLevelsOfIndentation() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 101; i++) {
      sb.append(" ".repeat(i)).append("if x:\n");
    }
    sb.append(" ".repeat(101)).append("pass\n");
    PythonSyntaxException ex = assertThrows(PythonSyntaxException.class, () -> PythonParser.parse(sb.toString()));
    assertEquals(PythonSyntaxException.Kind.INDENTATION_ERROR, ex.kind());
    assertEquals("too many levels of indentation", ex.msg());
    assertEquals(101, ex.line());
  }

  @Test
  void fiftyMegabyteStringLiteralLineParses() {
    int n = 50 * 1024 * 1024;
    String src = "x = '" + "a".repeat(n) + "'\n";
    PyNode tree = PythonParser.parse(src);
    PyNode value = tree.nodes("body").get(0).node("value");
    assertEquals(n, ((String) value.get("value")).length());
    assertEquals(n + 6, value.endColOffset());
  }

  @Test
  void fiftyMegabyteOperatorLineFailsWithATypedErrorInBoundedMemory() {
    String src = "x = " + "a+".repeat(25 * 1024 * 1024) + "a\n";
    PythonSyntaxException ex = assertThrows(PythonSyntaxException.class, () -> PythonParser.parse(src));
    assertEquals(PythonSyntaxException.Kind.TOO_LARGE, ex.kind());
    assertEquals("source too large to parse: more than 8000000 tokens", ex.msg());
  }

  @Test
  void aMillionTokenLineParses() {
    String src = "x = [" + "a, ".repeat(500_000) + "]\n";
    PyNode list = PythonParser.parse(src).nodes("body").get(0).node("value");
    assertEquals(500_000, list.nodes("elts").size());
  }

  @Test
  void fiftyMegabyteGarbageLineIsASyntaxError() {
    String src = "x = 1 " + "$".repeat(50 * 1024 * 1024) + "\n";
    PythonSyntaxException ex = assertThrows(PythonSyntaxException.class, () -> PythonParser.parse(src));
    assertEquals("invalid syntax", ex.msg());
    assertEquals(7, ex.column());
  }
}

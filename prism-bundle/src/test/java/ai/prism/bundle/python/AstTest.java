package ai.prism.bundle.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** ast.walk order, get_source_segment with UTF-8 columns, reprs and version layouts. */
class AstTest {

  @Test
  void walkIsBreadthFirstInFieldOrderIncludingContexts() {
    PyNode tree = PythonParser.parse("x = f(a.b, 1)\n");
    String kinds = Ast.walk(tree).stream().map(PyNode::type).collect(Collectors.joining(","));
    // python3 -c "import ast;print(','.join(type(n).__name__ for n in ast.walk(ast.parse('x = f(a.b, 1)'))))"
    assertEquals("Module,Assign,Name,Call,Store,Name,Attribute,Constant,Load,Name,Load,Load", kinds);
  }

  @Test
  void positionsAreUtf8ByteColumnsAndSegmentsSliceThem() {
    String src = "s = 'é€😀' + naïve\n";
    PyNode tree = PythonParser.parse(src);
    PyNode binop = tree.nodes("body").get(0).node("value");
    PyNode name = binop.node("right");
    // 'é€😀' is 2+3+4 bytes: the string token spans bytes 4..15.
    assertEquals(4, binop.node("left").colOffset());
    assertEquals(15, binop.node("left").endColOffset());
    assertEquals(18, name.colOffset());
    assertEquals(24, name.endColOffset());
    assertEquals("naïve", Ast.sourceSegment(src, name));
    assertEquals("'é€😀' + naïve", Ast.sourceSegment(src, binop));
  }

  @Test
  void multiLineSegmentsKeepLineEndings() {
    String src = "x = [1,\r\n     2]\r\n";
    PyNode list = PythonParser.parse(src).nodes("body").get(0).node("value");
    assertEquals("[1,\r\n     2]", Ast.sourceSegment(src, list));
    assertNull(Ast.sourceSegment(src, PythonParser.parse(src)));
  }

  @Test
  void py312LayoutAddsTypeParams() {
    PyNode f311 = PythonParser.parse("def f(): pass\n").nodes("body").get(0);
    PyNode f312 = PythonParser.parse("def f(): pass\n", PythonVersion.PY312).nodes("body").get(0);
    assertEquals(List.of("name", "args", "body", "decorator_list", "returns", "type_comment"), f311.fieldNames());
    assertEquals("type_params", f312.fieldNames().get(6));
    assertEquals(
        "Module([FunctionDef('f', arguments([], [], kwonlyargs=[], kw_defaults=[], defaults=[]), [Pass()], [], type_params=[])], [])",
        Ast.dump(PythonParser.parse("def f(): pass\n", PythonVersion.PY312), false, false));
  }

  @Test
  void reprsFollowPython() {
    assertEquals("Module([Expr(Constant(1e-05)), Expr(Constant(1e+16)), Expr(Constant(inf)), Expr(Constant(1j)),"
        + " Expr(Constant(0.1)), Expr(Constant(1000000000000000.0)), Expr(Constant(Ellipsis)),"
        + " Expr(Constant(b'\\x00\"')), Expr(Constant(\"it's\"))], [])",
        Ast.dump(PythonParser.parse("1e-5\n1e16\n1e999\n1j\n.1\n1e15\n...\nb'\\0\"'\n\"it's\"\n"), false, false));
  }

  @Test
  void escapedSurrogatePairsStayTwoCodePoints() {
    PyNode c = PythonParser.parse("'\\ud834\\udd1e'\n").nodes("body").get(0).node("value");
    PyConstant.SurrogateStr s = (PyConstant.SurrogateStr) c.get("value");
    assertEquals(2, s.codePoints().length);
    assertEquals("Constant(value='\\ud834\\udd1e')", Ast.dump(c));
  }
}

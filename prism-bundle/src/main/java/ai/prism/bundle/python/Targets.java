package ai.prism.bundle.python;

import java.util.ArrayList;
import java.util.List;

/** Assignment and deletion targets: re-contexting parsed expressions to Store/Del and CPython's target errors. */
final class Targets {
  private Targets() {}

  /** The expression as an assignment target (ctx Store), or null when it is not a valid target. */
  static PyNode tryStore(Parser ps, PyNode e) {
    return recontext(ps, e, ps.n.store, true);
  }

  /** The expression as a del target (ctx Del), or null. */
  static PyNode tryDel(Parser ps, PyNode e) {
    return recontext(ps, e, ps.n.del, false);
  }

  /** A known-valid single target (Name/Attribute/Subscript) with ctx Store. */
  static PyNode store(Parser ps, PyNode e) {
    PyNode r = tryStore(ps, e);
    if (r == null) {
      throw new IllegalStateException("not a target: " + e.type());
    }
    return r;
  }

  private static PyNode recontext(Parser ps, PyNode e, PyNode ctx, boolean allowStarred) {
    switch (e.type()) {
      case "Name":
      case "Attribute":
      case "Subscript":
        return withCtx(e, ctx);
      case "Starred":
        {
          if (!allowStarred) {
            return null;
          }
          PyNode v = recontext(ps, e.node("value"), ctx, allowStarred);
          if (v == null) {
            return null;
          }
          return rebuild(e, List.of(v, ctx));
        }
      case "Tuple":
      case "List":
        {
          List<PyNode> elts = e.nodes("elts");
          List<PyNode> out = new ArrayList<>(elts.size());
          for (PyNode x : elts) {
            PyNode r = recontext(ps, x, ctx, allowStarred);
            if (r == null) {
              return null;
            }
            out.add(r);
          }
          return rebuild(e, List.of(out, ctx));
        }
      default:
        return null;
    }
  }

  private static PyNode withCtx(PyNode e, PyNode ctx) {
    List<Object> vals = new ArrayList<>(e.values());
    vals.set(vals.size() - 1, ctx);
    return rebuild(e, vals);
  }

  private static PyNode rebuild(PyNode e, List<?> vals) {
    return new PyNode(e.type(), e.fieldNames(), vals, e.lineno(), e.colOffset(), e.endLineno(), e.endColOffset());
  }

  /** CPython's {@code _PyPegen_get_expr_name}. */
  static String exprName(PyNode e) {
    switch (e.type()) {
      case "Attribute":
        return "attribute";
      case "Subscript":
        return "subscript";
      case "Starred":
        return "starred";
      case "Name":
        return "name";
      case "List":
        return "list";
      case "Tuple":
        return "tuple";
      case "Lambda":
        return "lambda";
      case "Call":
        return "function call";
      case "BoolOp":
      case "BinOp":
      case "UnaryOp":
        return "expression";
      case "GeneratorExp":
        return "generator expression";
      case "Yield":
      case "YieldFrom":
        return "yield expression";
      case "Await":
        return "await expression";
      case "ListComp":
        return "list comprehension";
      case "SetComp":
        return "set comprehension";
      case "DictComp":
        return "dict comprehension";
      case "Dict":
        return "dict literal";
      case "Set":
        return "set display";
      case "JoinedStr":
      case "FormattedValue":
        return "f-string expression";
      case "Constant":
        {
          Object v = e.get("value");
          if (v == PyConstant.NONE) {
            return "None";
          }
          if (v == Boolean.TRUE) {
            return "True";
          }
          if (v == Boolean.FALSE) {
            return "False";
          }
          if (v == PyConstant.ELLIPSIS) {
            return "ellipsis";
          }
          return "literal";
        }
      case "Compare":
        return "comparison";
      case "IfExp":
        return "conditional expression";
      case "NamedExpr":
        return "named expression";
      default:
        return e.type();
    }
  }

  /** The first sub-expression that makes {@code e} an invalid target (CPython's _PyPegen_get_invalid_target). */
  static PyNode invalidTarget(PyNode e, boolean del) {
    switch (e.type()) {
      case "Name":
      case "Attribute":
      case "Subscript":
        return null;
      case "Starred":
        if (del) {
          return e;
        }
        return invalidTarget(e.node("value"), false);
      case "Tuple":
      case "List":
        for (PyNode x : e.nodes("elts")) {
          PyNode bad = invalidTarget(x, del);
          if (bad != null) {
            return bad;
          }
        }
        return null;
      case "Compare":
        if (!del && e.nodes("ops").get(0).type().equals("In")) {
          return invalidTarget(e.node("left"), false);
        }
        return e;
      default:
        return e;
    }
  }

  /** The SyntaxError CPython reports for an invalid assignment target. */
  static PythonSyntaxException assignError(Parser ps, PyNode e) {
    PyNode bad = invalidTarget(e, false);
    if (bad == null) {
      bad = e;
    }
    if (bad.type().equals("Yield") || bad.type().equals("YieldFrom")) {
      return ps.errNode("assignment to yield expression not possible", bad);
    }
    return ps.errNode("cannot assign to " + exprName(bad), bad);
  }

  /** The SyntaxError CPython reports for an invalid del target. */
  static PythonSyntaxException delError(Parser ps, PyNode e) {
    PyNode bad = invalidTarget(e, true);
    if (bad == null) {
      bad = e;
    }
    return ps.errNode("cannot delete " + exprName(bad), bad);
  }

  /** CPython's invalid_kwarg for {@code f(expr=value)}. */
  static PythonSyntaxException keywordError(Parser ps, PyNode e) {
    String t = e.type();
    if (t.equals("Constant")) {
      Object v = e.get("value");
      if (v == Boolean.TRUE || v == Boolean.FALSE || v == PyConstant.NONE) {
        return ps.errNode("cannot assign to " + exprName(e), e);
      }
    }
    return ps.errNode("expression cannot contain assignment, perhaps you meant \"==\"?", e);
  }
}

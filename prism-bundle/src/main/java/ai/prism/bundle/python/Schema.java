package ai.prism.bundle.python;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPython's {@code ast} node classes for each supported version: {@code _fields} in order, which fields
 * are optional ({@code ?} in the ASDL, class default {@code None}) and which classes carry position
 * attributes. Generated from {@code ast.AST} subclasses of CPython 3.11 and 3.12.
 */
final class Schema {
  private Schema() {}

  /** One node class: name, fields in {@code _fields} order, optional flags, position attributes. */
  record Kind(String name, List<String> fields, boolean[] optional, boolean hasAttributes) {
    boolean isOptional(String field) {
      int i = fields.indexOf(field);
      return i >= 0 && optional[i];
    }
  }

  /** 3.12 layout; {@code PY311} drops {@code type_params} and the 3.12-only classes. */
  private static final String[] PY312 = {
    "Module body type_ignores",
    "Interactive body",
    "Expression body",
    "FunctionType argtypes returns",
    "FunctionDef name args body decorator_list returns? type_comment? type_params @",
    "AsyncFunctionDef name args body decorator_list returns? type_comment? type_params @",
    "ClassDef name bases keywords body decorator_list type_params @",
    "Return value? @",
    "Delete targets @",
    "Assign targets value type_comment? @",
    "TypeAlias name type_params value @",
    "AugAssign target op value @",
    "AnnAssign target annotation value? simple @",
    "For target iter body orelse type_comment? @",
    "AsyncFor target iter body orelse type_comment? @",
    "While test body orelse @",
    "If test body orelse @",
    "With items body type_comment? @",
    "AsyncWith items body type_comment? @",
    "Match subject cases @",
    "Raise exc? cause? @",
    "Try body handlers orelse finalbody @",
    "TryStar body handlers orelse finalbody @",
    "Assert test msg? @",
    "Import names @",
    "ImportFrom module? names level? @",
    "Global names @",
    "Nonlocal names @",
    "Expr value @",
    "Pass @",
    "Break @",
    "Continue @",
    "BoolOp op values @",
    "NamedExpr target value @",
    "BinOp left op right @",
    "UnaryOp op operand @",
    "Lambda args body @",
    "IfExp test body orelse @",
    "Dict keys values @",
    "Set elts @",
    "ListComp elt generators @",
    "SetComp elt generators @",
    "DictComp key value generators @",
    "GeneratorExp elt generators @",
    "Await value @",
    "Yield value? @",
    "YieldFrom value @",
    "Compare left ops comparators @",
    "Call func args keywords @",
    "FormattedValue value conversion format_spec? @",
    "JoinedStr values @",
    "Constant value kind? @",
    "Attribute value attr ctx @",
    "Subscript value slice ctx @",
    "Starred value ctx @",
    "Name id ctx @",
    "List elts ctx @",
    "Tuple elts ctx @",
    "Slice lower? upper? step? @",
    "Load", "Store", "Del",
    "And", "Or",
    "Add", "Sub", "Mult", "MatMult", "Div", "Mod", "Pow", "LShift", "RShift", "BitOr", "BitXor", "BitAnd",
    "FloorDiv",
    "Invert", "Not", "UAdd", "USub",
    "Eq", "NotEq", "Lt", "LtE", "Gt", "GtE", "Is", "IsNot", "In", "NotIn",
    "comprehension target iter ifs is_async",
    "ExceptHandler type? name? body @",
    "arguments posonlyargs args vararg? kwonlyargs kw_defaults kwarg? defaults",
    "arg arg annotation? type_comment? @",
    "keyword arg? value @",
    "alias name asname? @",
    "withitem context_expr optional_vars?",
    "match_case pattern guard? body",
    "MatchValue value @",
    "MatchSingleton value @",
    "MatchSequence patterns @",
    "MatchMapping keys patterns rest? @",
    "MatchClass cls patterns kwd_attrs kwd_patterns @",
    "MatchStar name? @",
    "MatchAs pattern? name? @",
    "MatchOr patterns @",
    "TypeIgnore lineno tag",
    "TypeVar name bound? @",
    "ParamSpec name @",
    "TypeVarTuple name @",
  };

  private static final List<String> PY312_ONLY_KINDS = List.of("TypeAlias", "TypeVar", "ParamSpec", "TypeVarTuple");

  private static final Map<String, Kind> KINDS_311 = build(false);
  private static final Map<String, Kind> KINDS_312 = build(true);
  /** Every kind of every version, for rendering trees whatever their version (3.12 is a superset). */
  private static final Map<String, Kind> ALL = KINDS_312;

  private static Map<String, Kind> build(boolean py312) {
    Map<String, Kind> kinds = new HashMap<>();
    for (String spec : PY312) {
      String[] parts = spec.split(" ");
      String name = parts[0];
      if (!py312 && PY312_ONLY_KINDS.contains(name)) {
        continue;
      }
      boolean attrs = false;
      java.util.ArrayList<String> fields = new java.util.ArrayList<>();
      java.util.ArrayList<Boolean> optional = new java.util.ArrayList<>();
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i];
        if (p.equals("@")) {
          attrs = true;
        } else if (py312 || !p.equals("type_params")) {
          boolean opt = p.endsWith("?");
          fields.add(opt ? p.substring(0, p.length() - 1) : p);
          optional.add(opt);
        }
      }
      boolean[] opt = new boolean[optional.size()];
      for (int i = 0; i < opt.length; i++) {
        opt[i] = optional.get(i);
      }
      kinds.put(name, new Kind(name, List.copyOf(fields), opt, attrs));
    }
    return Map.copyOf(kinds);
  }

  /** The node class {@code name} of {@code version}; unknown names are an error. */
  static Kind kind(PythonVersion version, String name) {
    Kind k = (version == PythonVersion.PY311 ? KINDS_311 : KINDS_312).get(name);
    if (k == null) {
      throw new IllegalArgumentException("no ast node class " + name + " in " + version);
    }
    return k;
  }

  /** The node class {@code name} in any version, or {@code null} for a kind CPython does not have. */
  static Kind anyKind(String name) {
    return ALL.get(name);
  }
}

package ai.prism.bundle.python;

import java.util.HashMap;
import java.util.Map;

/** The node classes of one Python version, resolved once, and the shared context/operator singletons. */
@SuppressWarnings("checkstyle:MemberName")
final class Nodes {
  private static final Nodes PY311 = new Nodes(PythonVersion.PY311);
  private static final Nodes PY312 = new Nodes(PythonVersion.PY312);

  static Nodes of(PythonVersion version) {
    return version == PythonVersion.PY311 ? PY311 : PY312;
  }

  final Schema.Kind Module;
  final Schema.Kind FunctionDef;
  final Schema.Kind AsyncFunctionDef;
  final Schema.Kind ClassDef;
  final Schema.Kind Return;
  final Schema.Kind Delete;
  final Schema.Kind Assign;
  final Schema.Kind TypeAlias;
  final Schema.Kind AugAssign;
  final Schema.Kind AnnAssign;
  final Schema.Kind For;
  final Schema.Kind AsyncFor;
  final Schema.Kind While;
  final Schema.Kind If;
  final Schema.Kind With;
  final Schema.Kind AsyncWith;
  final Schema.Kind Match;
  final Schema.Kind Raise;
  final Schema.Kind Try;
  final Schema.Kind TryStar;
  final Schema.Kind Assert;
  final Schema.Kind Import;
  final Schema.Kind ImportFrom;
  final Schema.Kind Global;
  final Schema.Kind Nonlocal;
  final Schema.Kind Expr;
  final Schema.Kind Pass;
  final Schema.Kind Break;
  final Schema.Kind Continue;
  final Schema.Kind BoolOp;
  final Schema.Kind NamedExpr;
  final Schema.Kind BinOp;
  final Schema.Kind UnaryOp;
  final Schema.Kind Lambda;
  final Schema.Kind IfExp;
  final Schema.Kind Dict;
  final Schema.Kind Set;
  final Schema.Kind ListComp;
  final Schema.Kind SetComp;
  final Schema.Kind DictComp;
  final Schema.Kind GeneratorExp;
  final Schema.Kind Await;
  final Schema.Kind Yield;
  final Schema.Kind YieldFrom;
  final Schema.Kind Compare;
  final Schema.Kind Call;
  final Schema.Kind FormattedValue;
  final Schema.Kind JoinedStr;
  final Schema.Kind Constant;
  final Schema.Kind Attribute;
  final Schema.Kind Subscript;
  final Schema.Kind Starred;
  final Schema.Kind Name;
  final Schema.Kind List;
  final Schema.Kind Tuple;
  final Schema.Kind Slice;
  final Schema.Kind comprehension;
  final Schema.Kind ExceptHandler;
  final Schema.Kind arguments;
  final Schema.Kind arg;
  final Schema.Kind keyword;
  final Schema.Kind alias;
  final Schema.Kind withitem;
  final Schema.Kind match_case;
  final Schema.Kind MatchValue;
  final Schema.Kind MatchSingleton;
  final Schema.Kind MatchSequence;
  final Schema.Kind MatchMapping;
  final Schema.Kind MatchClass;
  final Schema.Kind MatchStar;
  final Schema.Kind MatchAs;
  final Schema.Kind MatchOr;
  final Schema.Kind TypeVar;
  final Schema.Kind ParamSpec;
  final Schema.Kind TypeVarTuple;

  final PyNode load;
  final PyNode store;
  final PyNode del;
  private final Map<String, PyNode> ops = new HashMap<>();

  private Nodes(PythonVersion v) {
    Module = Schema.kind(v, "Module");
    FunctionDef = Schema.kind(v, "FunctionDef");
    AsyncFunctionDef = Schema.kind(v, "AsyncFunctionDef");
    ClassDef = Schema.kind(v, "ClassDef");
    Return = Schema.kind(v, "Return");
    Delete = Schema.kind(v, "Delete");
    Assign = Schema.kind(v, "Assign");
    TypeAlias = v == PythonVersion.PY312 ? Schema.kind(v, "TypeAlias") : null;
    AugAssign = Schema.kind(v, "AugAssign");
    AnnAssign = Schema.kind(v, "AnnAssign");
    For = Schema.kind(v, "For");
    AsyncFor = Schema.kind(v, "AsyncFor");
    While = Schema.kind(v, "While");
    If = Schema.kind(v, "If");
    With = Schema.kind(v, "With");
    AsyncWith = Schema.kind(v, "AsyncWith");
    Match = Schema.kind(v, "Match");
    Raise = Schema.kind(v, "Raise");
    Try = Schema.kind(v, "Try");
    TryStar = Schema.kind(v, "TryStar");
    Assert = Schema.kind(v, "Assert");
    Import = Schema.kind(v, "Import");
    ImportFrom = Schema.kind(v, "ImportFrom");
    Global = Schema.kind(v, "Global");
    Nonlocal = Schema.kind(v, "Nonlocal");
    Expr = Schema.kind(v, "Expr");
    Pass = Schema.kind(v, "Pass");
    Break = Schema.kind(v, "Break");
    Continue = Schema.kind(v, "Continue");
    BoolOp = Schema.kind(v, "BoolOp");
    NamedExpr = Schema.kind(v, "NamedExpr");
    BinOp = Schema.kind(v, "BinOp");
    UnaryOp = Schema.kind(v, "UnaryOp");
    Lambda = Schema.kind(v, "Lambda");
    IfExp = Schema.kind(v, "IfExp");
    Dict = Schema.kind(v, "Dict");
    Set = Schema.kind(v, "Set");
    ListComp = Schema.kind(v, "ListComp");
    SetComp = Schema.kind(v, "SetComp");
    DictComp = Schema.kind(v, "DictComp");
    GeneratorExp = Schema.kind(v, "GeneratorExp");
    Await = Schema.kind(v, "Await");
    Yield = Schema.kind(v, "Yield");
    YieldFrom = Schema.kind(v, "YieldFrom");
    Compare = Schema.kind(v, "Compare");
    Call = Schema.kind(v, "Call");
    FormattedValue = Schema.kind(v, "FormattedValue");
    JoinedStr = Schema.kind(v, "JoinedStr");
    Constant = Schema.kind(v, "Constant");
    Attribute = Schema.kind(v, "Attribute");
    Subscript = Schema.kind(v, "Subscript");
    Starred = Schema.kind(v, "Starred");
    Name = Schema.kind(v, "Name");
    List = Schema.kind(v, "List");
    Tuple = Schema.kind(v, "Tuple");
    Slice = Schema.kind(v, "Slice");
    comprehension = Schema.kind(v, "comprehension");
    ExceptHandler = Schema.kind(v, "ExceptHandler");
    arguments = Schema.kind(v, "arguments");
    arg = Schema.kind(v, "arg");
    keyword = Schema.kind(v, "keyword");
    alias = Schema.kind(v, "alias");
    withitem = Schema.kind(v, "withitem");
    match_case = Schema.kind(v, "match_case");
    MatchValue = Schema.kind(v, "MatchValue");
    MatchSingleton = Schema.kind(v, "MatchSingleton");
    MatchSequence = Schema.kind(v, "MatchSequence");
    MatchMapping = Schema.kind(v, "MatchMapping");
    MatchClass = Schema.kind(v, "MatchClass");
    MatchStar = Schema.kind(v, "MatchStar");
    MatchAs = Schema.kind(v, "MatchAs");
    MatchOr = Schema.kind(v, "MatchOr");
    TypeVar = v == PythonVersion.PY312 ? Schema.kind(v, "TypeVar") : null;
    ParamSpec = v == PythonVersion.PY312 ? Schema.kind(v, "ParamSpec") : null;
    TypeVarTuple = v == PythonVersion.PY312 ? Schema.kind(v, "TypeVarTuple") : null;
    load = new PyNode("Load", java.util.List.of(), java.util.List.of());
    store = new PyNode("Store", java.util.List.of(), java.util.List.of());
    del = new PyNode("Del", java.util.List.of(), java.util.List.of());
    for (String op : new String[] {
      "And", "Or", "Add", "Sub", "Mult", "MatMult", "Div", "Mod", "Pow", "LShift", "RShift", "BitOr", "BitXor",
      "BitAnd", "FloorDiv", "Invert", "Not", "UAdd", "USub", "Eq", "NotEq", "Lt", "LtE", "Gt", "GtE", "Is", "IsNot",
      "In", "NotIn"
    }) {
      ops.put(op, new PyNode(op, java.util.List.of(), java.util.List.of()));
    }
  }

  /** The shared operator node of that class name. */
  PyNode op(String name) {
    return ops.get(name);
  }
}

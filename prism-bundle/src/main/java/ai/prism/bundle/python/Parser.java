package ai.prism.bundle.python;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A recursive-descent parser for CPython 3.11's PEG grammar ({@code Grammar/python.gram}) that builds
 * CPython's {@code ast} tree. Like CPython it parses in two passes: a fast pass, and on failure an
 * error pass that enables the {@code invalid_*} checks for CPython's specific messages; a generic
 * failure is reported at the furthest token the fast pass looked at. Chains (binary operators,
 * attribute/call/subscript trailers, {@code not}/unary prefixes, {@code **}, conditional expressions,
 * lambdas) are built iteratively so that Java recursion only grows with bracket nesting, which the
 * tokenizer caps at 200 levels.
 */
final class Parser {
  /** Thrown to abandon the current alternative; preallocated, no stack trace. */
  static final class Fail extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Fail() {
      super(null, null, false, false);
    }
  }

  static final Fail FAIL = new Fail();

  /** Nested expression parses (through brackets and lambda defaults) allowed before "too complex". */
  static final int MAX_EXPRESSION_NESTING = 1000;

  private static final String[] AUG_OPS = new String[Tok.COLONEQUAL + 1];
  private static final String[] COMPARE_OPS = new String[Tok.YIELD + 1];
  private static final String[] BIN_OPS = new String[Tok.COLONEQUAL + 1];

  static {
    Object[][] aug = {
      {Tok.PLUSEQUAL, "Add"}, {Tok.MINEQUAL, "Sub"}, {Tok.STAREQUAL, "Mult"}, {Tok.ATEQUAL, "MatMult"},
      {Tok.SLASHEQUAL, "Div"}, {Tok.PERCENTEQUAL, "Mod"}, {Tok.AMPEREQUAL, "BitAnd"}, {Tok.VBAREQUAL, "BitOr"},
      {Tok.CIRCUMFLEXEQUAL, "BitXor"}, {Tok.LEFTSHIFTEQUAL, "LShift"}, {Tok.RIGHTSHIFTEQUAL, "RShift"},
      {Tok.DOUBLESTAREQUAL, "Pow"}, {Tok.DOUBLESLASHEQUAL, "FloorDiv"}
    };
    for (Object[] e : aug) {
      AUG_OPS[(Integer) e[0]] = (String) e[1];
    }
    Object[][] cmp = {
      {Tok.EQEQUAL, "Eq"}, {Tok.NOTEQUAL, "NotEq"}, {Tok.LESSEQUAL, "LtE"}, {Tok.LESS, "Lt"},
      {Tok.GREATEREQUAL, "GtE"}, {Tok.GREATER, "Gt"}, {Tok.IN, "In"}
    };
    for (Object[] e : cmp) {
      COMPARE_OPS[(Integer) e[0]] = (String) e[1];
    }
    Object[][] bin = {
      {Tok.VBAR, "BitOr"}, {Tok.CIRCUMFLEX, "BitXor"}, {Tok.AMPER, "BitAnd"}, {Tok.LEFTSHIFT, "LShift"},
      {Tok.RIGHTSHIFT, "RShift"}, {Tok.PLUS, "Add"}, {Tok.MINUS, "Sub"}, {Tok.STAR, "Mult"}, {Tok.SLASH, "Div"},
      {Tok.DOUBLESLASH, "FloorDiv"}, {Tok.PERCENT, "Mod"}, {Tok.AT, "MatMult"}
    };
    for (Object[] e : bin) {
      BIN_OPS[(Integer) e[0]] = (String) e[1];
    }
  }

  final Lexer lx;
  final PythonVersion version;
  final Nodes n;
  int p;
  int maxFetched;
  boolean errorPass;
  private int nesting;
  /** Set while parsing an f-string expression (CPython's fstring_input start rule). */
  boolean fstringMode;
  /** Tokenizer error raised while the fast pass fetched tokens. */
  PythonSyntaxException lexError;

  Parser(Lexer lx, PythonVersion version) {
    this.lx = lx;
    this.version = version;
    this.n = Nodes.of(version);
  }

  // ================================================================ token access

  int kind(int i) {
    if (i >= lx.count) {
      fill(i);
      if (i >= lx.count) {
        if (lexError != null || lx.count == 0) {
          throw FAIL;
        }
        i = lx.count - 1;
      }
    }
    if (i > maxFetched) {
      maxFetched = i;
    }
    return lx.kind[i];
  }

  private void fill(int i) {
    while (lx.count <= i && !lx.isDone() && lexError == null) {
      try {
        lx.next();
      } catch (PythonSyntaxException e) {
        if (e.kind() == PythonSyntaxException.Kind.TOO_LARGE) {
          throw e;
        }
        lexError = e;
      }
    }
  }

  int k() {
    return kind(p);
  }

  boolean at(int kind) {
    return kind(p) == kind;
  }

  boolean accept(int kind) {
    if (kind(p) == kind) {
      p++;
      return true;
    }
    return false;
  }

  int expect(int kind) {
    if (kind(p) != kind) {
      throw FAIL;
    }
    return p++;
  }

  boolean atSoft(String word) {
    return kind(p) == Tok.NAME && lx.names[p].equals(word);
  }

  String name(int i) {
    return lx.names[i];
  }

  String identifier(int i) {
    return Identifiers.normalize(lx.names[i]);
  }

  /** Index of the last consumed token that is not NEWLINE/INDENT/DEDENT (CPython's EXTRA end). */
  int lastTok() {
    int m = p - 1;
    while (m > 0) {
      int kd = lx.kind[m];
      if (kd != Tok.ENDMARKER && (kd < Tok.NEWLINE || kd > Tok.DEDENT)) {
        break;
      }
      m--;
    }
    return m;
  }

  // ================================================================ node construction

  PyNode mk(Schema.Kind kind, int startTok, Object... values) {
    int e = lastTok();
    return new PyNode(
        kind.name(), kind.fields(), Arrays.asList(values), lx.sLine[startTok], lx.sCol[startTok], lx.eLine[e], lx.eCol[e]);
  }

  static PyNode mkAt(Schema.Kind kind, int l, int c, int el, int ec, Object... values) {
    return new PyNode(kind.name(), kind.fields(), Arrays.asList(values), l, c, el, ec);
  }

  PyNode plain(Schema.Kind kind, Object... values) {
    return new PyNode(kind.name(), kind.fields(), Arrays.asList(values));
  }

  // ================================================================ errors

  /** A SyntaxError spanning tokens {@code from}..{@code to} (inclusive). */
  PythonSyntaxException errTokens(String msg, int from, int to) {
    return new PythonSyntaxException(
        PythonSyntaxException.Kind.SYNTAX_ERROR,
        msg,
        lx.sLine[from],
        charCol(lx.sPos[from]) + 1,
        lx.eLine[to],
        charCol(lx.ePos[to]) + 1);
  }

  /** A SyntaxError spanning two nodes (CPython's RAISE_SYNTAX_ERROR_KNOWN_RANGE). */
  PythonSyntaxException errNodes(String msg, PyNode a, PyNode b) {
    return errAt(PythonSyntaxException.Kind.SYNTAX_ERROR, msg, a.lineno(), a.colOffset(), b.endLineno(), b.endColOffset());
  }

  PythonSyntaxException errNode(String msg, PyNode a) {
    return errNodes(msg, a, a);
  }

  /** A SyntaxError at the last token fetched (CPython's RAISE_SYNTAX_ERROR). */
  PythonSyntaxException errLast(String msg) {
    int t = Math.min(maxFetched, lx.count - 1);
    if (lx.kind[t] == Tok.ENDMARKER) {
      return PythonParser.atEnd(this, msg, PythonSyntaxException.Kind.SYNTAX_ERROR);
    }
    return errTokens(msg, t, t);
  }

  /** A forced token ({@code &&'x'} in the grammar): missing, it is an error in either pass. */
  int forced(int kind, String text) {
    if (k() != kind) {
      throw errTokens("expected '" + text + "'", p, p);
    }
    return p++;
  }

  /** An error at byte positions, converted to CPython's 1-based character offsets. */
  PythonSyntaxException errAt(PythonSyntaxException.Kind kind, String msg, int line, int byteCol, int endLine, int endByteCol) {
    // Node positions of an f-string expression are shifted into the file; its errors are not (CPython).
    if (line == lx.baseLine()) {
      byteCol -= lx.baseCol();
    }
    if (endLine == lx.baseLine()) {
      endByteCol -= lx.baseCol();
    }
    return new PythonSyntaxException(kind, msg, line, byteToCharCol(line, byteCol) + 1, endLine, byteToCharCol(endLine, endByteCol) + 1);
  }

  /** Character column of buffer index {@code pos} (code points since the line start). */
  int charCol(int pos) {
    char[] b = lx.buf;
    int s = pos;
    while (s > 0 && b[s - 1] != '\n') {
      s--;
    }
    return Character.codePointCount(b, s, pos - s) + (s == 0 ? lx.baseCharCol : 0);
  }

  /** Converts a UTF-8 byte column on {@code line} to a character column. */
  int byteToCharCol(int line, int byteCol) {
    char[] b = lx.buf;
    int l = lx.baseLine();
    int s = 0;
    int target = line;
    while (l < target && s < b.length) {
      if (b[s] == '\n') {
        l++;
      }
      s++;
    }
    int bytes = 0;
    int chars = 0;
    int i = s;
    while (i < b.length && bytes < byteCol && b[i] != '\n') {
      char c = b[i];
      if (Character.isHighSurrogate(c) && i + 1 < b.length) {
        bytes += 4;
        i += 2;
      } else {
        bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        i++;
      }
      chars++;
    }
    return chars + (bytes < byteCol ? byteCol - bytes : 0);
  }

  /**
   * Whether a chain (operators, trailers, prefixes) is longer than the deepest tree CPython can build.
   * CPython still parses the whole file (a later syntax error wins) and fails when it builds the tree;
   * past the limit the parser keeps parsing but stops building nodes, so memory stays bounded.
   */
  boolean tooDeep;

  private boolean over(int length) {
    if (length > PythonParser.MAX_TREE_DEPTH) {
      tooDeep = true;
      return true;
    }
    return false;
  }

  private void enter() {
    if (++nesting > MAX_EXPRESSION_NESTING) {
      throw new PythonSyntaxException(
          PythonSyntaxException.Kind.TOO_DEEPLY_NESTED,
          "too many nested expressions (more than " + MAX_EXPRESSION_NESTING + " levels): source too complex to parse",
          -1, -1, -1, -1);
    }
  }

  private void leave() {
    nesting--;
  }

  // ================================================================ module and statements

  PyNode file() {
    List<PyNode> body = new ArrayList<>();
    while (!at(Tok.ENDMARKER)) {
      statement(body);
    }
    return plain(n.Module, body, List.of());
  }

  /** An f-string expression: {@code star_expressions} then end of input. */
  PyNode fstringExpression() {
    PyNode e = k() == Tok.YIELD ? yieldExpr() : starExpressions();
    accept(Tok.NEWLINE);
    if (!at(Tok.ENDMARKER)) {
      throw FAIL;
    }
    return e;
  }

  void statement(List<PyNode> out) {
    switch (k()) {
      case Tok.DEF:
        out.add(functionDef(p, List.of(), false));
        return;
      case Tok.IF:
        out.add(ifStmt(false));
        return;
      case Tok.CLASS:
        out.add(classDef(p, List.of()));
        return;
      case Tok.WITH:
        out.add(withStmt(p, false));
        return;
      case Tok.FOR:
        out.add(forStmt(p, false));
        return;
      case Tok.TRY:
        out.add(tryStmt());
        return;
      case Tok.WHILE:
        out.add(whileStmt());
        return;
      case Tok.AT:
        out.add(decorated());
        return;
      case Tok.ASYNC:
        {
          int start = p;
          int next = kind(p + 1);
          if (next == Tok.DEF) {
            p++;
            out.add(functionDef(start, List.of(), true));
            return;
          }
          if (next == Tok.WITH) {
            p++;
            out.add(withStmt(start, true));
            return;
          }
          if (next == Tok.FOR) {
            p++;
            out.add(forStmt(start, true));
            return;
          }
          break;
        }
      case Tok.NAME:
        if (name(p).equals("match")) {
          int save = p;
          PyNode m = matchStmt();
          if (m != null) {
            out.add(m);
            return;
          }
          p = save;
        }
        break;
      default:
        break;
    }
    simpleStmts(out);
  }

  void simpleStmts(List<PyNode> out) {
    out.add(simpleStmt());
    while (accept(Tok.SEMI)) {
      if (at(Tok.NEWLINE)) {
        break;
      }
      out.add(simpleStmt());
    }
    if (!accept(Tok.NEWLINE)) {
      throw FAIL;
    }
  }

  List<PyNode> block(int ownerTok, String what) {
    List<PyNode> body = new ArrayList<>();
    if (at(Tok.NEWLINE)) {
      p++;
      if (!accept(Tok.INDENT)) {
        if (errorPass) {
          throw expectedIndentedBlock(ownerTok, what);
        }
        throw FAIL;
      }
      do {
        statement(body);
      } while (!accept(Tok.DEDENT));
      return body;
    }
    simpleStmts(body);
    return body;
  }

  private PythonSyntaxException expectedIndentedBlock(int ownerTok, String what) {
    int t = p;
    kind(t);
    String msg = "expected an indented block after " + what + " on line " + lx.sLine[ownerTok];
    if (lx.kind[t] == Tok.ENDMARKER) {
      return PythonParser.atEnd(this, msg, PythonSyntaxException.Kind.INDENTATION_ERROR);
    }
    return new PythonSyntaxException(
        PythonSyntaxException.Kind.INDENTATION_ERROR,
        msg,
        lx.sLine[t],
        charCol(lx.sPos[t]) + 1,
        lx.eLine[t],
        lx.kind[t] == Tok.ENDMARKER || lx.kind[t] == Tok.DEDENT ? -1 : charCol(lx.ePos[t]) + 1);
  }

  /** {@code ':'} before a block; in the error pass CPython's "expected ':'". */
  void colon() {
    if (!accept(Tok.COLON)) {
      if (errorPass && at(Tok.NEWLINE)) {
        throw errLast("expected ':'");
      }
      throw FAIL;
    }
  }

  PyNode decorated() {
    List<PyNode> decorators = new ArrayList<>();
    while (accept(Tok.AT)) {
      decorators.add(namedExpression());
      expect(Tok.NEWLINE);
    }
    int start = p;
    if (at(Tok.DEF)) {
      return functionDef(start, decorators, false);
    }
    if (at(Tok.ASYNC) && kind(p + 1) == Tok.DEF) {
      p++;
      return functionDef(start, decorators, true);
    }
    if (at(Tok.CLASS)) {
      return classDef(start, decorators);
    }
    throw FAIL;
  }

  PyNode functionDef(int start, List<PyNode> decorators, boolean async) {
    int defTok = expect(Tok.DEF);
    int nameTok = expect(Tok.NAME);
    List<PyNode> typeParams = typeParamsOpt();
    forced(Tok.LPAR, "(");
    PyNode args = at(Tok.RPAR) ? emptyArguments() : parameters(false);
    expect(Tok.RPAR);
    PyNode returns = null;
    if (accept(Tok.RARROW)) {
      returns = expression();
    }
    forced(Tok.COLON, ":");
    List<PyNode> body = block(defTok, "function definition");
    Schema.Kind kind = async ? n.AsyncFunctionDef : n.FunctionDef;
    if (version == PythonVersion.PY311) {
      return mk(kind, start, identifier(nameTok), args, body, decorators, returns, null);
    }
    return mk(kind, start, identifier(nameTok), args, body, decorators, returns, null, typeParams);
  }

  PyNode classDef(int start, List<PyNode> decorators) {
    int classTok = expect(Tok.CLASS);
    int nameTok = expect(Tok.NAME);
    List<PyNode> typeParams = typeParamsOpt();
    List<PyNode> bases = List.of();
    List<PyNode> keywords = List.of();
    if (accept(Tok.LPAR)) {
      if (!at(Tok.RPAR)) {
        List<PyNode>[] ak = callArguments(false);
        bases = ak[0];
        keywords = ak[1];
      }
      expect(Tok.RPAR);
    }
    colon();
    List<PyNode> body = block(classTok, "class definition");
    if (version == PythonVersion.PY311) {
      return mk(n.ClassDef, start, identifier(nameTok), bases, keywords, body, decorators);
    }
    return mk(n.ClassDef, start, identifier(nameTok), bases, keywords, body, decorators, typeParams);
  }

  /** PEP 695 type parameters (3.12 only); an empty list otherwise. */
  List<PyNode> typeParamsOpt() {
    if (version == PythonVersion.PY311 || !at(Tok.LSQB)) {
      return List.of();
    }
    p++;
    List<PyNode> params = new ArrayList<>();
    do {
      if (at(Tok.RSQB)) {
        break;
      }
      int start = p;
      if (accept(Tok.STAR)) {
        int nt = expect(Tok.NAME);
        params.add(mk(n.TypeVarTuple, start, identifier(nt)));
      } else if (accept(Tok.DOUBLESTAR)) {
        int nt = expect(Tok.NAME);
        params.add(mk(n.ParamSpec, start, identifier(nt)));
      } else {
        int nt = expect(Tok.NAME);
        PyNode bound = null;
        if (accept(Tok.COLON)) {
          bound = expression();
        }
        params.add(mk(n.TypeVar, start, identifier(nt), bound));
      }
    } while (accept(Tok.COMMA));
    expect(Tok.RSQB);
    if (params.isEmpty()) {
      throw FAIL;
    }
    return params;
  }

  PyNode ifStmt(boolean elif) {
    int start = p;
    p++;
    PyNode test = namedExpression();
    colon();
    List<PyNode> body = block(start, elif ? "'elif' statement" : "'if' statement");
    List<PyNode> orelse = List.of();
    if (at(Tok.ELIF)) {
      orelse = List.of(ifStmt(true));
    } else if (at(Tok.ELSE)) {
      orelse = elseBlock();
    }
    return mk(n.If, start, test, body, orelse);
  }

  List<PyNode> elseBlock() {
    int elseTok = expect(Tok.ELSE);
    forced(Tok.COLON, ":");
    return block(elseTok, "'else' statement");
  }

  PyNode whileStmt() {
    int start = p++;
    PyNode test = namedExpression();
    colon();
    List<PyNode> body = block(start, "'while' statement");
    List<PyNode> orelse = at(Tok.ELSE) ? elseBlock() : List.of();
    return mk(n.While, start, test, body, orelse);
  }

  PyNode forStmt(int start, boolean async) {
    int forTok = expect(Tok.FOR);
    PyNode target = starTargets();
    expect(Tok.IN);
    PyNode iter = starExpressions();
    colon();
    List<PyNode> body = block(forTok, "'for' statement");
    List<PyNode> orelse = at(Tok.ELSE) ? elseBlock() : List.of();
    return mk(async ? n.AsyncFor : n.For, start, target, iter, body, orelse, null);
  }

  PyNode withStmt(int start, boolean async) {
    int withTok = expect(Tok.WITH);
    List<PyNode> items = null;
    if (at(Tok.LPAR)) {
      int save = p;
      try {
        p++;
        List<PyNode> list = new ArrayList<>();
        list.add(withItem());
        while (accept(Tok.COMMA)) {
          if (at(Tok.RPAR)) {
            break;
          }
          list.add(withItem());
        }
        expect(Tok.RPAR);
        if (!at(Tok.COLON)) {
          throw FAIL;
        }
        items = list;
      } catch (Fail f) {
        p = save;
      }
    }
    if (items == null) {
      items = new ArrayList<>();
      items.add(withItem());
      while (accept(Tok.COMMA)) {
        items.add(withItem());
      }
    }
    colon();
    List<PyNode> body = block(withTok, "'with' statement");
    return mk(async ? n.AsyncWith : n.With, start, items, body, null);
  }

  PyNode withItem() {
    PyNode e = expression();
    if (accept(Tok.AS)) {
      PyNode target = starTarget();
      int kd = k();
      if (kd != Tok.COMMA && kd != Tok.RPAR && kd != Tok.COLON) {
        throw FAIL;
      }
      return plain(n.withitem, e, target);
    }
    return plain(n.withitem, e, null);
  }

  PyNode tryStmt() {
    int start = p++;
    forced(Tok.COLON, ":");
    List<PyNode> body = block(start, "'try' statement");
    List<PyNode> handlers = new ArrayList<>();
    boolean star = false;
    while (at(Tok.EXCEPT)) {
      int exceptTok = p++;
      boolean isStar = accept(Tok.STAR);
      if (!handlers.isEmpty() && isStar != star) {
        if (errorPass) {
          throw errTokens("cannot have both 'except' and 'except*' on the same 'try'", exceptTok, exceptTok);
        }
        throw FAIL;
      }
      star = isStar;
      PyNode type = null;
      String name = null;
      if (!at(Tok.COLON) || isStar) {
        type = expression();
        if (at(Tok.COMMA) && errorPass) {
          throw errLast("multiple exception types must be parenthesized");
        }
        if (accept(Tok.AS)) {
          name = identifier(expect(Tok.NAME));
        }
      }
      colon();
      List<PyNode> hbody = block(exceptTok, isStar ? "'except*' statement" : "'except' statement");
      handlers.add(mk(n.ExceptHandler, exceptTok, type, name, hbody));
    }
    List<PyNode> orelse = List.of();
    if (!handlers.isEmpty() && at(Tok.ELSE)) {
      orelse = elseBlock();
    }
    List<PyNode> finalbody = List.of();
    if (at(Tok.FINALLY)) {
      int finTok = p++;
      forced(Tok.COLON, ":");
      finalbody = block(finTok, "'finally' statement");
    }
    if (handlers.isEmpty() && finalbody.isEmpty()) {
      if (errorPass) {
        throw errLast("expected 'except' or 'finally' block");
      }
      throw FAIL;
    }
    return mk(star ? n.TryStar : n.Try, start, body, handlers, orelse, finalbody);
  }

  // ---------------------------------------------------------------- simple statements

  PyNode simpleStmt() {
    int start = p;
    switch (k()) {
      case Tok.PASS:
        p++;
        return mk(n.Pass, start);
      case Tok.BREAK:
        p++;
        return mk(n.Break, start);
      case Tok.CONTINUE:
        p++;
        return mk(n.Continue, start);
      case Tok.RETURN:
        {
          p++;
          PyNode value = atExpressionStart() ? starExpressions() : null;
          return mk(n.Return, start, value);
        }
      case Tok.IMPORT:
        return importName();
      case Tok.FROM:
        return importFrom();
      case Tok.RAISE:
        {
          p++;
          PyNode exc = null;
          PyNode cause = null;
          if (atExpressionStart()) {
            exc = expression();
            if (accept(Tok.FROM)) {
              cause = expression();
            }
          }
          return mk(n.Raise, start, exc, cause);
        }
      case Tok.DEL:
        return delStmt();
      case Tok.ASSERT:
        {
          p++;
          PyNode test = expression();
          PyNode msg = accept(Tok.COMMA) ? expression() : null;
          return mk(n.Assert, start, test, msg);
        }
      case Tok.GLOBAL:
      case Tok.NONLOCAL:
        {
          boolean global = k() == Tok.GLOBAL;
          p++;
          List<String> names = new ArrayList<>();
          do {
            names.add(identifier(expect(Tok.NAME)));
          } while (accept(Tok.COMMA));
          return mk(global ? n.Global : n.Nonlocal, start, names);
        }
      case Tok.NAME:
        if (version == PythonVersion.PY312 && name(p).equals("type") && kind(p + 1) == Tok.NAME) {
          int save = p;
          PyNode alias = typeAlias();
          if (alias != null) {
            return alias;
          }
          p = save;
        }
        break;
      default:
        break;
    }
    return assignmentOrExpression();
  }

  private PyNode typeAlias() {
    int start = p;
    p++;
    int nameTok = p++;
    PyNode nameNode = mk(n.Name, nameTok, identifier(nameTok), n.store);
    List<PyNode> params = typeParamsOpt();
    if (!accept(Tok.EQUAL)) {
      return null;
    }
    PyNode value = expression();
    return mk(n.TypeAlias, start, nameNode, params, value);
  }

  /** Whether the current token can start an expression (used for optional values after return/raise/yield). */
  boolean atExpressionStart() {
    switch (k()) {
      case Tok.NEWLINE:
      case Tok.SEMI:
      case Tok.RPAR:
      case Tok.RSQB:
      case Tok.RBRACE:
      case Tok.COLON:
      case Tok.EQUAL:
      case Tok.ENDMARKER:
      case Tok.COMMA:
      case Tok.FROM:
      case Tok.IN:
      case Tok.IF:
      case Tok.ELSE:
      case Tok.FOR:
      case Tok.ASYNC:
      case Tok.AS:
      case Tok.EOF_IN_BRACKETS:
        return false;
      default:
        return true;
    }
  }

  PyNode assignmentOrExpression() {
    int start = p;
    if (errorPass) {
      legacyPrintCheck();
    }
    if (k() == Tok.NAME && kind(p + 1) == Tok.COLON) {
      int nameTok = p++;
      PyNode target = mk(n.Name, nameTok, identifier(nameTok), n.store);
      p++;
      PyNode annotation = expression();
      PyNode value = null;
      if (accept(Tok.EQUAL)) {
        value = annotatedRhs();
      }
      return mk(n.AnnAssign, start, target, annotation, value, 1);
    }
    PyNode first = k() == Tok.YIELD ? yieldExpr() : starExpressions();
    int kd = k();
    if (kd == Tok.EQUAL) {
      List<PyNode> targets = new ArrayList<>();
      PyNode value = first;
      while (accept(Tok.EQUAL)) {
        targets.add(value);
        value = k() == Tok.YIELD ? yieldExpr() : starExpressions();
      }
      List<PyNode> stored = new ArrayList<>(targets.size());
      for (PyNode t : targets) {
        PyNode st = Targets.tryStore(this, t);
        if (st == null) {
          if (errorPass) {
            if (targets.size() == 1 && isBitwiseLevel(t) && !isExcludedFromHereRule(t)) {
              throw errNode("cannot assign to " + Targets.exprName(t) + " here. Maybe you meant '==' instead of '='?", t);
            }
            throw Targets.assignError(this, t);
          }
          throw FAIL;
        }
        stored.add(st);
      }
      return mk(n.Assign, start, stored, value, null);
    }
    if (kd == Tok.COLON) {
      boolean parenthesized = lx.kind[start] == Tok.LPAR;
      String type = first.type();
      if (!(type.equals("Name") || type.equals("Attribute") || type.equals("Subscript"))) {
        if (errorPass) {
          if (type.equals("Tuple")) {
            throw errNode("only single target (not tuple) can be annotated", first);
          }
          if (type.equals("List")) {
            throw errNode("only single target (not list) can be annotated", first);
          }
          throw errNode("illegal target for annotation", first);
        }
        throw FAIL;
      }
      p++;
      PyNode annotation = expression();
      PyNode value = null;
      if (accept(Tok.EQUAL)) {
        value = annotatedRhs();
      }
      int simple = type.equals("Name") && !parenthesized ? 1 : 0;
      return mk(n.AnnAssign, start, Targets.store(this, first), annotation, value, simple);
    }
    PyNode op = augOperator(kd);
    if (op != null) {
      String type = first.type();
      boolean single = type.equals("Name") || type.equals("Attribute") || type.equals("Subscript");
      if (!single) {
        if (errorPass) {
          throw errNode("'" + Targets.exprName(first) + "' is an illegal expression for augmented assignment", first);
        }
        throw FAIL;
      }
      p++;
      PyNode value = k() == Tok.YIELD ? yieldExpr() : starExpressions();
      return mk(n.AugAssign, start, Targets.store(this, first), op, value);
    }
    return mk(n.Expr, start, first);
  }

  private PyNode annotatedRhs() {
    return k() == Tok.YIELD ? yieldExpr() : starExpressions();
  }

  /** Whether the expression could be a {@code bitwise_or} (no comparison, boolean, conditional, lambda...). */
  static boolean isBitwiseLevel(PyNode e) {
    switch (e.type()) {
      case "Compare":
      case "BoolOp":
      case "IfExp":
      case "Lambda":
      case "NamedExpr":
      case "Starred":
      case "Yield":
      case "YieldFrom":
        return false;
      case "UnaryOp":
        return !e.node("op").type().equals("Not");
      default:
        return true;
    }
  }

  private static boolean isExcludedFromHereRule(PyNode e) {
    switch (e.type()) {
      case "List":
      case "Tuple":
      case "GeneratorExp":
        return true;
      case "Constant":
        Object v = e.get("value");
        return v == Boolean.TRUE || v == Boolean.FALSE || v == PyConstant.NONE;
      default:
        return false;
    }
  }

  /** CPython's invalid_legacy_expression: {@code print x} / {@code exec x}. */
  private void legacyPrintCheck() {
    if (k() != Tok.NAME || kind(p + 1) == Tok.LPAR) {
      return;
    }
    String nm = name(p);
    if (!nm.equals("print") && !nm.equals("exec")) {
      return;
    }
    int save = p;
    int nameTok = p;
    p++;
    try {
      if (!atExpressionStart()) {
        return;
      }
      PyNode b = starExpressions();
      PyNode a = mk(n.Name, nameTok, nm, n.load);
      throw errNodes("Missing parentheses in call to '" + nm + "'. Did you mean " + nm + "(...)?", a, b);
    } catch (Fail f) {
      // not a legacy statement
    } finally {
      p = save;
    }
  }

  PyNode augOperator(int kd) {
    String op = kd < AUG_OPS.length ? AUG_OPS[kd] : null;
    return op == null ? null : n.op(op);
  }


  PyNode delStmt() {
    int start = p++;
    List<PyNode> targets = new ArrayList<>();
    do {
      if (at(Tok.NEWLINE) || at(Tok.SEMI)) {
        if (targets.isEmpty()) {
          throw FAIL;
        }
        break;
      }
      PyNode t = delTargetExpr();
      PyNode d = Targets.tryDel(this, t);
      if (d == null) {
        if (errorPass) {
          throw Targets.delError(this, t);
        }
        throw FAIL;
      }
      targets.add(d);
    } while (accept(Tok.COMMA));
    if (!at(Tok.NEWLINE) && !at(Tok.SEMI)) {
      if (errorPass && !targets.isEmpty()) {
        int save = p;
        try {
          p = start + 1;
          PyNode e = starExpressions();
          if (at(Tok.NEWLINE) || at(Tok.SEMI)) {
            throw Targets.delError(this, e);
          }
        } catch (Fail f) {
          p = save;
        }
      }
      throw FAIL;
    }
    return mk(n.Delete, start, targets);
  }

  /** A del/for target: a primary (atom with trailers), or a starred one where allowed. */
  private PyNode delTargetExpr() {
    if (at(Tok.STAR)) {
      int s = p++;
      PyNode v = primaryWithAwait();
      return mk(n.Starred, s, v, n.load);
    }
    return primaryWithAwait();
  }

  private PyNode primaryWithAwait() {
    return primary();
  }

  PyNode importName() {
    int start = p++;
    List<PyNode> names = new ArrayList<>();
    do {
      int aStart = p;
      String dotted = dottedName();
      String asname = null;
      if (accept(Tok.AS)) {
        asname = identifier(expect(Tok.NAME));
      }
      names.add(mk(n.alias, aStart, dotted, asname));
    } while (accept(Tok.COMMA));
    return mk(n.Import, start, names);
  }

  String dottedName() {
    int t = expect(Tok.NAME);
    String s = identifier(t);
    if (!at(Tok.DOT)) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s);
    while (accept(Tok.DOT)) {
      sb.append('.').append(identifier(expect(Tok.NAME)));
    }
    return sb.toString();
  }

  PyNode importFrom() {
    int start = p++;
    int level = 0;
    while (true) {
      if (accept(Tok.DOT)) {
        level++;
      } else if (accept(Tok.ELLIPSIS)) {
        level += 3;
      } else {
        break;
      }
    }
    String module = null;
    if (!at(Tok.IMPORT)) {
      module = dottedName();
    } else if (level == 0) {
      throw FAIL;
    }
    expect(Tok.IMPORT);
    List<PyNode> names = new ArrayList<>();
    if (at(Tok.STAR)) {
      int s = p++;
      names.add(mk(n.alias, s, "*", null));
    } else if (accept(Tok.LPAR)) {
      importAsNames(names);
      accept(Tok.COMMA);
      expect(Tok.RPAR);
    } else {
      importAsNames(names);
      if (at(Tok.COMMA)) {
        if (errorPass) {
          p++;
          throw errLast("trailing comma not allowed without surrounding parentheses");
        }
        throw FAIL;
      }
    }
    return mk(n.ImportFrom, start, module, names, level);
  }

  private void importAsNames(List<PyNode> names) {
    do {
      if (!names.isEmpty() && !at(Tok.NAME)) {
        p--;
        return;
      }
      int aStart = p;
      String nm = identifier(expect(Tok.NAME));
      String asname = null;
      if (accept(Tok.AS)) {
        asname = identifier(expect(Tok.NAME));
      }
      names.add(mk(n.alias, aStart, nm, asname));
    } while (accept(Tok.COMMA));
  }

  // ================================================================ parameters

  PyNode emptyArguments() {
    return plain(n.arguments, List.of(), List.of(), null, List.of(), List.of(), null, List.of());
  }

  /**
   * Function ({@code lambda == false}) or lambda parameters up to (not including) ')' or ':'.
   * Validates CPython's ordering rules.
   */
  PyNode parameters(boolean lambda) {
    int close = lambda ? Tok.COLON : Tok.RPAR;
    List<PyNode> posonly = new ArrayList<>();
    List<PyNode> args = new ArrayList<>();
    List<PyNode> defaults = new ArrayList<>();
    PyNode vararg = null;
    List<PyNode> kwonly = new ArrayList<>();
    List<PyNode> kwDefaults = new ArrayList<>();
    PyNode kwarg = null;
    boolean sawSlash = false;
    boolean sawStar = false;
    while (!at(close)) {
      if (kwarg != null) {
        if (errorPass) {
          throw errLast("arguments cannot follow var-keyword argument");
        }
        throw FAIL;
      }
      if (at(Tok.SLASH)) {
        int slashTok = p;
        if (sawSlash || sawStar || args.isEmpty()) {
          if (errorPass) {
            throw errTokens(
                sawSlash ? "/ may appear only once" : sawStar ? "/ must be ahead of *" : "at least one argument must precede /",
                slashTok,
                slashTok);
          }
          throw FAIL;
        }
        p++;
        sawSlash = true;
        posonly.addAll(args);
        args.clear();
      } else if (at(Tok.STAR)) {
        int starTok = p++;
        if (sawStar) {
          if (errorPass) {
            throw errTokens("* argument may appear only once", starTok, starTok);
          }
          throw FAIL;
        }
        sawStar = true;
        if (at(Tok.NAME)) {
          vararg = param(lambda, true);
          if (at(Tok.EQUAL)) {
            if (errorPass) {
              throw errLast("var-positional argument cannot have default value");
            }
            throw FAIL;
          }
        } else if (!at(Tok.COMMA) || kind(p + 1) == close) {
          if (errorPass) {
            throw errTokens("named arguments must follow bare *", starTok, starTok);
          }
          throw FAIL;
        }
      } else if (at(Tok.DOUBLESTAR)) {
        p++;
        kwarg = param(lambda, false);
        if (at(Tok.EQUAL)) {
          if (errorPass) {
            throw errLast("var-keyword argument cannot have default value");
          }
          throw FAIL;
        }
      } else {
        PyNode a = param(lambda, false);
        PyNode def = null;
        if (accept(Tok.EQUAL)) {
          def = expression();
        }
        if (sawStar) {
          kwonly.add(a);
          kwDefaults.add(def);
        } else {
          if (def != null) {
            defaults.add(def);
          } else if (!defaults.isEmpty()) {
            if (errorPass) {
              throw errNode("non-default argument follows default argument", a);
            }
            throw FAIL;
          }
          args.add(a);
        }
      }
      if (!accept(Tok.COMMA)) {
        break;
      }
    }
    if (sawStar && vararg == null && kwonly.isEmpty()) {
      throw FAIL;
    }
    return plain(n.arguments, posonly, args, vararg, kwonly, kwDefaults, kwarg, defaults);
  }

  private PyNode param(boolean lambda, boolean starAnnotation) {
    int nameTok = expect(Tok.NAME);
    PyNode annotation = null;
    if (!lambda && accept(Tok.COLON)) {
      annotation = starAnnotation && at(Tok.STAR) ? starExpression() : expression();
    }
    return mk(n.arg, nameTok, identifier(nameTok), annotation, null);
  }

  // ================================================================ expressions

  PyNode yieldExpr() {
    int start = expect(Tok.YIELD);
    if (accept(Tok.FROM)) {
      PyNode v = expression();
      return mk(n.YieldFrom, start, v);
    }
    PyNode v = atExpressionStart() ? starExpressions() : null;
    return mk(n.Yield, start, v);
  }

  PyNode starExpressions() {
    int start = p;
    PyNode first = starExpression();
    if (!at(Tok.COMMA)) {
      return first;
    }
    List<PyNode> elts = new ArrayList<>();
    elts.add(first);
    while (accept(Tok.COMMA)) {
      if (!atExpressionStart() || at(Tok.ASYNC)) {
        break;
      }
      elts.add(starExpression());
    }
    return mk(n.Tuple, start, elts, n.load);
  }

  PyNode starExpression() {
    if (at(Tok.STAR)) {
      int start = p++;
      PyNode v = bitwiseOr();
      return mk(n.Starred, start, v, n.load);
    }
    return expression();
  }

  PyNode starNamedExpression() {
    if (at(Tok.STAR)) {
      int start = p++;
      PyNode v = bitwiseOr();
      return mk(n.Starred, start, v, n.load);
    }
    return namedExpression();
  }

  PyNode namedExpression() {
    if (k() == Tok.NAME && kind(p + 1) == Tok.COLONEQUAL) {
      int start = p++;
      PyNode target = mk(n.Name, start, identifier(start), n.store);
      p++;
      PyNode value = expression();
      return mk(n.NamedExpr, start, target, value);
    }
    PyNode e = expression();
    if (at(Tok.COLONEQUAL)) {
      if (errorPass) {
        throw errNode("cannot use assignment expressions with " + Targets.exprName(e), e);
      }
      throw FAIL;
    }
    if (errorPass && at(Tok.EQUAL) && isBitwiseLevel(e) && !isExcludedFromHereRule(e)) {
      int save = p;
      try {
        p++;
        PyNode b = bitwiseOr();
        if (!at(Tok.EQUAL) && !at(Tok.COLONEQUAL)) {
          if (e.type().equals("Name")) {
            throw errNodes("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", e, b);
          }
          throw errNode("cannot assign to " + Targets.exprName(e) + " here. Maybe you meant '==' instead of '='?", e);
        }
      } catch (Fail f) {
        // not that error
      }
      p = save;
    }
    return e;
  }

  /** {@code expression}: conditional expressions and lambdas, built without recursion along the chain. */
  PyNode expression() {
    enter();
    try {
      // Pending wrappers: lambda headers (int token + arguments) and conditional (body, test).
      Object[] stack = null;
      int depth = 0;
      PyNode result;
      while (true) {
        if (at(Tok.LAMBDA)) {
          int lambdaTok = p++;
          PyNode args = at(Tok.COLON) ? emptyArguments() : parameters(true);
          expect(Tok.COLON);
          if (!over(depth + 1)) {
            stack = push(stack, depth++, new Object[] {lambdaTok, args});
          }
          continue;
        }
        int dStart = p;
        PyNode d = disjunction();
        if (at(Tok.IF)) {
          int save = p;
          p++;
          PyNode test = disjunction();
          if (!accept(Tok.ELSE)) {
            if (errorPass && !at(Tok.COLON)) {
              throw errNodes("expected 'else' after 'if' expression", d, test);
            }
            p = save;
            result = d;
            break;
          }
          if (!over(depth + 1)) {
            stack = push(stack, depth++, new Object[] {d, test, dStart});
          }
          continue;
        }
        if (errorPass) {
          forgotCommaCheck(dStart, d);
        }
        result = d;
        break;
      }
      for (int i = depth - 1; i >= 0; i--) {
        Object[] w = (Object[]) stack[i];
        if (w[0] instanceof Integer lambdaTok) {
          result = mk(n.Lambda, lambdaTok, w[1], result);
        } else {
          result = mk(n.IfExp, (Integer) w[2], w[1], w[0], result);
        }
      }
      return result;
    } finally {
      leave();
    }
  }

  /** CPython's invalid_expression: two expressions in a row inside brackets. */
  private void forgotCommaCheck(int dStart, PyNode d) {
    if (lx.lvl[p - 1] == 0 || !atExpressionStart()) {
      return;
    }
    int first = lx.kind[dStart];
    if (first == Tok.NAME) {
      if (kind(dStart + 1) == Tok.STRING) {
        return;
      }
      String w = lx.names[dStart];
      if (w.equals("match") || w.equals("case") || w.equals("_")) {
        return;
      }
    }
    int kd = k();
    if (kd == Tok.NOT && kind(p + 1) == Tok.IN || kd == Tok.ELSE || kd == Tok.STAR || kd == Tok.DOUBLESTAR
) {
      return;
    }
    int save = p;
    boolean saved = errorPass;
    try {
      errorPass = false;
      PyNode b = expression();
      errorPass = saved;
      throw errNodes("invalid syntax. Perhaps you forgot a comma?", d, b);
    } catch (Fail f) {
      // not that error
    } finally {
      errorPass = saved;
      p = save;
    }
  }

  private static Object[] push(Object[] stack, int depth, Object item) {
    if (stack == null) {
      stack = new Object[4];
    } else if (depth == stack.length) {
      stack = Arrays.copyOf(stack, depth * 2);
    }
    stack[depth] = item;
    return stack;
  }

  PyNode disjunction() {
    return boolChain(true);
  }

  PyNode conjunction() {
    return boolChain(false);
  }

  /** {@code a or b or c} / {@code a and b and c}: one flat BoolOp, as CPython builds it. */
  private PyNode boolChain(boolean or) {
    int start = p;
    int opTok = or ? Tok.OR : Tok.AND;
    PyNode first = or ? conjunction() : inversion();
    if (!at(opTok)) {
      return first;
    }
    List<PyNode> values = new ArrayList<>();
    values.add(first);
    while (accept(opTok)) {
      values.add(or ? conjunction() : inversion());
    }
    return mk(n.BoolOp, start, n.op(or ? "Or" : "And"), values);
  }

  PyNode inversion() {
    int start = p;
    while (at(Tok.NOT)) {
      p++;
    }
    int end = over(p - start) ? start : p;
    PyNode e = comparison();
    for (int t = end - 1; t >= start; t--) {
      e = mk(n.UnaryOp, t, n.op("Not"), e);
    }
    return e;
  }

  PyNode comparison() {
    int start = p;
    PyNode left = bitwiseOr();
    PyNode op = compareOp();
    if (op == null) {
      return left;
    }
    List<PyNode> ops = new ArrayList<>();
    List<PyNode> comparators = new ArrayList<>();
    while (op != null) {
      ops.add(op);
      comparators.add(bitwiseOr());
      op = compareOp();
    }
    return mk(n.Compare, start, left, ops, comparators);
  }

  private PyNode compareOp() {
    int kd = k();
    String simple = kd < COMPARE_OPS.length ? COMPARE_OPS[kd] : null;
    if (simple != null) {
      p++;
      return n.op(simple);
    }
    if (kd == Tok.NOT && kind(p + 1) == Tok.IN) {
      p += 2;
      return n.op("NotIn");
    }
    if (kd == Tok.IS) {
      if (kind(p + 1) == Tok.NOT) {
        p += 2;
        return n.op("IsNot");
      }
      p++;
      return n.op("Is");
    }
    return null;
  }


  PyNode bitwiseOr() {
    return binary(1);
  }

  private static int precedence(int kd) {
    switch (kd) {
      case Tok.VBAR:
        return 1;
      case Tok.CIRCUMFLEX:
        return 2;
      case Tok.AMPER:
        return 3;
      case Tok.LEFTSHIFT:
      case Tok.RIGHTSHIFT:
        return 4;
      case Tok.PLUS:
      case Tok.MINUS:
        return 5;
      case Tok.STAR:
      case Tok.SLASH:
      case Tok.DOUBLESLASH:
      case Tok.PERCENT:
      case Tok.AT:
        return 6;
      default:
        return 0;
    }
  }

  private PyNode binOperator(int kd) {
    return n.op(BIN_OPS[kd]);
  }


  private PyNode binary(int minPrec) {
    int start = p;
    PyNode left = factor();
    int chain = 0;
    while (true) {
      int kd = k();
      int prec = precedence(kd);
      if (prec == 0 || prec < minPrec) {
        return left;
      }
      p++;
      PyNode right = prec == 6 ? factor() : binary(prec + 1);
      if (!over(++chain)) {
        left = mk(n.BinOp, start, left, binOperator(kd), right);
      }
    }
  }

  /** {@code factor}: prefix {@code + - ~} applied to a power, iteratively. */
  PyNode factor() {
    int start = p;
    while (true) {
      int kd = k();
      if (kd == Tok.PLUS || kd == Tok.MINUS || kd == Tok.TILDE) {
        p++;
      } else {
        break;
      }
    }
    int end = over(p - start) ? start : p;
    PyNode e = power();
    return applyPrefix(start, end, e);
  }

  private PyNode applyPrefix(int start, int end, PyNode e) {
    for (int t = end - 1; t >= start; t--) {
      int kd = lx.kind[t];
      PyNode op = kd == Tok.PLUS ? n.op("UAdd") : kd == Tok.MINUS ? n.op("USub") : n.op("Invert");
      e = mk(n.UnaryOp, t, op, e);
    }
    return e;
  }

  /** {@code power: await_primary '**' factor}, right-associative, built iteratively. */
  PyNode power() {
    int start = p;
    PyNode base = awaitPrimary();
    if (!at(Tok.DOUBLESTAR)) {
      return base;
    }
    List<PyNode> bases = new ArrayList<>();
    List<int[]> prefixes = new ArrayList<>();
    bases.add(base);
    prefixes.add(new int[] {start, start, start});
    while (accept(Tok.DOUBLESTAR)) {
      int s = p;
      while (true) {
        int kd = k();
        if (kd == Tok.PLUS || kd == Tok.MINUS || kd == Tok.TILDE) {
          p++;
        } else {
          break;
        }
      }
      int pre = p;
      PyNode b = awaitPrimary();
      if (!over(bases.size() + pre - s)) {
        prefixes.add(new int[] {s, pre, pre});
        bases.add(b);
      }
    }
    int last = bases.size() - 1;
    PyNode acc = bases.get(last);
    for (int i = last; i >= 1; i--) {
      int[] pre = prefixes.get(i);
      PyNode f = applyPrefix(pre[0], pre[1], acc);
      PyNode b = bases.get(i - 1);
      acc = mk(n.BinOp, prefixes.get(i - 1)[2], b, n.op("Pow"), f);
    }
    return acc;
  }

  PyNode awaitPrimary() {
    if (at(Tok.AWAIT)) {
      int start = p++;
      PyNode v = primary();
      return mk(n.Await, start, v);
    }
    return primary();
  }

  /** {@code primary}: an atom followed by {@code .name}, calls and subscripts. */
  PyNode primary() {
    int start = p;
    PyNode e = atom();
    int chain = 0;
    while (true) {
      int kd = k();
      if (kd == Tok.DOT) {
        p++;
        int nameTok = expect(Tok.NAME);
        if (!over(++chain)) {
          e = mk(n.Attribute, start, e, identifier(nameTok), n.load);
        }
      } else if (kd == Tok.LPAR) {
        PyNode c = call(start, e);
        if (!over(++chain)) {
          e = c;
        }
      } else if (kd == Tok.LSQB) {
        p++;
        PyNode slice = slices();
        expect(Tok.RSQB);
        if (!over(++chain)) {
          e = mk(n.Subscript, start, e, slice, n.load);
        }
      } else {
        return e;
      }
    }
  }

  private PyNode call(int start, PyNode func) {
    int lpar = p++;
    if (accept(Tok.RPAR)) {
      return mk(n.Call, start, func, List.of(), List.of());
    }
    // A lone generator expression argument: f(x for x in y).
    List<PyNode>[] ak = callArgumentsOrGenexp(lpar);
    expect(Tok.RPAR);
    if (ak[2] != null) {
      PyNode gen = ak[2].get(0);
      gen = mk(n.GeneratorExp, lpar, gen.get("elt"), gen.get("generators"));
      return mk(n.Call, start, func, List.of(gen), List.of());
    }
    return mk(n.Call, start, func, ak[0], ak[1]);
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // List<PyNode>[] results: generic arrays are created raw
  private List<PyNode>[] callArgumentsOrGenexp(int lpar) {
    if (at(Tok.STAR) || at(Tok.DOUBLESTAR) || (at(Tok.NAME) && kind(p + 1) == Tok.EQUAL)) {
      List<PyNode>[] ak = callArguments(true);
      return new List[] {ak[0], ak[1], null};
    }
    int save = p;
    PyNode first = namedExpression();
    if (at(Tok.FOR) || at(Tok.ASYNC)) {
      List<PyNode> gens = forIfClauses();
      if (!at(Tok.RPAR)) {
        if (errorPass) {
          throw errNodes("Generator expression must be parenthesized", first, gens.get(gens.size() - 1).node("iter"));
        }
        throw FAIL;
      }
      PyNode gen = plain(n.GeneratorExp, first, gens);
      return new List[] {null, null, List.of(gen)};
    }
    p = save;
    List<PyNode>[] ak = callArguments(true);
    return new List[] {ak[0], ak[1], null};
  }

  /** Call or class arguments up to ')': positional (with starred) and keywords, in CPython's order rules. */
  @SuppressWarnings({"unchecked", "rawtypes"}) // List<PyNode>[] results: generic arrays are created raw
  List<PyNode>[] callArguments(boolean allowGenexpError) {
    List<PyNode> args = new ArrayList<>();
    List<PyNode> keywords = new ArrayList<>();
    boolean sawKeyword = false;
    boolean sawDoubleStar = false;
    while (!at(Tok.RPAR)) {
      int start = p;
      if (at(Tok.STAR)) {
        p++;
        PyNode v = expression();
        if (sawDoubleStar) {
          if (errorPass) {
            throw errTokens("iterable argument unpacking follows keyword argument unpacking", start, lastTok());
          }
          throw FAIL;
        }
        args.add(mk(n.Starred, start, v, n.load));
      } else if (at(Tok.DOUBLESTAR)) {
        p++;
        PyNode v = expression();
        keywords.add(mk(n.keyword, start, null, v));
        sawDoubleStar = true;
      } else if (at(Tok.NAME) && kind(p + 1) == Tok.EQUAL) {
        int nameTok = p;
        p += 2;
        PyNode v = expression();
        keywords.add(mk(n.keyword, start, identifier(nameTok), v));
        sawKeyword = true;
      } else {
        PyNode v = namedExpression();
        if (at(Tok.EQUAL)) {
          if (errorPass) {
            throw Targets.keywordError(this, v);
          }
          throw FAIL;
        }
        if (at(Tok.FOR) || at(Tok.ASYNC)) {
          if (errorPass && allowGenexpError) {
            List<PyNode> gens = forIfClauses();
            throw errNodes("Generator expression must be parenthesized", v, gens.get(gens.size() - 1).node("iter"));
          }
          throw FAIL;
        }
        if (sawKeyword || sawDoubleStar) {
          if (errorPass) {
            throw errNode(
                sawDoubleStar
                    ? "positional argument follows keyword argument unpacking"
                    : "positional argument follows keyword argument",
                v);
          }
          throw FAIL;
        }
        args.add(v);
      }
      if (!accept(Tok.COMMA)) {
        break;
      }
    }
    return new List[] {args, keywords};
  }

  /** {@code slices}: a single slice or a tuple of slices/starred expressions. */
  PyNode slices() {
    int start = p;
    PyNode first = slice();
    if (!at(Tok.COMMA)) {
      if (first.type().equals("Starred")) {
        return mk(n.Tuple, start, List.of(first), n.load);
      }
      return first;
    }
    List<PyNode> elts = new ArrayList<>();
    elts.add(first);
    while (accept(Tok.COMMA)) {
      if (at(Tok.RSQB)) {
        break;
      }
      elts.add(slice());
    }
    return mk(n.Tuple, start, elts, n.load);
  }

  private PyNode slice() {
    int start = p;
    if (at(Tok.STAR)) {
      p++;
      PyNode v = expression();
      return mk(n.Starred, start, v, n.load);
    }
    PyNode lower = null;
    if (!at(Tok.COLON)) {
      lower = namedExpression();
      if (!at(Tok.COLON)) {
        return lower;
      }
      if (lower.type().equals("NamedExpr")) {
        throw FAIL;
      }
    }
    p++;
    PyNode upper = null;
    PyNode step = null;
    if (!at(Tok.COLON) && !at(Tok.COMMA) && !at(Tok.RSQB)) {
      upper = expression();
    }
    if (accept(Tok.COLON)) {
      if (!at(Tok.COMMA) && !at(Tok.RSQB)) {
        step = expression();
      }
    }
    return mk(n.Slice, start, lower, upper, step);
  }

  PyNode atom() {
    int start = p;
    switch (k()) {
      case Tok.NAME:
        p++;
        return mk(n.Name, start, identifier(start), n.load);
      case Tok.TRUE:
        p++;
        return mk(n.Constant, start, Boolean.TRUE, null);
      case Tok.FALSE:
        p++;
        return mk(n.Constant, start, Boolean.FALSE, null);
      case Tok.NONE:
        p++;
        return mk(n.Constant, start, PyConstant.NONE, null);
      case Tok.NUMBER:
        p++;
        return mk(n.Constant, start, Literals.number(this, start), null);
      case Tok.STRING:
        {
          while (kind(p + 1) == Tok.STRING) {
            p++;
          }
          p++;
          kind(p);
          return Literals.strings(this, start, p - 1);
        }
      case Tok.ELLIPSIS:
        p++;
        return mk(n.Constant, start, PyConstant.ELLIPSIS, null);
      case Tok.LPAR:
        return parenthesized();
      case Tok.LSQB:
        return listDisplay();
      case Tok.LBRACE:
        return braceDisplay();
      default:
        throw FAIL;
    }
  }

  private PyNode parenthesized() {
    int start = p++;
    enter();
    try {
      if (accept(Tok.RPAR)) {
        return mk(n.Tuple, start, List.of(), n.load);
      }
      if (at(Tok.YIELD)) {
        PyNode y = yieldExpr();
        expect(Tok.RPAR);
        return y;
      }
      PyNode first = starNamedExpression();
      if (at(Tok.FOR) || at(Tok.ASYNC)) {
        if (first.type().equals("Starred")) {
          throw FAIL;
        }
        List<PyNode> gens = forIfClauses();
        expect(Tok.RPAR);
        return mk(n.GeneratorExp, start, first, gens);
      }
      if (accept(Tok.RPAR)) {
        if (first.type().equals("Starred")) {
          if (errorPass) {
            throw errNode("cannot use starred expression here", first);
          }
          throw FAIL;
        }
        return first;
      }
      expect(Tok.COMMA);
      List<PyNode> elts = new ArrayList<>();
      elts.add(first);
      while (!at(Tok.RPAR)) {
        elts.add(starNamedExpression());
        if (!accept(Tok.COMMA)) {
          break;
        }
      }
      expect(Tok.RPAR);
      return mk(n.Tuple, start, elts, n.load);
    } finally {
      leave();
    }
  }

  private PyNode listDisplay() {
    int start = p++;
    enter();
    try {
      if (accept(Tok.RSQB)) {
        return mk(n.List, start, List.of(), n.load);
      }
      PyNode first = starNamedExpression();
      if (at(Tok.FOR) || at(Tok.ASYNC)) {
        if (first.type().equals("Starred")) {
          throw FAIL;
        }
        List<PyNode> gens = forIfClauses();
        expect(Tok.RSQB);
        return mk(n.ListComp, start, first, gens);
      }
      List<PyNode> elts = new ArrayList<>();
      elts.add(first);
      while (accept(Tok.COMMA)) {
        if (at(Tok.RSQB)) {
          break;
        }
        elts.add(starNamedExpression());
      }
      if (!at(Tok.RSQB) && errorPass) {
        commaCheck(first);
      }
      expect(Tok.RSQB);
      return mk(n.List, start, elts, n.load);
    } finally {
      leave();
    }
  }

  /** CPython's invalid_expression "Perhaps you forgot a comma?" inside brackets. */
  private void commaCheck(PyNode unused) {
    int save = p;
    // Find the element that is followed by another expression without a comma.
    int t = p;
    int prevEnd = t - 1;
    if (prevEnd < 0) {
      return;
    }
    try {
      if (atExpressionStart() && !at(Tok.LAMBDA)) {
        int exprStart = findExpressionStart(prevEnd);
        if (exprStart < 0) {
          return;
        }
        p = exprStart;
        PyNode a = disjunction();
        if (p != t) {
          p = save;
          return;
        }
        PyNode b = expression();
        throw errNodes("invalid syntax. Perhaps you forgot a comma?", a, b);
      }
    } catch (Fail f) {
      // not that error
    } finally {
      p = save;
    }
  }

  /** Scans back from token {@code end} to the start of the expression ending there (after a comma or bracket). */
  private int findExpressionStart(int end) {
    int depth = 0;
    for (int i = end; i >= 0; i--) {
      int kd = lx.kind[i];
      if (kd == Tok.RPAR || kd == Tok.RSQB || kd == Tok.RBRACE) {
        depth++;
      } else if (kd == Tok.LPAR || kd == Tok.LSQB || kd == Tok.LBRACE) {
        if (depth == 0) {
          return i + 1;
        }
        depth--;
      } else if (depth == 0 && (kd == Tok.COMMA || kd == Tok.COLON)) {
        return i + 1;
      }
    }
    return -1;
  }

  private PyNode braceDisplay() {
    int start = p++;
    enter();
    try {
      if (accept(Tok.RBRACE)) {
        return mk(n.Dict, start, List.of(), List.of());
      }
      if (at(Tok.DOUBLESTAR)) {
        return dictRest(start, new ArrayList<>(), new ArrayList<>());
      }
      int elemStart = p;
      PyNode first = starNamedExpression();
      boolean bareWalrus = lx.kind[elemStart] == Tok.NAME && lx.kind[elemStart + 1] == Tok.COLONEQUAL;
      if (at(Tok.COLON) && !first.type().equals("Starred") && !bareWalrus) {
        p++;
        PyNode value = expression();
        if (at(Tok.FOR) || at(Tok.ASYNC)) {
          List<PyNode> gens = forIfClauses();
          expect(Tok.RBRACE);
          return mk(n.DictComp, start, first, value, gens);
        }
        List<PyNode> keys = new ArrayList<>();
        List<PyNode> values = new ArrayList<>();
        keys.add(first);
        values.add(value);
        if (!accept(Tok.COMMA)) {
          expect(Tok.RBRACE);
          return mk(n.Dict, start, keys, values);
        }
        return dictRest(start, keys, values);
      }
      if (at(Tok.FOR) || at(Tok.ASYNC)) {
        if (first.type().equals("Starred")) {
          throw FAIL;
        }
        List<PyNode> gens = forIfClauses();
        expect(Tok.RBRACE);
        return mk(n.SetComp, start, first, gens);
      }
      List<PyNode> elts = new ArrayList<>();
      elts.add(first);
      while (accept(Tok.COMMA)) {
        if (at(Tok.RBRACE)) {
          break;
        }
        elts.add(starNamedExpression());
      }
      expect(Tok.RBRACE);
      return mk(n.Set, start, elts);
    } finally {
      leave();
    }
  }

  private PyNode dictRest(int start, List<PyNode> keys, List<PyNode> values) {
    while (!at(Tok.RBRACE)) {
      if (accept(Tok.DOUBLESTAR)) {
        keys.add(null);
        values.add(bitwiseOr());
      } else {
        PyNode key = expression();
        if (!at(Tok.COLON)) {
          if (errorPass && (at(Tok.COMMA) || at(Tok.RBRACE))) {
            throw errAt(
                PythonSyntaxException.Kind.SYNTAX_ERROR,
                "':' expected after dictionary key",
                key.lineno(),
                key.colOffset(),
                key.endLineno(),
                -1);
          }
          throw FAIL;
        }
        p++;
        keys.add(key);
        values.add(expression());
      }
      if (!accept(Tok.COMMA)) {
        break;
      }
    }
    expect(Tok.RBRACE);
    return mk(n.Dict, start, keys, values);
  }

  /** {@code for_if_clauses}: one or more comprehension clauses. */
  List<PyNode> forIfClauses() {
    List<PyNode> gens = new ArrayList<>();
    while (at(Tok.FOR) || (at(Tok.ASYNC) && kind(p + 1) == Tok.FOR)) {
      int isAsync = 0;
      if (accept(Tok.ASYNC)) {
        isAsync = 1;
      }
      p++;
      PyNode target = starTargets();
      expect(Tok.IN);
      PyNode iter = disjunction();
      List<PyNode> ifs = new ArrayList<>();
      while (accept(Tok.IF)) {
        ifs.add(disjunction());
      }
      gens.add(plain(n.comprehension, target, iter, ifs, isAsync));
    }
    if (gens.isEmpty()) {
      throw FAIL;
    }
    return gens;
  }

  // ================================================================ targets

  /** {@code star_targets} (for loops, comprehensions): one target or an unparenthesised tuple of them. */
  PyNode starTargets() {
    int start = p;
    PyNode first = starTarget();
    if (!at(Tok.COMMA)) {
      return first;
    }
    List<PyNode> elts = new ArrayList<>();
    elts.add(first);
    while (accept(Tok.COMMA)) {
      if (at(Tok.IN) || at(Tok.EQUAL)) {
        break;
      }
      elts.add(starTarget());
    }
    return mk(n.Tuple, start, elts, n.store);
  }

  PyNode starTarget() {
    PyNode e;
    if (at(Tok.STAR)) {
      int s = p++;
      if (at(Tok.STAR)) {
        throw FAIL;
      }
      PyNode v = starTarget();
      return mk(n.Starred, s, v, n.store);
    }
    e = primary();
    PyNode stored = Targets.tryStore(this, e);
    if (stored == null) {
      if (errorPass) {
        throw Targets.assignError(this, e);
      }
      throw FAIL;
    }
    return stored;
  }

  // ================================================================ match statement

  /** {@code match_stmt}, or null when the soft keyword does not start one. */
  PyNode matchStmt() {
    int start = p;
    PyNode subject;
    try {
      p++;
      int subjStart = p;
      PyNode first = starNamedExpression();
      if (accept(Tok.COMMA)) {
        List<PyNode> elts = new ArrayList<>();
        elts.add(first);
        while (!at(Tok.COLON)) {
          elts.add(starNamedExpression());
          if (!accept(Tok.COMMA)) {
            break;
          }
        }
        subject = mk(n.Tuple, subjStart, elts, n.load);
      } else {
        if (first.type().equals("Starred")) {
          return null;
        }
        subject = first;
      }
      if (!accept(Tok.COLON) || !at(Tok.NEWLINE)) {
        return null;
      }
    } catch (Fail f) {
      return null;
    }
    p++;
    if (!accept(Tok.INDENT)) {
      if (errorPass) {
        throw expectedIndentedBlock(start, "'match' statement");
      }
      throw FAIL;
    }
    List<PyNode> cases = new ArrayList<>();
    do {
      if (!atSoft("case")) {
        throw FAIL;
      }
      int caseTok = p++;
      PyNode pattern = patterns();
      PyNode guard = null;
      if (accept(Tok.IF)) {
        guard = namedExpression();
      }
      colon();
      List<PyNode> body = block(caseTok, "'case' statement");
      cases.add(plain(n.match_case, pattern, guard, body));
    } while (!accept(Tok.DEDENT));
    return mk(n.Match, start, subject, cases);
  }

  private PyNode patterns() {
    int start = p;
    PyNode first = maybeStarPattern();
    if (!at(Tok.COMMA)) {
      if (first.type().equals("MatchStar")) {
        return mk(n.MatchSequence, start, List.of(first));
      }
      return first;
    }
    List<PyNode> pats = new ArrayList<>();
    pats.add(first);
    while (accept(Tok.COMMA)) {
      if (at(Tok.COLON) || at(Tok.IF)) {
        break;
      }
      pats.add(maybeStarPattern());
    }
    return mk(n.MatchSequence, start, pats);
  }

  private PyNode maybeStarPattern() {
    if (at(Tok.STAR)) {
      int s = p++;
      int nt = expect(Tok.NAME);
      String nm = name(nt);
      return mk(n.MatchStar, s, nm.equals("_") ? null : identifier(nt));
    }
    return pattern();
  }

  private PyNode pattern() {
    int start = p;
    PyNode or = orPattern();
    if (accept(Tok.AS)) {
      int nt = expect(Tok.NAME);
      if (name(nt).equals("_")) {
        if (errorPass) {
          throw errTokens("cannot use '_' as a target", nt, nt);
        }
        throw FAIL;
      }
      int kd = k();
      if (kd == Tok.DOT || kd == Tok.LPAR || kd == Tok.EQUAL) {
        throw FAIL;
      }
      return mk(n.MatchAs, start, or, identifier(nt));
    }
    return or;
  }

  private PyNode orPattern() {
    int start = p;
    PyNode first = closedPattern();
    if (!at(Tok.VBAR)) {
      return first;
    }
    List<PyNode> pats = new ArrayList<>();
    pats.add(first);
    while (accept(Tok.VBAR)) {
      pats.add(closedPattern());
    }
    return mk(n.MatchOr, start, pats);
  }

  private PyNode closedPattern() {
    int start = p;
    enter();
    try {
      switch (k()) {
        case Tok.NUMBER:
        case Tok.MINUS:
          {
            PyNode v = signedNumberOrComplex();
            return mk(n.MatchValue, start, v);
          }
        case Tok.STRING:
          {
            PyNode s = atom();
            return mk(n.MatchValue, start, s);
          }
        case Tok.NONE:
          p++;
          return mk(n.MatchSingleton, start, PyConstant.NONE);
        case Tok.TRUE:
          p++;
          return mk(n.MatchSingleton, start, Boolean.TRUE);
        case Tok.FALSE:
          p++;
          return mk(n.MatchSingleton, start, Boolean.FALSE);
        case Tok.NAME:
          return namePattern();
        case Tok.LPAR:
          {
            p++;
            if (accept(Tok.RPAR)) {
              return mk(n.MatchSequence, start, List.of());
            }
            PyNode first = maybeStarPattern();
            if (accept(Tok.RPAR)) {
              if (first.type().equals("MatchStar")) {
                return mk(n.MatchSequence, start, List.of(first));
              }
              return first;
            }
            expect(Tok.COMMA);
            List<PyNode> pats = new ArrayList<>();
            pats.add(first);
            while (!at(Tok.RPAR)) {
              pats.add(maybeStarPattern());
              if (!accept(Tok.COMMA)) {
                break;
              }
            }
            expect(Tok.RPAR);
            return mk(n.MatchSequence, start, pats);
          }
        case Tok.LSQB:
          {
            p++;
            List<PyNode> pats = new ArrayList<>();
            while (!at(Tok.RSQB)) {
              pats.add(maybeStarPattern());
              if (!accept(Tok.COMMA)) {
                break;
              }
            }
            expect(Tok.RSQB);
            return mk(n.MatchSequence, start, pats);
          }
        case Tok.LBRACE:
          return mappingPattern();
        default:
          throw FAIL;
      }
    } finally {
      leave();
    }
  }

  private PyNode signedNumberOrComplex() {
    int start = p;
    PyNode real = signedNumber();
    if (at(Tok.PLUS) || at(Tok.MINUS)) {
      int opTok = p++;
      int numTok = expect(Tok.NUMBER);
      PyNode imag = mk(n.Constant, numTok, Literals.number(this, numTok), null);
      if (!(imag.get("value") instanceof PyConstant.Imaginary)) {
        if (errorPass) {
          throw errNode("imaginary number required in complex literal", imag);
        }
        throw FAIL;
      }
      PyNode op = lx.kind[opTok] == Tok.PLUS ? n.op("Add") : n.op("Sub");
      PyNode realConst = real.type().equals("UnaryOp") ? real.node("operand") : real;
      if (realConst.get("value") instanceof PyConstant.Imaginary) {
        if (errorPass) {
          throw errNode("real number required in complex literal", real);
        }
        throw FAIL;
      }
      return mk(n.BinOp, start, real, op, imag);
    }
    return real;
  }

  private PyNode signedNumber() {
    int start = p;
    if (accept(Tok.MINUS)) {
      int numTok = expect(Tok.NUMBER);
      PyNode c = mk(n.Constant, numTok, Literals.number(this, numTok), null);
      return mk(n.UnaryOp, start, n.op("USub"), c);
    }
    int numTok = expect(Tok.NUMBER);
    return mk(n.Constant, numTok, Literals.number(this, numTok), null);
  }

  private PyNode nameOrAttr() {
    int start = p;
    int nt = expect(Tok.NAME);
    PyNode e = mk(n.Name, nt, identifier(nt), n.load);
    while (accept(Tok.DOT)) {
      int at = expect(Tok.NAME);
      e = mk(n.Attribute, start, e, identifier(at), n.load);
    }
    return e;
  }

  private PyNode namePattern() {
    int start = p;
    PyNode target = nameOrAttr();
    if (at(Tok.LPAR)) {
      return classPattern(start, target);
    }
    if (target.type().equals("Name")) {
      if (at(Tok.EQUAL)) {
        throw FAIL;
      }
      String nm = target.string("id");
      if (nm.equals("_")) {
        return mk(n.MatchAs, start, null, null);
      }
      return mk(n.MatchAs, start, null, nm);
    }
    if (at(Tok.EQUAL)) {
      throw FAIL;
    }
    return mk(n.MatchValue, start, target);
  }

  private PyNode classPattern(int start, PyNode cls) {
    p++;
    List<PyNode> pats = new ArrayList<>();
    List<String> kwdAttrs = new ArrayList<>();
    List<PyNode> kwdPats = new ArrayList<>();
    while (!at(Tok.RPAR)) {
      if (at(Tok.NAME) && kind(p + 1) == Tok.EQUAL) {
        int nt = p;
        p += 2;
        kwdAttrs.add(identifier(nt));
        kwdPats.add(pattern());
      } else {
        if (!kwdAttrs.isEmpty()) {
          if (errorPass) {
            PyNode bad = pattern();
            throw errNode("positional patterns follow keyword patterns", bad);
          }
          throw FAIL;
        }
        pats.add(pattern());
      }
      if (!accept(Tok.COMMA)) {
        break;
      }
    }
    expect(Tok.RPAR);
    return mk(n.MatchClass, start, cls, pats, kwdAttrs, kwdPats);
  }

  private PyNode mappingPattern() {
    int start = p++;
    List<PyNode> keys = new ArrayList<>();
    List<PyNode> pats = new ArrayList<>();
    String rest = null;
    while (!at(Tok.RBRACE)) {
      if (accept(Tok.DOUBLESTAR)) {
        int nt = expect(Tok.NAME);
        rest = identifier(nt);
        accept(Tok.COMMA);
        break;
      }
      PyNode key;
      int kd = k();
      if (kd == Tok.NUMBER || kd == Tok.MINUS) {
        key = signedNumberOrComplex();
      } else if (kd == Tok.STRING) {
        key = atom();
      } else if (kd == Tok.NONE || kd == Tok.TRUE || kd == Tok.FALSE) {
        key = atom();
      } else if (kd == Tok.NAME) {
        key = nameOrAttr();
        if (!key.type().equals("Attribute")) {
          throw FAIL;
        }
      } else {
        throw FAIL;
      }
      expect(Tok.COLON);
      keys.add(key);
      pats.add(pattern());
      if (!accept(Tok.COMMA)) {
        break;
      }
    }
    expect(Tok.RBRACE);
    return mk(n.MatchMapping, start, keys, pats, rest);
  }
}

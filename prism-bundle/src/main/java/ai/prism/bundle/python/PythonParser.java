package ai.prism.bundle.python;

import java.util.Objects;

/**
 * Parses Python source exactly as CPython's {@code ast.parse(source)} does: the same tree (node kinds,
 * fields, {@code ctx}, positions with UTF-8 byte columns) or a {@link PythonSyntaxException} with
 * CPython's message and position. Pure Java, thread-safe, no Python needed.
 *
 * <p>Nesting limits: brackets nest at most 200 deep ("too many nested parentheses", as CPython's
 * tokenizer), indentation at most 100 levels; a tree deeper than {@link #MAX_TREE_DEPTH} nodes is
 * rejected with {@link PythonSyntaxException.Kind#TOO_DEEPLY_NESTED} where CPython raises
 * {@code RecursionError} during AST construction. No input makes the parser throw
 * {@code StackOverflowError}.
 */
public final class PythonParser {
  private PythonParser() {}

  /**
   * Deepest tree accepted (nodes on the path from the module, context and operator nodes not counted).
   * CPython 3.11 allows {@code 3000 - 3 * (Python frames on the stack)}; this is its value for
   * {@code ast.parse} called at module level.
   */
  public static final int MAX_TREE_DEPTH = 2994;

  /** Most tokens one source may have (about 30 MB of dense code); more is {@link PythonSyntaxException.Kind#TOO_LARGE}. */
  public static final int MAX_TOKENS = Lexer.MAX_TOKENS;

  /** {@code ast.parse(source)} with the CPython 3.11 grammar; returns the {@code Module} node. */
  public static PyNode parse(String source) {
    return parse(source, PythonVersion.PY311);
  }

  /**
   * {@code ast.parse(source_bytes)}: the bytes are decoded as CPython does (UTF-8 BOM, PEP 263 coding
   * declaration, CPython's decode errors), then parsed with the grammar and tree layout of {@code version}.
   */
  public static PyNode parse(byte[] source, PythonVersion version) {
    return parse(decode(source), version);
  }

  /**
   * The text CPython's {@code ast.parse(source_bytes)} parses: a UTF-8 BOM dropped, a PEP 263 declaration on
   * line 1 or 2 honoured, or a {@link PythonSyntaxException} with CPython's message (unknown encoding, BOM
   * with another encoding, undecodable bytes, invalid UTF-8 in a string or identifier).
   */
  public static String decode(byte[] source) {
    return SourceDecoder.decode(Objects.requireNonNull(source, "source"));
  }

  /** {@code ast.parse(source)} with the grammar and tree layout of {@code version}; returns the {@code Module}. */
  public static PyNode parse(String source, PythonVersion version) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(version, "version");
    checkEncodable(source);
    Parser ps = new Parser(new Lexer(source), version);
    PyNode tree;
    try {
      tree = run(ps, false);
    } catch (StackOverflowError e) {
      throw tooDeep();
    }
    if (ps.tooDeep) {
      throw tooDeep();
    }
    checkDepth(tree);
    return tree;
  }

  private static void checkEncodable(String source) {
    if (source.indexOf('\0') >= 0) {
      throw new PythonSyntaxException(
          PythonSyntaxException.Kind.SYNTAX_ERROR, "source code string cannot contain null bytes", -1, -1, -1, -1);
    }
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      if (Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c) && i + 1 < source.length() && Character.isLowSurrogate(source.charAt(i + 1));
        if (!paired) {
          throw new PythonSyntaxException(
              PythonSyntaxException.Kind.SYNTAX_ERROR,
              "'utf-8' codec can't encode character '\\u" + Integer.toHexString(c) + "' in position "
                  + source.codePointCount(0, i) + ": surrogates not allowed",
              -1, -1, -1, -1);
        }
        i++;
      }
    }
  }

  static PythonSyntaxException tooDeep() {
    return new PythonSyntaxException(
        PythonSyntaxException.Kind.TOO_DEEPLY_NESTED,
        "maximum recursion depth exceeded during ast construction",
        -1, -1, -1, -1);
  }

  /** CPython's two passes: parse; on failure re-parse with the invalid_* checks, then pick the error. */
  static PyNode run(Parser ps, boolean fstring) {
    try {
      return fstring ? ps.fstringExpression() : ps.file();
    } catch (Parser.Fail f) {
      // fall through to the error pass
    }
    Lexer lx = ps.lx;
    int furthest = Math.min(ps.maxFetched, lx.count - 1);
    PythonSyntaxException lexError = ps.lexError;
    ps.p = 0;
    ps.errorPass = true;
    PythonSyntaxException specific = null;
    try {
      if (fstring) {
        ps.fstringExpression();
      } else {
        ps.file();
      }
    } catch (Parser.Fail f) {
      // no specific message
    } catch (PythonSyntaxException e) {
      specific = e;
    }
    if (specific != null) {
      if (lexError == null && specific.kind() != PythonSyntaxException.Kind.TOO_DEEPLY_NESTED) {
        PythonSyntaxException later = tokenizeRest(ps, lx.sLine[Math.min(ps.maxFetched, lx.count - 1)]);
        if (later != null) {
          throw later;
        }
      }
      throw specific;
    }
    if (lexError != null) {
      throw lexError;
    }
    if (furthest < 0) {
      throw new PythonSyntaxException(PythonSyntaxException.Kind.SYNTAX_ERROR, "invalid syntax", 1, 1, 1, 1);
    }
    int kind = lx.kind[furthest];
    if (kind == Tok.EOF_IN_BRACKETS) {
      throw lx.unclosedBracket();
    }
    if (kind == Tok.INDENT || kind == Tok.DEDENT) {
      int off = ps.charCol(lx.sPos[furthest]);
      throw new PythonSyntaxException(
          PythonSyntaxException.Kind.INDENTATION_ERROR,
          kind == Tok.INDENT ? "unexpected indent" : "unexpected unindent",
          lx.sLine[furthest],
          off,
          lx.sLine[furthest],
          -1);
    }
    PythonSyntaxException generic = kind == Tok.ENDMARKER ? atEnd(ps, "invalid syntax", PythonSyntaxException.Kind.SYNTAX_ERROR)
        : ps.errTokens("invalid syntax", furthest, furthest);
    PythonSyntaxException later = tokenizeRest(ps, lx.sLine[furthest]);
    throw later != null ? later : generic;
  }

  /** An error located at the end of input, as CPython reports errors at ENDMARKER. */
  static PythonSyntaxException atEnd(Parser ps, String msg, PythonSyntaxException.Kind kind) {
    char[] b = ps.lx.buf;
    int end = b.length;
    int start = end - 1;
    while (start > 0 && b[start - 1] != '\n') {
      start--;
    }
    int line = 1;
    for (int i = 0; i < start; i++) {
      if (b[i] == '\n') {
        line++;
      }
    }
    int off = Character.codePointCount(b, start, end - start);
    return new PythonSyntaxException(kind, msg, line, off, line, -1);
  }

  /** CPython's _PyPegen_tokenize_full_source_to_check_for_errors: a later tokenizer error wins. */
  private static PythonSyntaxException tokenizeRest(Parser ps, int errorLine) {
    Lexer lx = ps.lx;
    if (ps.lexError != null) {
      return null;
    }
    // Tokens are not kept: a huge tail must not fill the token store.
    int keep = lx.count;
    int lastKind = keep > 0 ? lx.kind[keep - 1] : Tok.ENDMARKER;
    try {
      while (!lx.isDone()) {
        lx.next();
        lastKind = lx.kind[keep];
        lx.count = keep;
      }
    } catch (PythonSyntaxException e) {
      return e;
    }
    if (lastKind == Tok.EOF_IN_BRACKETS && errorLine > lx.unclosedBracketLine()) {
      return lx.unclosedBracket();
    }
    return null;
  }

  /** Rejects trees deeper than CPython's AST construction allows. */
  private static void checkDepth(PyNode root) {
    if (root.depth() > MAX_TREE_DEPTH) {
      throw tooDeep();
    }
  }


}

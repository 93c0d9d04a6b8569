package ai.prism.bundle.python;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Number and string literals as CPython 3.11 evaluates them: int/float/imaginary values, escape
 * decoding of str and bytes, implicit concatenation, and f-strings ({@code Parser/string_parser.c}):
 * literal parts, {@code {expr!c:spec}} replacement fields parsed by a nested parser, {@code =} debug
 * text, and CPython 3.11's positions (every literal part and FormattedValue spans the whole string).
 */
final class Literals {
  private Literals() {}

  /** CPython's default {@code sys.get_int_max_str_digits()}. */
  static final int INT_MAX_STR_DIGITS = 4300;

  // ================================================================ numbers

  static Object number(Parser ps, int tok) {
    String text = ps.lx.text(tok);
    if (text.indexOf('_') >= 0) {
      text = text.replace("_", "");
    }
    char last = text.charAt(text.length() - 1);
    if (last == 'j' || last == 'J') {
      return new PyConstant.Imaginary(Double.parseDouble(text.substring(0, text.length() - 1)));
    }
    if (text.length() > 1 && text.charAt(0) == '0') {
      char c = text.charAt(1);
      if (c == 'x' || c == 'X') {
        return new BigInteger(text.substring(2), 16);
      }
      if (c == 'o' || c == 'O') {
        return new BigInteger(text.substring(2), 8);
      }
      if (c == 'b' || c == 'B') {
        return new BigInteger(text.substring(2), 2);
      }
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '.' || c == 'e' || c == 'E') {
        return Double.parseDouble(text);
      }
    }
    if (text.length() <= 18) {
      return BigInteger.valueOf(Long.parseLong(text));
    }
    String digits = stripLeadingZeros(text);
    if (digits.length() > INT_MAX_STR_DIGITS) {
      throw ps.errTokens(
          "Exceeds the limit (" + INT_MAX_STR_DIGITS + " digits) for integer string conversion: value has "
              + digits.length()
              + " digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge"
              + " integer literals to avoid decimal conversion limits.",
          tok,
          tok);
    }
    return new BigInteger(text);
  }

  private static String stripLeadingZeros(String s) {
    int i = 0;
    while (i < s.length() - 1 && s.charAt(i) == '0') {
      i++;
    }
    return s.substring(i);
  }

  // ================================================================ strings

  /** Prefix flags and body bounds of one STRING token. */
  private static final class StrTok {
    boolean bytes;
    boolean raw;
    boolean fmode;
    boolean u;
    int bodyStart;
    int bodyEnd;
  }

  private static StrTok scan(Parser ps, int tok) {
    char[] b = ps.lx.buf;
    int s = ps.lx.sPos[tok];
    int e = ps.lx.ePos[tok];
    StrTok st = new StrTok();
    int i = s;
    while (b[i] != '\'' && b[i] != '"') {
      char c = b[i];
      if (c == 'b' || c == 'B') {
        st.bytes = true;
      } else if (c == 'r' || c == 'R') {
        st.raw = true;
      } else if (c == 'f' || c == 'F') {
        st.fmode = true;
      } else if (c == 'u' || c == 'U') {
        st.u = true;
      }
      i++;
    }
    char q = b[i];
    int qs = (e - i >= 6 && b[i + 1] == q && b[i + 2] == q) ? 3 : 1;
    st.bodyStart = i + qs;
    st.bodyEnd = e - qs;
    return st;
  }

  /** Accumulates a JoinedStr's values: a pending literal and the finished parts (CPython's FstringParser). */
  private static final class Builder {
    final List<PyNode> values = new ArrayList<>();
    StringBuilder last;
    /** Offsets in {@link #last} of surrogate code units that came from escapes (null when none). */
    List<Integer> marks;
    boolean fmode;

    void addLiteral(String s) {
      addLiteral(s, null);
    }

    void addLiteral(String s, List<Integer> newMarks) {
      if (s.isEmpty()) {
        return;
      }
      if (last == null) {
        last = new StringBuilder(s.length() + 16);
      }
      if (newMarks != null && !newMarks.isEmpty()) {
        if (marks == null) {
          marks = new ArrayList<>();
        }
        for (int m : newMarks) {
          marks.add(last.length() + m);
        }
      }
      last.append(s);
    }

    Object take() {
      Object v = strValue(last == null ? "" : last.toString(), marks);
      last = null;
      marks = null;
      return v;
    }
  }

  /**
   * The Python str: a Java String, unless a surrogate written as an escape sits next to another surrogate
   * and UTF-16 would fuse them into one character; then a {@link PyConstant.SurrogateStr}.
   */
  static Object strValue(String s, List<Integer> marks) {
    if (marks == null || marks.isEmpty()) {
      return s;
    }
    boolean fused = false;
    for (int m : marks) {
      char c = s.charAt(m);
      if ((Character.isHighSurrogate(c) && m + 1 < s.length() && Character.isLowSurrogate(s.charAt(m + 1)))
          || (Character.isLowSurrogate(c) && m > 0 && Character.isHighSurrogate(s.charAt(m - 1)))) {
        fused = true;
        break;
      }
    }
    if (!fused) {
      return s;
    }
    java.util.Set<Integer> separate = new java.util.HashSet<>(marks);
    int[] cps = new int[s.length()];
    int n = 0;
    for (int i = 0; i < s.length(); ) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
          && !separate.contains(i) && !separate.contains(i + 1)) {
        cps[n++] = Character.toCodePoint(c, s.charAt(i + 1));
        i += 2;
      } else {
        cps[n++] = c;
        i++;
      }
    }
    return new PyConstant.SurrogateStr(s, java.util.Arrays.copyOf(cps, n));
  }

  /** Position of a string-derived node: the tokens {@code first}..{@code last}. */
  private static final class Span {
    final int line;
    final int col;
    final int endLine;
    final int endCol;
    final boolean u;

    Span(Parser ps, int first, int last) {
      line = ps.lx.sLine[first];
      col = ps.lx.sCol[first];
      endLine = ps.lx.eLine[last];
      endCol = ps.lx.eCol[last];
      char c0 = ps.lx.buf[ps.lx.sPos[first]];
      u = c0 == 'u';
    }
  }

  private static PyNode strNode(Parser ps, Object value, Span span) {
    return Parser.mkAt(ps.n.Constant, span.line, span.col, span.endLine, span.endCol, value, span.u ? "u" : null);
  }

  /** The {@code strings} rule: tokens {@code first}..{@code last} concatenated. */
  static PyNode strings(Parser ps, int first, int last) {
    Span whole = new Span(ps, first, last);
    Builder state = new Builder();
    boolean bytesMode = false;
    ByteArrayOutputStream bytes = null;
    for (int t = first; t <= last; t++) {
      StrTok st = scan(ps, t);
      if (t != first && bytesMode != st.bytes) {
        throw ps.errLast("cannot mix bytes and nonbytes literals");
      }
      bytesMode = st.bytes;
      if (st.bytes) {
        if (bytes == null) {
          bytes = new ByteArrayOutputStream();
        }
        decodeBytes(ps, t, st, bytes);
      } else if (st.fmode) {
        int[] cursor = {st.bodyStart};
        concatFstring(ps, state, cursor, st.bodyEnd, st.raw, 0, whole, t);
      } else {
        if (st.raw) {
          state.addLiteral(new String(ps.lx.buf, st.bodyStart, st.bodyEnd - st.bodyStart));
        } else {
          List<Integer> marks = new ArrayList<>(0);
          state.addLiteral(decodeStr(ps, st.bodyStart, st.bodyEnd, marks), marks);
        }
      }
    }
    if (bytesMode) {
      return Parser.mkAt(
          ps.n.Constant, whole.line, whole.col, whole.endLine, whole.endCol, new PyConstant.Bytes(bytes.toByteArray()), null);
    }
    return finish(ps, state, whole);
  }

  private static PyNode finish(Parser ps, Builder state, Span span) {
    if (!state.fmode) {
      return strNode(ps, state.take(), span);
    }
    if (state.last != null) {
      state.values.add(strNode(ps, state.take(), span));
    }
    return Parser.mkAt(ps.n.JoinedStr, span.line, span.col, span.endLine, span.endCol, state.values);
  }

  // ---------------------------------------------------------------- escapes

  private static String decodeStr(Parser ps, int from, int to, List<Integer> marks) {
    char[] b = ps.lx.buf;
    int i = from;
    // Fast path: no backslash.
    while (i < to && b[i] != '\\') {
      i++;
    }
    if (i == to) {
      return new String(b, from, to - from);
    }
    StringBuilder sb = new StringBuilder(to - from);
    sb.append(b, from, i - from);
    while (i < to) {
      char c = b[i];
      if (c != '\\') {
        sb.append(c);
        i++;
        continue;
      }
      int escStart = i;
      i++;
      if (i >= to) {
        throw unicodeError(ps, b, from, escStart, to, "\\ at end of string");
      }
      c = b[i++];
      if (c == '\n') {
        continue;
      }
      int simple = simpleEscape(c);
      if (simple >= 0) {
        sb.append((char) simple);
        continue;
      }
      if (c >= '0' && c <= '7') {
        int end = octalEnd(b, i, to);
        sb.append((char) octalValue(b, i - 1, end));
        i = end;
        continue;
      }
      switch (c) {
        case 'x':
        case 'u':
        case 'U':
          {
            int digits = c == 'x' ? 2 : c == 'u' ? 4 : 8;
            int v = 0;
            int k = 0;
            while (k < digits && i < to && Character.digit(b[i], 16) >= 0 && b[i] < 128) {
              v = v * 16 + Character.digit(b[i], 16);
              i++;
              k++;
            }
            if (k < digits) {
              String what = c == 'x' ? "truncated \\xXX escape" : c == 'u' ? "truncated \\uXXXX escape" : "truncated \\UXXXXXXXX escape";
              throw unicodeError(ps, b, from, escStart, i, what);
            }
            if (c == 'U' && (v < 0 || v > 0x10ffff)) {
              throw unicodeError(ps, b, from, escStart, i, "illegal Unicode character");
            }
            if (v >= 0xd800 && v <= 0xdfff) {
              marks.add(sb.length());
            }
            sb.appendCodePoint(v);
            break;
          }
        case 'N':
          {
            if (i >= to || b[i] != '{') {
              throw unicodeError(ps, b, from, escStart, i, "malformed \\N character escape");
            }
            int close = i + 1;
            while (close < to && b[close] != '}') {
              close++;
            }
            if (close >= to || close == i + 1) {
              throw unicodeError(ps, b, from, escStart, Math.min(close, to), "malformed \\N character escape");
            }
            String nameText = new String(b, i + 1, close - i - 1);
            int cp = UnicodeNames.lookup(nameText);
            i = close + 1;
            if (cp < 0) {
              throw unicodeError(ps, b, from, escStart, i, "unknown Unicode character name");
            }
            sb.appendCodePoint(cp);
            break;
          }
        default:
          sb.append('\\').append(c);
      }
    }
    return sb.toString();
  }

  /** The value of a one-character escape ({@code \\n}, {@code \\t}, quotes, backslash), or -1. */
  private static int simpleEscape(char c) {
    switch (c) {
      case '\\':
      case '\'':
      case '"':
        return c;
      case 'a':
        return 7;
      case 'b':
        return 8;
      case 'f':
        return 12;
      case 'n':
        return 10;
      case 'r':
        return 13;
      case 't':
        return 9;
      case 'v':
        return 11;
      default:
        return -1;
    }
  }

  /** End of an octal escape whose first digit is just before {@code i}: at most two more digits. */
  private static int octalEnd(char[] b, int i, int to) {
    int end = i;
    while (end < to && end < i + 2 && b[end] >= '0' && b[end] <= '7') {
      end++;
    }
    return end;
  }

  private static int octalValue(char[] b, int from, int to) {
    int v = 0;
    for (int k = from; k < to; k++) {
      v = v * 8 + (b[k] - '0');
    }
    return v;
  }

  /**
   * CPython's "(unicode error) 'unicodeescape' codec can't decode bytes in position a-b: reason"; positions
   * count every non-ASCII character as the 10 bytes of the {@code \\UXXXXXXXX} escape CPython rewrites it to.
   */
  private static PythonSyntaxException unicodeError(Parser ps, char[] b, int from, int escStart, int end, String reason) {
    int start = escapedLength(b, from, escStart);
    int stop = escapedLength(b, from, end) - 1;
    return ps.errLast(
        "(unicode error) 'unicodeescape' codec can't decode bytes in position " + start + "-" + stop + ": " + reason);
  }

  private static int escapedLength(char[] b, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = b[i];
      if (c < 0x80) {
        n++;
      } else if (Character.isHighSurrogate(c) && i + 1 < to) {
        n += 10;
        i++;
      } else {
        n += 10;
      }
    }
    return n;
  }

  private static void decodeBytes(Parser ps, int tok, StrTok st, ByteArrayOutputStream out) {
    char[] b = ps.lx.buf;
    for (int i = st.bodyStart; i < st.bodyEnd; i++) {
      if (b[i] >= 0x80) {
        throw ps.errTokens("bytes can only contain ASCII literal characters", tok, tok);
      }
    }
    int i = st.bodyStart;
    int to = st.bodyEnd;
    if (st.raw) {
      for (; i < to; i++) {
        out.write(b[i]);
      }
      return;
    }
    while (i < to) {
      char c = b[i++];
      if (c != '\\') {
        out.write(c);
        continue;
      }
      if (i >= to) {
        throw ps.errLast("(value error) Trailing \\ in string");
      }
      c = b[i++];
      if (c == '\n') {
        continue;
      }
      int simple = simpleEscape(c);
      if (simple >= 0) {
        out.write(simple);
        continue;
      }
      if (c >= '0' && c <= '7') {
        int end = octalEnd(b, i, to);
        out.write(octalValue(b, i - 1, end) & 0xff);
        i = end;
        continue;
      }
      switch (c) {
        case 'x':
          {
            int h1 = i < to ? Character.digit(b[i], 16) : -1;
            int h2 = i + 1 < to ? Character.digit(b[i + 1], 16) : -1;
            if (h1 < 0 || h2 < 0) {
              throw ps.errLast("(value error) invalid \\x escape at position " + (i - 2 - st.bodyStart));
            }
            out.write(h1 * 16 + h2);
            i += 2;
            break;
          }
        default:
          out.write('\\');
          out.write(c);
      }
    }
  }

  // ---------------------------------------------------------------- f-strings (3.11)

  private static void concatFstring(
      Parser ps, Builder state, int[] cur, int end, boolean raw, int recurseLvl, Span whole, int tok) {
    state.fmode = true;
    char[] b = ps.lx.buf;
    while (true) {
      // Literal part.
      int s = cur[0];
      int literalStart = s;
      boolean doubled = false;
      while (s < end) {
        char ch = b[s++];
        if (!raw && ch == '\\' && s < end) {
          ch = b[s++];
          if (ch == 'N') {
            if (s < end && b[s++] == '{') {
              while (s < end && b[s++] != '}') {
                // skip the character name
              }
            }
            continue;
          }
        }
        if (ch == '{' || ch == '}') {
          if (recurseLvl == 0) {
            if (s < end && b[s] == ch) {
              doubled = true;
              break;
            }
            if (ch == '}') {
              throw ps.errLast("f-string: single '}' is not allowed");
            }
          }
          s--;
          break;
        }
      }
      int literalEnd = s;
      if (literalStart != literalEnd) {
        if (raw) {
          state.addLiteral(new String(b, literalStart, literalEnd - literalStart));
        } else {
          List<Integer> marks = new ArrayList<>(0);
          state.addLiteral(decodeStr(ps, literalStart, literalEnd, marks), marks);
        }
      }
      if (doubled) {
        cur[0] = s + 1;
        continue;
      }
      cur[0] = s;
      if (s >= end || b[s] == '}') {
        break;
      }
      PyNode fv = findExpr(ps, state, cur, end, raw, recurseLvl, whole, tok);
      if (state.last != null) {
        state.values.add(strNode(ps, state.take(), whole));
      }
      state.values.add(fv);
    }
    if (recurseLvl == 0 && cur[0] < end - 1) {
      throw ps.errLast("f-string: unexpected end of string");
    }
    if (recurseLvl != 0 && (cur[0] >= end || b[cur[0]] != '}')) {
      throw ps.errLast("f-string: expecting '}'");
    }
  }

  /** One replacement field starting at the '{' at {@code cur[0]}; leaves {@code cur[0]} after its '}'. */
  private static PyNode findExpr(Parser ps, Builder state, int[] cur, int end, boolean raw, int recurseLvl, Span whole, int tok) {
    char[] b = ps.lx.buf;
    if (recurseLvl >= 2) {
      throw ps.errLast("f-string: expressions nested too deeply");
    }
    int brace = cur[0];
    int s = brace + 1;
    int exprStart = s;
    char quoteChar = 0;
    int stringType = 0;
    int nested = 0;
    char[] parens = new char[Lexer.MAX_LEVEL];
    for (; s < end; s++) {
      char ch = b[s];
      if (ch == '\\') {
        throw ps.errLast("f-string expression part cannot include a backslash");
      }
      if (quoteChar != 0) {
        if (ch == quoteChar) {
          if (stringType == 3) {
            if (s + 2 < end && b[s + 1] == ch && b[s + 2] == ch) {
              s += 2;
              stringType = 0;
              quoteChar = 0;
            }
          } else {
            stringType = 0;
            quoteChar = 0;
          }
        }
        continue;
      }
      if (ch == '\'' || ch == '"') {
        if (s + 2 < end && b[s + 1] == ch && b[s + 2] == ch) {
          stringType = 3;
          s += 2;
        } else {
          stringType = 1;
        }
        quoteChar = ch;
      } else if (ch == '[' || ch == '{' || ch == '(') {
        if (nested >= Lexer.MAX_LEVEL) {
          throw ps.errLast("f-string: too many nested parenthesis");
        }
        parens[nested++] = ch;
      } else if (ch == '#') {
        throw ps.errLast("f-string expression part cannot include '#'");
      } else if (nested == 0 && (ch == '!' || ch == ':' || ch == '}' || ch == '=' || ch == '>' || ch == '<')) {
        if (s + 1 < end) {
          char next = b[s + 1];
          if ((ch == '!' && next == '=') || (ch == '=' && next == '=') || (ch == '<' && next == '=') || (ch == '>' && next == '=')) {
            s++;
            continue;
          }
        }
        if (ch == '>' || ch == '<') {
          continue;
        }
        break;
      } else if (ch == ']' || ch == '}' || ch == ')') {
        if (nested == 0) {
          throw ps.errLast("f-string: unmatched '" + ch + "'");
        }
        char opening = parens[--nested];
        if (!((opening == '(' && ch == ')') || (opening == '[' && ch == ']') || (opening == '{' && ch == '}'))) {
          throw ps.errLast("f-string: closing parenthesis '" + ch + "' does not match opening parenthesis '" + opening + "'");
        }
      }
    }
    int exprEnd = s;
    if (quoteChar != 0) {
      throw ps.errLast("f-string: unterminated string");
    }
    if (nested != 0) {
      throw ps.errLast("f-string: unmatched '" + parens[nested - 1] + "'");
    }
    if (s >= end) {
      throw ps.errLast("f-string: expecting '}'");
    }
    PyNode expression = compileExpr(ps, exprStart, exprEnd, tok);
    String exprText = null;
    if (b[s] == '=') {
      s++;
      while (s < end && isSpace(b[s])) {
        s++;
      }
      if (s >= end) {
        throw ps.errLast("f-string: expecting '}'");
      }
      exprText = new String(b, exprStart, s - exprStart);
    }
    int conversion = -1;
    if (b[s] == '!') {
      s++;
      if (s >= end) {
        throw ps.errLast("f-string: expecting '}'");
      }
      conversion = b[s];
      s++;
      if (!(conversion == 's' || conversion == 'r' || conversion == 'a')) {
        throw ps.errLast("f-string: invalid conversion character: expected 's', 'r', or 'a'");
      }
    }
    PyNode formatSpec = null;
    if (s < end && b[s] == ':') {
      s++;
      if (s >= end) {
        throw ps.errLast("f-string: expecting '}'");
      }
      Builder spec = new Builder();
      int[] c2 = {s};
      concatFstring(ps, spec, c2, end, raw, recurseLvl + 1, whole, tok);
      s = c2[0];
      formatSpec = finish(ps, spec, new Span(ps, tok, tok));
    }
    if (s >= end || b[s] != '}') {
      throw ps.errLast("f-string: expecting '}'");
    }
    s++;
    cur[0] = s;
    if (exprText != null) {
      state.addLiteral(exprText);
      if (formatSpec == null && conversion == -1) {
        conversion = 'r';
      }
    }
    return Parser.mkAt(
        ps.n.FormattedValue, whole.line, whole.col, whole.endLine, whole.endCol, expression, conversion, formatSpec);
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000b';
  }

  /** Parses {@code (expr)} with positions of the enclosing file (CPython's fstring_compile_expr). */
  private static PyNode compileExpr(Parser ps, int exprStart, int exprEnd, int tok) {
    char[] b = ps.lx.buf;
    int s = exprStart;
    while (s < exprEnd && (b[s] == ' ' || b[s] == '\t' || b[s] == '\n' || b[s] == '\f')) {
      s++;
    }
    if (s == exprEnd) {
      char endCh = b[exprEnd];
      if (endCh == '!' || endCh == ':' || endCh == '=') {
        throw ps.errLast("f-string: expression required before '" + endCh + "'");
      }
      throw ps.errLast("f-string: empty expression not allowed");
    }
    int len = exprEnd - exprStart;
    char[] text = new char[len + 3];
    text[0] = '(';
    System.arraycopy(b, exprStart, text, 1, len);
    text[len + 1] = ')';
    text[len + 2] = '\n';
    // Location of the '{' (where the '(' stands): line and UTF-8 byte column in the file.
    int brace = exprStart - 1;
    int tokStart = ps.lx.sPos[tok];
    int line = ps.lx.sLine[tok];
    int lineStartIdx = -1;
    for (int i = tokStart; i < brace; i++) {
      if (b[i] == '\n') {
        line++;
        lineStartIdx = i + 1;
      }
    }
    boolean newlineAfterBrace = true;
    for (int i = brace + 1; i < exprEnd + 1 && b[i] != '}' && b[i] != '\n'; i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\f') {
        newlineAfterBrace = false;
        break;
      }
    }
    int col;
    if (newlineAfterBrace) {
      col = lineStartIdx < 0 ? ps.lx.sCol[tok] : 0;
    } else if (lineStartIdx < 0) {
      col = ps.lx.sCol[tok] + utf8Length(b, tokStart, brace);
    } else {
      col = utf8Length(b, lineStartIdx, brace);
    }
    Lexer sub = new Lexer(text, line, col);
    Parser p2 = new Parser(sub, ps.version);
    p2.fstringMode = true;
    try {
      PyNode e = PythonParser.run(p2, true);
      ps.tooDeep |= p2.tooDeep;
      return e;
    } catch (PythonSyntaxException e) {
      if (e.kind() == PythonSyntaxException.Kind.TOO_DEEPLY_NESTED || e.msg().startsWith("f-string")) {
        throw e;
      }
      throw new PythonSyntaxException(e.kind(), "f-string: " + e.msg(), e.line(), e.column(), e.endLine(), e.endColumn());
    }
  }

  static int utf8Length(char[] b, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = b[i];
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return n;
  }
}

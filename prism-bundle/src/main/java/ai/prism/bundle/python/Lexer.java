package ai.prism.bundle.python;

import ai.prism.core.json.Python;
import java.util.Arrays;

/**
 * CPython 3.11's C tokenizer ({@code Parser/tokenizer.c}) over a source string: indentation stack,
 * bracket nesting, continuation lines, string/number/name scanning and the tokenizer's own syntax
 * errors. Tokens are produced on demand into parallel arrays so the parser can backtrack over them.
 * Positions are 1-based lines and UTF-8 byte columns, as CPython records them.
 */
final class Lexer {
  static final int MAX_INDENT = 100;
  static final int MAX_LEVEL = 200;

  final char[] buf;
  /** Number of real characters in {@link #buf} (a final newline may follow). */
  private final int limit;
  private final int baseLine;
  private final int baseCol;

  private int pos;
  private int lineNo = 1;
  private int lineStart;
  private int firstNonAscii = -1;
  private int cachePos;
  private int cacheByte;

  private final int[] indstack = new int[MAX_INDENT + 1];
  private final int[] altindstack = new int[MAX_INDENT + 1];
  private int indent;
  private int pendin;
  private boolean atbol = true;
  private boolean blankline;
  private int level;
  private final char[] parenstack = new char[MAX_LEVEL];
  private final int[] parenLine = new int[MAX_LEVEL];
  private final int[] parenCol = new int[MAX_LEVEL];
  private boolean done;

  // Token store.
  int count;
  int[] kind = new int[256];
  int[] sPos = new int[256];
  int[] ePos = new int[256];
  int[] sLine = new int[256];
  int[] sCol = new int[256];
  int[] eLine = new int[256];
  int[] eCol = new int[256];
  String[] names = new String[256];
  /** Bracket nesting level after each token (CPython's token->level). */
  int[] lvl = new int[256];

  /** A lexer over a whole module source (CPython translates \r\n and \r to \n and appends a final newline). */
  Lexer(String source) {
    this(normalize(source), 1, 0);
  }

  /**
   * A lexer over already-normalised text whose first character lies at ({@code baseLine},
   * {@code baseCol}) of the enclosing file (f-string expressions); later lines keep their own columns.
   */
  Lexer(char[] text, int baseLine, int baseCol) {
    this.buf = text;
    this.limit = text.length;
    this.baseLine = baseLine;
    this.baseCol = baseCol;
  }

  /** The source as CPython's string tokenizer sees it: universal newlines and a final newline. */
  static char[] normalize(String s) {
    int n = s.length();
    char[] out = new char[n + 1];
    int j = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '\r') {
        c = '\n';
        if (i + 1 < n && s.charAt(i + 1) == '\n') {
          i++;
        }
      }
      out[j++] = c;
    }
    if (j == 0 || out[j - 1] != '\n') {
      out[j++] = '\n';
    }
    return j == out.length ? out : Arrays.copyOf(out, j);
  }

  // ---------------------------------------------------------------- positions

  private int line() {
    return baseLine + lineNo - 1;
  }

  /** UTF-8 byte column of buffer index {@code p} on the current line. */
  private int colAt(int p) {
    int c;
    if (firstNonAscii < 0 || p <= firstNonAscii) {
      c = p - lineStart;
    } else {
      if (p < cachePos) {
        cachePos = firstNonAscii;
        cacheByte = firstNonAscii - lineStart;
      }
      int b = cacheByte;
      for (int i = cachePos; i < p; i++) {
        char ch = buf[i];
        b += ch < 0x80 ? 1 : ch < 0x800 ? 2 : Character.isSurrogate(ch) ? 2 : 3;
      }
      cachePos = p;
      cacheByte = b;
      c = b;
    }
    return lineNo == 1 ? c + baseCol : c;
  }

  private void sawNonAscii(int p) {
    if (firstNonAscii < 0) {
      firstNonAscii = p;
      cachePos = p;
      cacheByte = p - lineStart;
    }
  }

  private void newLine(int nextLineStart) {
    lineNo++;
    lineStart = nextLineStart;
    firstNonAscii = -1;
  }

  /** 1-based character column (CPython's SyntaxError offset) of buffer index {@code p} on the current line. */
  private int charOffset(int p) {
    int c = Character.codePointCount(buf, lineStart, Math.max(0, p - lineStart));
    return (lineNo == 1 ? baseCharCol : 0) + c;
  }

  /** Character column of the start of the text in the enclosing line (f-string sub-lexers), for error offsets. */
  int baseCharCol;

  // ---------------------------------------------------------------- token store

  private void grow() {
    int cap = Math.min(kind.length * 2, MAX_TOKENS);
    kind = Arrays.copyOf(kind, cap);
    sPos = Arrays.copyOf(sPos, cap);
    ePos = Arrays.copyOf(ePos, cap);
    sLine = Arrays.copyOf(sLine, cap);
    sCol = Arrays.copyOf(sCol, cap);
    eLine = Arrays.copyOf(eLine, cap);
    eCol = Arrays.copyOf(eCol, cap);
    names = Arrays.copyOf(names, cap);
    lvl = Arrays.copyOf(lvl, cap);
  }

  /** Tokens a parse may hold (they are kept for backtracking, as CPython keeps them). */
  static final int MAX_TOKENS = 8_000_000;

  private void add(int k, int start, int startLine, int startCol, int end, String name) {
    if (count == kind.length) {
      if (count >= MAX_TOKENS) {
        throw new PythonSyntaxException(
            PythonSyntaxException.Kind.TOO_LARGE,
            "source too large to parse: more than " + MAX_TOKENS + " tokens",
            line(), -1, line(), -1);
      }
      grow();
    }
    int i = count++;
    kind[i] = k;
    sPos[i] = start;
    ePos[i] = end;
    sLine[i] = startLine;
    sCol[i] = startCol;
    eLine[i] = line();
    eCol[i] = colAt(end);
    names[i] = name;
    lvl[i] = level;
  }

  /** Text of token {@code i}. */
  String text(int i) {
    return new String(buf, sPos[i], ePos[i] - sPos[i]);
  }

  /** Line of the first character (f-string sub-lexers start inside a file). */
  int baseLine() {
    return baseLine;
  }

  /** UTF-8 column added to positions on the first line. */
  int baseCol() {
    return baseCol;
  }

  /** Whether the last token has been produced (ENDMARKER or end of input inside brackets). */
  boolean isDone() {
    return done;
  }

  /** The bracket nesting level (unclosed brackets) at the current point. */
  int level() {
    return level;
  }

  // ---------------------------------------------------------------- errors

  private PythonSyntaxException error(String msg, int errPos) {
    int off = charOffset(errPos);
    return new PythonSyntaxException(PythonSyntaxException.Kind.SYNTAX_ERROR, msg, line(), off, line(), off);
  }

  private PythonSyntaxException indentError(PythonSyntaxException.Kind kind, String msg, int offset, int endOffset) {
    return new PythonSyntaxException(kind, msg, line(), offset, line(), endOffset);
  }

  /** CPython's "'(' was never closed" for the innermost unclosed bracket. */
  PythonSyntaxException unclosedBracket() {
    int i = level - 1;
    return new PythonSyntaxException(
        PythonSyntaxException.Kind.SYNTAX_ERROR,
        "'" + parenstack[i] + "' was never closed",
        parenLine[i],
        parenCol[i] + 1,
        parenLine[i],
        0);
  }

  /** Line of the innermost unclosed bracket. */
  int unclosedBracketLine() {
    return parenLine[level - 1];
  }

  // ---------------------------------------------------------------- scanning

  /** Produces the next token into the store; throws the tokenizer's syntax errors. */
  void next() {
    while (true) {
      blankline = false;
      if (atbol) {
        atbol = false;
        int col = 0;
        int altcol = 0;
        int contLineCol = 0;
        char c;
        while (true) {
          c = pos < limit ? buf[pos] : 0;
          if (c == ' ') {
            col++;
            altcol++;
          } else if (c == '\t') {
            col = (col / 8 + 1) * 8;
            altcol++;
          } else if (c == '\f') {
            col = altcol = 0;
          } else if (c == '\\') {
            contLineCol = contLineCol != 0 ? contLineCol : col;
            continuationLine();
            continue;
          } else {
            break;
          }
          pos++;
        }
        if (c == '#' || c == '\n') {
          blankline = true;
        }
        if (!blankline && level == 0) {
          if (contLineCol != 0) {
            col = contLineCol;
            altcol = contLineCol;
          }
          if (col == indstack[indent]) {
            if (altcol != altindstack[indent]) {
              throw tabError();
            }
          } else if (col > indstack[indent]) {
            if (indent + 1 >= MAX_INDENT) {
              throw indentError(PythonSyntaxException.Kind.INDENTATION_ERROR, "too many levels of indentation", 1, 0);
            }
            if (altcol <= altindstack[indent]) {
              throw tabError();
            }
            pendin++;
            indstack[++indent] = col;
            altindstack[indent] = altcol;
          } else {
            while (indent > 0 && col < indstack[indent]) {
              pendin--;
              indent--;
            }
            if (col != indstack[indent]) {
              int lineLen = lineEnd(lineStart) - lineStart;
              throw indentError(
                  PythonSyntaxException.Kind.INDENTATION_ERROR,
                  "unindent does not match any outer indentation level",
                  Character.codePointCount(buf, lineStart, lineLen) + 1,
                  -1);
            }
            if (altcol != altindstack[indent]) {
              throw tabError();
            }
          }
        }
      }
      int start = pos;
      if (pendin != 0) {
        int l = line();
        int cc = colAt(start);
        if (pendin < 0) {
          pendin++;
          add(Tok.DEDENT, start, l, cc, start, null);
        } else {
          pendin--;
          add(Tok.INDENT, start, l, cc, start, null);
        }
        return;
      }
      // Skip spaces.
      char c = pos < limit ? buf[pos] : 0;
      while (c == ' ' || c == '\t' || c == '\f') {
        c = ++pos < limit ? buf[pos] : 0;
      }
      start = pos;
      // Skip comment (type comments are not produced: ast.parse(type_comments=False)).
      if (c == '#') {
        while (pos < limit && buf[pos] != '\n') {
          if (buf[pos] >= 0x80) {
            sawNonAscii(pos);
          }
          pos++;
        }
        c = pos < limit ? buf[pos] : 0;
      }
      if (pos >= limit) {
        done = true;
        if (level > 0) {
          add(Tok.EOF_IN_BRACKETS, pos, line(), colAt(pos), pos, null);
        } else {
          add(Tok.ENDMARKER, pos, line(), colAt(pos), pos, null);
        }
        return;
      }
      if (isIdentifierStart(c)) {
        if (scanNameOrString(start)) {
          return;
        }
        continue;
      }
      if (c == '\n') {
        pos++;
        if (blankline || level > 0) {
          newLine(pos);
          atbol = true;
          continue;
        }
        int l = line();
        int cc = colAt(start);
        add(Tok.NEWLINE, start, l, cc, start, null);
        newLine(pos);
        atbol = true;
        return;
      }
      if (c == '.') {
        char d = peek(pos + 1);
        if (d >= '0' && d <= '9') {
          scanNumber(start);
          return;
        }
        if (d == '.' && peek(pos + 2) == '.') {
          pos += 3;
          addHere(Tok.ELLIPSIS, start);
          return;
        }
        pos++;
        addHere(Tok.DOT, start);
        return;
      }
      if (c >= '0' && c <= '9') {
        scanNumber(start);
        return;
      }
      if (c == '\'' || c == '"') {
        scanString(start, pos);
        return;
      }
      if (c == '\\') {
        continuationLine();
        continue;
      }
      scanOperator(start, c);
      return;
    }
  }

  private PythonSyntaxException tabError() {
    return indentError(PythonSyntaxException.Kind.TAB_ERROR, "inconsistent use of tabs and spaces in indentation", 1, 0);
  }

  private int lineEnd(int from) {
    int i = from;
    while (i < limit && buf[i] != '\n') {
      i++;
    }
    return i;
  }

  private char peek(int i) {
    return i < limit ? buf[i] : 0;
  }

  private void addHere(int k, int start) {
    add(k, start, line(), colAt(start), pos, null);
  }

  /** Backslash at {@code pos}: must be followed by a newline and more input. */
  private void continuationLine() {
    int bs = pos;
    pos++;
    if (peek(pos) != '\n') {
      pos++;
      int off = charOffset(pos);
      throw new PythonSyntaxException(
          PythonSyntaxException.Kind.SYNTAX_ERROR,
          "unexpected character after line continuation character",
          line(),
          off,
          line(),
          0);
    }
    pos++;
    if (pos >= limit) {
      int off = Character.codePointCount(buf, lineStart, pos - lineStart);
      throw new PythonSyntaxException(
          PythonSyntaxException.Kind.SYNTAX_ERROR, "unexpected EOF while parsing", line(), off, line(), -1);
    }
    newLine(pos);
    assert bs >= 0;
  }

  private static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 128;
  }

  private static boolean isIdentifierChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 128;
  }

  /** Returns true when a token was added. */
  private boolean scanNameOrString(int start) {
    boolean sawB = false;
    boolean sawR = false;
    boolean sawU = false;
    boolean sawF = false;
    char c = buf[pos];
    while (true) {
      if (!(sawB || sawU || sawF) && (c == 'b' || c == 'B')) {
        sawB = true;
      } else if (!(sawB || sawU || sawR || sawF) && (c == 'u' || c == 'U')) {
        sawU = true;
      } else if (!(sawR || sawU) && (c == 'r' || c == 'R')) {
        sawR = true;
      } else if (!(sawF || sawB || sawU) && (c == 'f' || c == 'F')) {
        sawF = true;
      } else {
        break;
      }
      c = peek(++pos);
      if (c == '"' || c == '\'') {
        scanString(start, pos);
        return true;
      }
    }
    boolean nonAscii = false;
    while (pos < limit && isIdentifierChar(c = buf[pos])) {
      if (c >= 128) {
        nonAscii = true;
      }
      pos++;
    }
    int startCol = colAt(start);
    if (nonAscii) {
      sawNonAscii(start);
      verifyIdentifier(start, pos);
    }
    String name = intern(start, pos - start);
    Integer kw = Tok.KEYWORDS.get(name);
    if (kw != null) {
      add(kw, start, line(), startCol, pos, name);
    } else {
      add(Tok.NAME, start, line(), startCol, pos, name);
    }
    return true;
  }

  private void verifyIdentifier(int start, int end) {
    int i = start;
    boolean first = true;
    while (i < end) {
      int cp = Character.codePointAt(buf, i, end);
      boolean ok = first ? (cp == '_' || Identifiers.isXidStart(cp)) : Identifiers.isXidContinue(cp);
      int next = i + Character.charCount(cp);
      if (!ok) {
        pos = next;
        int off = charOffset(next);
        String msg =
            Python.isPrintable(cp)
                ? "invalid character '" + new String(Character.toChars(cp)) + "' (U+" + hex4(cp) + ")"
                : "invalid non-printable character U+" + hex4(cp);
        throw new PythonSyntaxException(PythonSyntaxException.Kind.SYNTAX_ERROR, msg, line(), off, line(), off);
      }
      first = false;
      i = next;
    }
  }

  /** Identifiers seen so far, so that a name repeated a million times is one String. */
  private String[] internTable = new String[1024];
  private int internCount;

  private String intern(int start, int len) {
    int h = 0;
    for (int i = start; i < start + len; i++) {
      h = 31 * h + buf[i];
    }
    int mask = internTable.length - 1;
    int i = (h ^ (h >>> 16)) & mask;
    while (true) {
      String e = internTable[i];
      if (e == null) {
        break;
      }
      if (e.length() == len && sameChars(e, start)) {
        return e;
      }
      i = (i + 1) & mask;
    }
    String s = new String(buf, start, len);
    internTable[i] = s;
    if (++internCount * 2 > internTable.length) {
      String[] old = internTable;
      internTable = new String[old.length * 2];
      int m = internTable.length - 1;
      for (String e : old) {
        if (e != null) {
          int hh = e.hashCode();
          int j = (hh ^ (hh >>> 16)) & m;
          while (internTable[j] != null) {
            j = (j + 1) & m;
          }
          internTable[j] = e;
        }
      }
    }
    return s;
  }

  private boolean sameChars(String e, int start) {
    for (int k = 0; k < e.length(); k++) {
      if (e.charAt(k) != buf[start + k]) {
        return false;
      }
    }
    return true;
  }

  static String hex4(int cp) {
    String h = Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT);
    return h.length() >= 4 ? h : "0000".substring(h.length()) + h;
  }

  // ---------------------------------------------------------------- numbers

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private void scanNumber(int start) {
    int startCol = colAt(start);
    char c = buf[pos];
    if (c == '.') {
      pos++;
      c = fraction();
      c = exponentAndImaginary(c, start);
    } else if (c == '0') {
      c = peek(++pos);
      if (c == 'x' || c == 'X') {
        c = peek(++pos);
        do {
          if (c == '_') {
            c = peek(++pos);
          }
          if (!isHex(c)) {
            throw error("invalid hexadecimal literal", pos);
          }
          do {
            c = peek(++pos);
          } while (isHex(c));
        } while (c == '_');
        verifyEndOfNumber(c, "hexadecimal");
      } else if (c == 'o' || c == 'O' || c == 'b' || c == 'B') {
        boolean octal = c == 'o' || c == 'O';
        char maxDigit = octal ? '7' : '1';
        String kindName = octal ? "octal" : "binary";
        c = peek(++pos);
        do {
          if (c == '_') {
            c = peek(++pos);
          }
          if (c < '0' || c > maxDigit) {
            if (isDigit(c)) {
              pos++;
              throw error("invalid digit '" + c + "' in " + kindName + " literal", pos);
            }
            throw error("invalid " + kindName + " literal", pos);
          }
          do {
            c = peek(++pos);
          } while (c >= '0' && c <= maxDigit);
        } while (c == '_');
        if (isDigit(c)) {
          pos++;
          throw error("invalid digit '" + c + "' in " + kindName + " literal", pos);
        }
        verifyEndOfNumber(c, kindName);
      } else {
        boolean nonzero = false;
        while (true) {
          if (c == '_') {
            c = peek(++pos);
            if (!isDigit(c)) {
              throw error("invalid decimal literal", pos);
            }
          }
          if (c != '0') {
            break;
          }
          c = peek(++pos);
        }
        int zerosEnd = pos;
        if (isDigit(c)) {
          nonzero = true;
          c = decimalTail();
        }
        if (c == '.') {
          pos++;
          c = fraction();
          c = exponentAndImaginary(c, start);
        } else if (c == 'e' || c == 'E' || c == 'j' || c == 'J') {
          c = exponentAndImaginary(c, start);
        } else if (nonzero) {
          int off = charOffset(start) + 1;
          int endOff = charOffset(zerosEnd);
          throw new PythonSyntaxException(
              PythonSyntaxException.Kind.SYNTAX_ERROR,
              "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
              line(),
              off,
              line(),
              endOff + 1);
        } else {
          verifyEndOfNumber(c, "decimal");
        }
      }
    } else {
      c = decimalTail();
      if (c == '.') {
        pos++;
        c = fraction();
      }
      c = exponentAndImaginary(c, start);
    }
    add(Tok.NUMBER, start, line(), startCol, pos, null);
  }

  /** After a '.', the optional fraction digits; returns the next char. */
  private char fraction() {
    char c = peek(pos);
    if (isDigit(c)) {
      c = decimalTail();
    }
    return c;
  }

  /** Exponent, then imaginary suffix or end-of-number check; returns the next char. */
  private char exponentAndImaginary(char c, int start) {
    if (c == 'e' || c == 'E') {
      int ePos0 = pos;
      c = peek(++pos);
      if (c == '+' || c == '-') {
        c = peek(++pos);
        if (!isDigit(c)) {
          throw error("invalid decimal literal", pos);
        }
      } else if (!isDigit(c)) {
        pos = ePos0;
        verifyEndOfNumber('e', "decimal");
        return buf[pos];
      }
      c = decimalTail();
    }
    if (c == 'j' || c == 'J') {
      c = peek(++pos);
      verifyEndOfNumber(c, "imaginary");
    } else {
      verifyEndOfNumber(c, "decimal");
    }
    return c;
  }

  private char decimalTail() {
    char c;
    while (true) {
      do {
        c = peek(++pos);
      } while (isDigit(c));
      if (c != '_') {
        break;
      }
      c = peek(++pos);
      if (!isDigit(c)) {
        throw error("invalid decimal literal", pos);
      }
    }
    return c;
  }

  /** CPython's verify_end_of_number: a keyword right after a number only warns; other letters are errors. */
  private void verifyEndOfNumber(char c, String kindName) {
    boolean keywordFollows;
    switch (c) {
      case 'a':
        keywordFollows = lookahead("nd");
        break;
      case 'e':
        keywordFollows = lookahead("lse");
        break;
      case 'f':
        keywordFollows = lookahead("or");
        break;
      case 'i':
        char c2 = peek(pos + 1);
        keywordFollows = c2 == 'f' || c2 == 'n' || c2 == 's';
        break;
      case 'o':
        keywordFollows = lookahead("r");
        break;
      case 'n':
        keywordFollows = lookahead("ot");
        break;
      default:
        keywordFollows = false;
    }
    if (keywordFollows) {
      return;
    }
    if (c < 128 && isIdentifierChar(c)) {
      throw error("invalid " + kindName + " literal", pos);
    }
  }

  private boolean lookahead(String rest) {
    for (int i = 0; i < rest.length(); i++) {
      if (peek(pos + 1 + i) != rest.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- strings

  /** A string literal whose prefix starts at {@code start} and whose first quote is at {@code quotePos}. */
  private void scanString(int start, int quotePos) {
    int startLine = line();
    int startCol = colAt(start);
    int startLineStart = lineStart;
    int startLineNo = lineNo;
    char quote = buf[quotePos];
    pos = quotePos + 1;
    int quoteSize = 1;
    int endQuoteSize = 0;
    char c = peek(pos);
    if (c == quote) {
      pos++;
      c = peek(pos);
      if (c == quote) {
        pos++;
        quoteSize = 3;
      } else {
        endQuoteSize = 1;
      }
    }
    while (endQuoteSize != quoteSize) {
      if (pos >= limit || (quoteSize == 1 && buf[pos] == '\n')) {
        int detected = pos >= limit ? line() - 1 : line();
        // Report from the string's start, as CPython does.
        lineNo = startLineNo;
        lineStart = startLineStart;
        int off = Character.codePointCount(buf, lineStart, start + 1 - lineStart) + (lineNo == 1 ? baseCharCol : 0);
        String msg =
            quoteSize == 3
                ? "unterminated triple-quoted string literal (detected at line " + detected + ")"
                : "unterminated string literal (detected at line " + detected + ")";
        throw new PythonSyntaxException(PythonSyntaxException.Kind.SYNTAX_ERROR, msg, startLine, off, startLine, off);
      }
      c = buf[pos++];
      if (c == quote) {
        endQuoteSize++;
      } else {
        endQuoteSize = 0;
        if (c == '\\') {
          if (pos < limit) {
            c = buf[pos++];
          } else {
            continue;
          }
        }
        if (c == '\n') {
          newLine(pos);
        } else if (c >= 0x80) {
          sawNonAscii(pos - 1);
        }
      }
    }
    add(Tok.STRING, start, startLine, startCol, pos, null);
  }

  // ---------------------------------------------------------------- operators

  private void scanOperator(int start, char c) {
    char c2 = peek(pos + 1);
    int k = -1;
    int len = 1;
    switch (c) {
      case '(':
      case '[':
      case '{':
        if (level >= MAX_LEVEL) {
          throw error("too many nested parentheses", pos + 1);
        }
        parenstack[level] = c;
        parenLine[level] = line();
        parenCol[level] = Character.codePointCount(buf, lineStart, pos - lineStart) + (lineNo == 1 ? baseCharCol : 0);
        level++;
        k = c == '(' ? Tok.LPAR : c == '[' ? Tok.LSQB : Tok.LBRACE;
        break;
      case ')':
      case ']':
      case '}':
        if (level == 0) {
          throw error("unmatched '" + c + "'", pos + 1);
        }
        level--;
        char opening = parenstack[level];
        if (!((opening == '(' && c == ')') || (opening == '[' && c == ']') || (opening == '{' && c == '}'))) {
          if (parenLine[level] != line()) {
            throw error(
                "closing parenthesis '" + c + "' does not match opening parenthesis '" + opening + "' on line "
                    + parenLine[level],
                pos + 1);
          }
          throw error("closing parenthesis '" + c + "' does not match opening parenthesis '" + opening + "'", pos + 1);
        }
        k = c == ')' ? Tok.RPAR : c == ']' ? Tok.RSQB : Tok.RBRACE;
        break;
      case ':':
        if (c2 == '=') {
          k = Tok.COLONEQUAL;
          len = 2;
        } else {
          k = Tok.COLON;
        }
        break;
      case ',':
        k = Tok.COMMA;
        break;
      case ';':
        k = Tok.SEMI;
        break;
      case '+':
        k = c2 == '=' ? Tok.PLUSEQUAL : Tok.PLUS;
        break;
      case '-':
        k = c2 == '=' ? Tok.MINEQUAL : c2 == '>' ? Tok.RARROW : Tok.MINUS;
        break;
      case '*':
        if (c2 == '*') {
          k = peek(pos + 2) == '=' ? Tok.DOUBLESTAREQUAL : Tok.DOUBLESTAR;
        } else {
          k = c2 == '=' ? Tok.STAREQUAL : Tok.STAR;
        }
        break;
      case '/':
        if (c2 == '/') {
          k = peek(pos + 2) == '=' ? Tok.DOUBLESLASHEQUAL : Tok.DOUBLESLASH;
        } else {
          k = c2 == '=' ? Tok.SLASHEQUAL : Tok.SLASH;
        }
        break;
      case '|':
        k = c2 == '=' ? Tok.VBAREQUAL : Tok.VBAR;
        break;
      case '&':
        k = c2 == '=' ? Tok.AMPEREQUAL : Tok.AMPER;
        break;
      case '<':
        if (c2 == '<') {
          k = peek(pos + 2) == '=' ? Tok.LEFTSHIFTEQUAL : Tok.LEFTSHIFT;
        } else if (c2 == '>') {
          k = Tok.ERRORTOKEN;
          len = 2;
        } else {
          k = c2 == '=' ? Tok.LESSEQUAL : Tok.LESS;
        }
        break;
      case '>':
        if (c2 == '>') {
          k = peek(pos + 2) == '=' ? Tok.RIGHTSHIFTEQUAL : Tok.RIGHTSHIFT;
        } else {
          k = c2 == '=' ? Tok.GREATEREQUAL : Tok.GREATER;
        }
        break;
      case '=':
        k = c2 == '=' ? Tok.EQEQUAL : Tok.EQUAL;
        break;
      case '!':
        if (c2 == '=') {
          k = Tok.NOTEQUAL;
        } else {
          k = Tok.ERRORTOKEN;
        }
        break;
      case '%':
        k = c2 == '=' ? Tok.PERCENTEQUAL : Tok.PERCENT;
        break;
      case '~':
        k = Tok.TILDE;
        break;
      case '^':
        k = c2 == '=' ? Tok.CIRCUMFLEXEQUAL : Tok.CIRCUMFLEX;
        break;
      case '@':
        k = c2 == '=' ? Tok.ATEQUAL : Tok.AT;
        break;
      default:
        if (c < 128 && (c < ' ' || c == 0x7f)) {
          pos++;
          throw error("invalid non-printable character U+" + hex4(c), pos);
        }
        k = Tok.ERRORTOKEN;
    }
    if (len == 1 && k != Tok.ERRORTOKEN && k != Tok.LPAR && k != Tok.RPAR && k != Tok.LSQB && k != Tok.RSQB
        && k != Tok.LBRACE && k != Tok.RBRACE) {
      len = opLength(k);
    }
    pos += len;
    addHere(k, start);
  }

  private static int opLength(int k) {
    switch (k) {
      case Tok.DOUBLESTAREQUAL:
      case Tok.DOUBLESLASHEQUAL:
      case Tok.LEFTSHIFTEQUAL:
      case Tok.RIGHTSHIFTEQUAL:
      case Tok.ELLIPSIS:
        return 3;
      case Tok.COLONEQUAL:
      case Tok.PLUSEQUAL:
      case Tok.MINEQUAL:
      case Tok.RARROW:
      case Tok.DOUBLESTAR:
      case Tok.STAREQUAL:
      case Tok.DOUBLESLASH:
      case Tok.SLASHEQUAL:
      case Tok.VBAREQUAL:
      case Tok.AMPEREQUAL:
      case Tok.LEFTSHIFT:
      case Tok.LESSEQUAL:
      case Tok.RIGHTSHIFT:
      case Tok.GREATEREQUAL:
      case Tok.EQEQUAL:
      case Tok.NOTEQUAL:
      case Tok.PERCENTEQUAL:
      case Tok.CIRCUMFLEXEQUAL:
      case Tok.ATEQUAL:
        return 2;
      default:
        return 1;
    }
  }
}

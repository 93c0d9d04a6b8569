package ai.prism.bundle.python;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python 3.11's pure-Python {@code tokenize.generate_tokens} on a whole source string.
 *
 * <p>This is Python's {@code Lib/tokenize.py} algorithm with its own regular expressions (which is what
 * makes it differ from the C tokenizer the parser uses: it never fails on a stray character, it yields
 * ERRORTOKEN instead). Lines are split as {@code io.StringIO(source).readline} splits them (at
 * {@code \n} only); columns count code points of the line, as Python's {@code str} indices do.
 */
public final class PyTokenize {
  private PyTokenize() {}

  private static final int TABSIZE = 8;

  private static final String WHITESPACE = "[ \\f\\t]*";
  private static final String COMMENT = "#[^\\r\\n]*";
  /** Python's {@code \w} on str: alphanumeric (letters and numbers of every script) or underscore. */
  private static final String NAME = "[\\p{L}\\p{N}_]+";
  private static final String HEXNUMBER = "0[xX](?:_?[0-9a-fA-F])+";
  private static final String BINNUMBER = "0[bB](?:_?[01])+";
  private static final String OCTNUMBER = "0[oO](?:_?[0-7])+";
  private static final String DECNUMBER = "(?:0(?:_?0)*|[1-9](?:_?[0-9])*)";
  private static final String INTNUMBER = group(HEXNUMBER, BINNUMBER, OCTNUMBER, DECNUMBER);
  private static final String EXPONENT = "[eE][-+]?[0-9](?:_?[0-9])*";
  private static final String POINTFLOAT =
      group("[0-9](?:_?[0-9])*\\.(?:[0-9](?:_?[0-9])*)?", "\\.[0-9](?:_?[0-9])*") + maybe(EXPONENT);
  private static final String EXPFLOAT = "[0-9](?:_?[0-9])*" + EXPONENT;
  private static final String FLOATNUMBER = group(POINTFLOAT, EXPFLOAT);
  private static final String IMAGNUMBER = group("[0-9](?:_?[0-9])*[jJ]", FLOATNUMBER + "[jJ]");
  private static final String NUMBER = group(IMAGNUMBER, FLOATNUMBER, INTNUMBER);

  private static final Set<String> PREFIXES = allStringPrefixes();
  private static final String STRING_PREFIX = group(PREFIXES.toArray(new String[0]));

  private static final String SINGLE = "[^'\\\\]*(?:\\\\.[^'\\\\]*)*'";
  private static final String DOUBLE = "[^\"\\\\]*(?:\\\\.[^\"\\\\]*)*\"";
  private static final String SINGLE3 = "[^'\\\\]*(?:(?:\\\\.|'(?!''))[^'\\\\]*)*'''";
  private static final String DOUBLE3 = "[^\"\\\\]*(?:(?:\\\\.|\"(?!\"\"))[^\"\\\\]*)*\"\"\"";
  private static final String TRIPLE = group(STRING_PREFIX + "'''", STRING_PREFIX + "\"\"\"");

  private static final String[] SPECIAL_OPS = {
    "~", "}", "|=", "|", "{", "^=", "^", "]", "[", "@=", "@", ">>=", ">>", ">=", ">", "==", "=", "<=", "<<=", "<<",
    "<", ";", ":=", ":", "/=", "//=", "//", "/", "...", ".", "->", "-=", "-", ",", "+=", "+", "*=", "**=", "**", "*",
    ")", "(", "&=", "&", "%=", "%", "!="
  };
  private static final String SPECIAL = special();
  private static final String FUNNY = group("\\r?\\n", SPECIAL);
  private static final String CONT_STR =
      group(
          STRING_PREFIX + "'[^\\n'\\\\]*(?:\\\\.[^\\n'\\\\]*)*" + group("'", "\\\\\\r?\\n"),
          STRING_PREFIX + "\"[^\\n\"\\\\]*(?:\\\\.[^\\n\"\\\\]*)*" + group("\"", "\\\\\\r?\\n"));
  private static final String PSEUDO_EXTRAS = group("\\\\\\r?\\n|\\z", COMMENT, TRIPLE);
  private static final String PSEUDO_TOKEN = WHITESPACE + group(PSEUDO_EXTRAS, NUMBER, FUNNY, CONT_STR, NAME);

  private static final int FLAGS = Pattern.UNIX_LINES;
  private static final Pattern PSEUDO = Pattern.compile(PSEUDO_TOKEN, FLAGS);
  private static final Pattern END_SINGLE = Pattern.compile(SINGLE, FLAGS);
  private static final Pattern END_DOUBLE = Pattern.compile(DOUBLE, FLAGS);
  private static final Pattern END_SINGLE3 = Pattern.compile(SINGLE3, FLAGS);
  private static final Pattern END_DOUBLE3 = Pattern.compile(DOUBLE3, FLAGS);

  private static final Set<String> SINGLE_QUOTED = new HashSet<>();
  private static final Set<String> TRIPLE_QUOTED = new HashSet<>();

  static {
    for (String p : PREFIXES) {
      SINGLE_QUOTED.add(p + "'");
      SINGLE_QUOTED.add(p + "\"");
      TRIPLE_QUOTED.add(p + "'''");
      TRIPLE_QUOTED.add(p + "\"\"\"");
    }
  }

  private static String group(String... choices) {
    return "(" + String.join("|", choices) + ")";
  }

  private static String maybe(String... choices) {
    return group(choices) + "?";
  }

  private static String special() {
    String[] quoted = new String[SPECIAL_OPS.length];
    for (int i = 0; i < quoted.length; i++) {
      quoted[i] = Pattern.quote(SPECIAL_OPS[i]);
    }
    return group(quoted);
  }

  /** The empty prefix and every case/order variant of b, r, u, f, br, fr. */
  private static Set<String> allStringPrefixes() {
    Set<String> result = new LinkedHashSet<>();
    result.add("");
    for (String base : new String[] {"b", "r", "u", "f", "br", "fr"}) {
      for (String perm : permutations(base)) {
        addCaseVariants(result, perm, 0, new StringBuilder());
      }
    }
    return result;
  }

  private static List<String> permutations(String s) {
    if (s.length() == 1) {
      return List.of(s);
    }
    return List.of(s, new StringBuilder(s).reverse().toString());
  }

  private static void addCaseVariants(Set<String> out, String s, int i, StringBuilder sb) {
    if (i == s.length()) {
      out.add(sb.toString());
      return;
    }
    char c = s.charAt(i);
    for (char v : new char[] {c, Character.toUpperCase(c)}) {
      sb.append(v);
      addCaseVariants(out, s, i + 1, sb);
      sb.setLength(sb.length() - 1);
    }
  }

  private static Pattern endPattern(String token) {
    // token is prefix + quote(s): pick by the quote kind, as endpats[...] does.
    if (token.endsWith("'''")) {
      return END_SINGLE3;
    }
    if (token.endsWith("\"\"\"")) {
      return END_DOUBLE3;
    }
    return token.endsWith("'") ? END_SINGLE : END_DOUBLE;
  }

  /**
   * All tokens {@code tokenize.generate_tokens(io.StringIO(source).readline)} yields, ENDMARKER included;
   * where Python raises {@code TokenError} or {@code IndentationError} a {@link PyTokenizeException}
   * carrying the tokens yielded before it.
   */
  public static List<PyToken> generateTokens(String source) {
    List<String> lines = splitLines(source);
    List<PyToken> out = new ArrayList<>();
    int lnum = 0;
    int parenlev = 0;
    boolean continued = false;
    StringBuilder contstr = null;
    boolean needcont = false;
    StringBuilder contline = null;
    int strstartLine = 0;
    int strstartCol = 0;
    Pattern endprog = null;
    List<Integer> indents = new ArrayList<>();
    indents.add(0);
    String lastLine = "";
    String line = "";
    int li = 0;
    Matcher pseudo = PSEUDO.matcher("");
    Columns cols = new Columns();
    while (true) {
      lastLine = line;
      line = li < lines.size() ? lines.get(li++) : "";
      lnum++;
      int pos = 0;
      int max = line.length();
      if (contstr != null) {
        if (line.isEmpty()) {
          throw new PyTokenizeException(false, "EOF in multi-line string", strstartLine, strstartCol, out);
        }
        Matcher endmatch = endprog.matcher(line);
        if (endmatch.lookingAt()) {
          int end = endmatch.end();
          pos = end;
          out.add(
              new PyToken(
                  PyToken.Type.STRING,
                  contstr + line.substring(0, end),
                  strstartLine,
                  strstartCol,
                  lnum,
                  cols.at(line, end),
                  contline + line));
          contstr = null;
          needcont = false;
          contline = null;
        } else if (needcont && !line.endsWith("\\\n") && !line.endsWith("\\\r\n")) {
          out.add(
              new PyToken(
                  PyToken.Type.ERRORTOKEN, contstr + line, strstartLine, strstartCol, lnum, cols.at(line, max), contline.toString()));
          contstr = null;
          contline = null;
          continue;
        } else {
          contstr.append(line);
          contline.append(line);
          continue;
        }
      } else if (parenlev == 0 && !continued) {
        if (line.isEmpty()) {
          break;
        }
        int column = 0;
        while (pos < max) {
          char c = line.charAt(pos);
          if (c == ' ') {
            column++;
          } else if (c == '\t') {
            column = (column / TABSIZE + 1) * TABSIZE;
          } else if (c == '\f') {
            column = 0;
          } else {
            break;
          }
          pos++;
        }
        if (pos == max) {
          break;
        }
        char c = line.charAt(pos);
        if (c == '#' || c == '\r' || c == '\n') {
          if (c == '#') {
            String comment = stripTrailingNewlines(line.substring(pos));
            out.add(new PyToken(PyToken.Type.COMMENT, comment, lnum, cols.at(line, pos), lnum, cols.at(line, pos + comment.length()), line));
            pos += comment.length();
          }
          out.add(new PyToken(PyToken.Type.NL, line.substring(pos), lnum, cols.at(line, pos), lnum, cols.at(line, max), line));
          continue;
        }
        if (column > indents.get(indents.size() - 1)) {
          indents.add(column);
          out.add(new PyToken(PyToken.Type.INDENT, line.substring(0, pos), lnum, 0, lnum, cols.at(line, pos), line));
        }
        while (column < indents.get(indents.size() - 1)) {
          if (!indents.contains(column)) {
            throw new PyTokenizeException(
                true, "unindent does not match any outer indentation level", lnum, cols.at(line, pos), out);
          }
          indents.remove(indents.size() - 1);
          out.add(new PyToken(PyToken.Type.DEDENT, "", lnum, cols.at(line, pos), lnum, cols.at(line, pos), line));
        }
      } else {
        if (line.isEmpty()) {
          throw new PyTokenizeException(false, "EOF in multi-line statement", lnum, 0, out);
        }
        continued = false;
      }

      pseudo.reset(line);
      pseudo.useAnchoringBounds(false);
      pseudo.useTransparentBounds(true);
      while (pos < max) {
        pseudo.region(pos, max);
        if (pseudo.lookingAt()) {
          int start = pseudo.start(1);
          int end = pseudo.end(1);
          pos = end;
          if (start == end) {
            continue;
          }
          String token = line.substring(start, end);
          char initial = line.charAt(start);
          int sCol = cols.at(line, start);
          int eCol = cols.at(line, end);
          if ((initial >= '0' && initial <= '9') || (initial == '.' && !token.equals(".") && !token.equals("..."))) {
            out.add(new PyToken(PyToken.Type.NUMBER, token, lnum, sCol, lnum, eCol, line));
          } else if (initial == '\r' || initial == '\n') {
            out.add(new PyToken(parenlev > 0 ? PyToken.Type.NL : PyToken.Type.NEWLINE, token, lnum, sCol, lnum, eCol, line));
          } else if (initial == '#') {
            out.add(new PyToken(PyToken.Type.COMMENT, token, lnum, sCol, lnum, eCol, line));
          } else if (TRIPLE_QUOTED.contains(token)) {
            endprog = endPattern(token);
            Matcher endmatch = endprog.matcher(line);
            endmatch.region(pos, max);
            endmatch.useAnchoringBounds(false);
            endmatch.useTransparentBounds(true);
            if (endmatch.lookingAt()) {
              pos = endmatch.end();
              out.add(new PyToken(PyToken.Type.STRING, line.substring(start, pos), lnum, sCol, lnum, cols.at(line, pos), line));
            } else {
              strstartLine = lnum;
              strstartCol = sCol;
              contstr = new StringBuilder(line.substring(start));
              contline = new StringBuilder(line);
              break;
            }
          } else if (SINGLE_QUOTED.contains(String.valueOf(initial))
              || (token.length() >= 2 && SINGLE_QUOTED.contains(token.substring(0, 2)))
              || (token.length() >= 3 && SINGLE_QUOTED.contains(token.substring(0, 3)))) {
            if (token.charAt(token.length() - 1) == '\n') {
              strstartLine = lnum;
              strstartCol = sCol;
              endprog = firstQuote(token) == '\'' ? END_SINGLE : END_DOUBLE;
              contstr = new StringBuilder(line.substring(start));
              needcont = true;
              contline = new StringBuilder(line);
              break;
            }
            out.add(new PyToken(PyToken.Type.STRING, token, lnum, sCol, lnum, eCol, line));
          } else if (isIdentifierStart(line.codePointAt(start))) {
            out.add(new PyToken(PyToken.Type.NAME, token, lnum, sCol, lnum, eCol, line));
          } else if (initial == '\\') {
            continued = true;
          } else {
            if (initial == '(' || initial == '[' || initial == '{') {
              parenlev++;
            } else if (initial == ')' || initial == ']' || initial == '}') {
              parenlev--;
            }
            out.add(new PyToken(PyToken.Type.OP, token, lnum, sCol, lnum, eCol, line));
          }
        } else {
          int cpAt = line.codePointAt(pos);
          int next = pos + Character.charCount(cpAt);
          out.add(new PyToken(PyToken.Type.ERRORTOKEN, line.substring(pos, next), lnum, cols.at(line, pos), lnum, cols.at(line, pos) + 1, line));
          pos = next;
        }
      }
    }
    if (!lastLine.isEmpty()) {
      char lastChar = lastLine.charAt(lastLine.length() - 1);
      if (lastChar != '\r' && lastChar != '\n' && !lastLine.strip().startsWith("#")) {
        int len = cols.at(lastLine, lastLine.length());
        out.add(new PyToken(PyToken.Type.NEWLINE, "", lnum - 1, len, lnum - 1, len + 1, ""));
      }
    }
    for (int i = 1; i < indents.size(); i++) {
      out.add(new PyToken(PyToken.Type.DEDENT, "", lnum, 0, lnum, 0, ""));
    }
    out.add(new PyToken(PyToken.Type.ENDMARKER, "", lnum, 0, lnum, 0, ""));
    return out;
  }

  private static char firstQuote(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '\'' || c == '"') {
        return c;
      }
    }
    return '"';
  }

  private static boolean isIdentifierStart(int cp) {
    return cp == '_' || Identifiers.isXidStart(cp);
  }

  /** Code-point column of char index {@code i} in {@code line} (equal to {@code i} for BMP text). */
  /**
   * Code-point columns of a line, counted on from the previous query: tokens move left to right, so a long
   * line with many tokens costs linear time, not quadratic.
   */
  private static final class Columns {
    private String line;
    private int index;
    private int count;

    int at(String l, int i) {
      if (l != line || i < index) {
        line = l;
        index = 0;
        count = 0;
      }
      count += l.codePointCount(index, i);
      index = i;
      return count;
    }
  }

  private static String stripTrailingNewlines(String s) {
    int e = s.length();
    while (e > 0 && (s.charAt(e - 1) == '\r' || s.charAt(e - 1) == '\n')) {
      e--;
    }
    return s.substring(0, e);
  }

  /** {@code io.StringIO(source).readline} lines: split after each {@code \n}, terminators kept. */
  private static List<String> splitLines(String s) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) == '\n') {
        lines.add(s.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < n) {
      lines.add(s.substring(start));
    }
    return lines;
  }
}

package ai.prism.bundle.python;

import java.util.HashMap;
import java.util.Map;

/** Token kinds of CPython's C tokenizer as the parser sees them (operators and keywords each have their own kind). */
final class Tok {
  private Tok() {}

  static final int ENDMARKER = 0;
  static final int NAME = 1;
  static final int NUMBER = 2;
  static final int STRING = 3;
  static final int NEWLINE = 4;
  static final int INDENT = 5;
  static final int DEDENT = 6;
  static final int LPAR = 7;
  static final int RPAR = 8;
  static final int LSQB = 9;
  static final int RSQB = 10;
  static final int COLON = 11;
  static final int COMMA = 12;
  static final int SEMI = 13;
  static final int PLUS = 14;
  static final int MINUS = 15;
  static final int STAR = 16;
  static final int SLASH = 17;
  static final int VBAR = 18;
  static final int AMPER = 19;
  static final int LESS = 20;
  static final int GREATER = 21;
  static final int EQUAL = 22;
  static final int DOT = 23;
  static final int PERCENT = 24;
  static final int LBRACE = 25;
  static final int RBRACE = 26;
  static final int EQEQUAL = 27;
  static final int NOTEQUAL = 28;
  static final int LESSEQUAL = 29;
  static final int GREATEREQUAL = 30;
  static final int TILDE = 31;
  static final int CIRCUMFLEX = 32;
  static final int LEFTSHIFT = 33;
  static final int RIGHTSHIFT = 34;
  static final int DOUBLESTAR = 35;
  static final int PLUSEQUAL = 36;
  static final int MINEQUAL = 37;
  static final int STAREQUAL = 38;
  static final int SLASHEQUAL = 39;
  static final int PERCENTEQUAL = 40;
  static final int AMPEREQUAL = 41;
  static final int VBAREQUAL = 42;
  static final int CIRCUMFLEXEQUAL = 43;
  static final int LEFTSHIFTEQUAL = 44;
  static final int RIGHTSHIFTEQUAL = 45;
  static final int DOUBLESTAREQUAL = 46;
  static final int DOUBLESLASH = 47;
  static final int DOUBLESLASHEQUAL = 48;
  static final int AT = 49;
  static final int ATEQUAL = 50;
  static final int RARROW = 51;
  static final int ELLIPSIS = 52;
  static final int COLONEQUAL = 53;
  /** A character no token starts with ({@code $}, {@code ?}, a lone {@code !}). */
  static final int ERRORTOKEN = 60;
  /** End of input inside brackets (CPython: ERRORTOKEN with E_EOF). */
  static final int EOF_IN_BRACKETS = 61;

  // Keywords.
  static final int FALSE = 100;
  static final int NONE = 101;
  static final int TRUE = 102;
  static final int AND = 103;
  static final int AS = 104;
  static final int ASSERT = 105;
  static final int ASYNC = 106;
  static final int AWAIT = 107;
  static final int BREAK = 108;
  static final int CLASS = 109;
  static final int CONTINUE = 110;
  static final int DEF = 111;
  static final int DEL = 112;
  static final int ELIF = 113;
  static final int ELSE = 114;
  static final int EXCEPT = 115;
  static final int FINALLY = 116;
  static final int FOR = 117;
  static final int FROM = 118;
  static final int GLOBAL = 119;
  static final int IF = 120;
  static final int IMPORT = 121;
  static final int IN = 122;
  static final int IS = 123;
  static final int LAMBDA = 124;
  static final int NONLOCAL = 125;
  static final int NOT = 126;
  static final int OR = 127;
  static final int PASS = 128;
  static final int RAISE = 129;
  static final int RETURN = 130;
  static final int TRY = 131;
  static final int WHILE = 132;
  static final int WITH = 133;
  static final int YIELD = 134;

  static final Map<String, Integer> KEYWORDS = new HashMap<>();

  static {
    String[] kw = {
      "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
      "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
      "not", "or", "pass", "raise", "return", "try", "while", "with", "yield"
    };
    for (int i = 0; i < kw.length; i++) {
      KEYWORDS.put(kw[i], FALSE + i);
    }
  }
}

package ai.prism.core.json;

import ai.prism.core.PrismException;
import com.fasterxml.jackson.core.io.NumberOutput;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * The Python behaviours a port must reproduce (spec §0.2): {@code repr(float)}, {@code round()}
 * (half to even), {@code int()} truncation, {@code float()}/{@code int()}/truthiness of decoded JSON
 * values (a bool is never a number, but {@code float(True)} is 1.0), {@code repr(str)},
 * {@code str.isspace()}/{@code str.isprintable()}, and {@code str} ordering by code point.
 */
public final class Python {

  /** Python's {@code str} order: lexicographic by Unicode code point, a prefix first. */
  public static final Comparator<String> CODE_POINT_ORDER = Python::compare;

  /** CPython 3.11's limit on digits in an int/str conversion ({@code sys.get_int_max_str_digits()}). */
  private static final int MAX_INT_DIGITS = 4300;

  private static final Pattern FLOAT_LITERAL =
      Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
  private static final Pattern INF_OR_NAN =
      Pattern.compile("[+-]?(?:inf|infinity|nan)", Pattern.CASE_INSENSITIVE);
  private static final Pattern INT_LITERAL = Pattern.compile("[+-]?[0-9]+");

  private Python() {}

  /** A Python {@code TypeError}, {@code ValueError} or {@code OverflowError} from a conversion. */
  public static final class ConversionException extends PrismException {
    private static final long serialVersionUID = 1L;
    private final String pythonError;

    ConversionException(String pythonError, String message) {
      super(message);
      this.pythonError = pythonError;
    }

    /** The Python exception class the reference would raise: TypeError, ValueError, OverflowError. */
    public String pythonError() {
      return pythonError;
    }
  }

  // ---- numbers ----------------------------------------------------------------------------

  /** Whether {@code value} is a number for the reference: an int or float, never a bool. */
  public static boolean isNumber(JsonValue value) {
    return value instanceof JsonInt || value instanceof JsonFloat;
  }

  /** Python truthiness ({@code bool(v)}) of a decoded JSON value; NaN is true, -0.0 false. */
  public static boolean truthy(JsonValue value) {
    if (value == null || value instanceof JsonNull) {
      return false;
    } else if (value instanceof JsonBool b) {
      return b.value();
    } else if (value instanceof JsonInt i) {
      return i.value().signum() != 0;
    } else if (value instanceof JsonFloat f) {
      return f.value() != 0.0 || Double.isNaN(f.value());
    } else if (value instanceof JsonString s) {
      return !s.value().isEmpty();
    } else if (value instanceof JsonArray a) {
      return a.size() > 0;
    } else {
      return ((JsonObject) value).size() > 0;
    }
  }

  /**
   * Python {@code float(v)} of a decoded JSON value: ints round half-even (too large is an
   * OverflowError), bools give 1.0/0.0, strings parse as Python does (whitespace, underscores,
   * {@code inf}/{@code nan}); null, lists and objects are a TypeError.
   */
  public static double toFloat(JsonValue value) {
    if (value instanceof JsonFloat f) {
      return f.value();
    } else if (value instanceof JsonInt i) {
      return toFloat(i.value());
    } else if (value instanceof JsonBool b) {
      return b.value() ? 1.0 : 0.0;
    } else if (value instanceof JsonString s) {
      return parseFloat(s.value());
    }
    throw new ConversionException(
        "TypeError",
        "float() argument must be a string or a real number, not '" + typeName(value) + "'");
  }

  /** Python {@code float(n)} of an int: correctly rounded, OverflowError when out of range. */
  public static double toFloat(BigInteger value) {
    double d = value.doubleValue();
    if (Double.isInfinite(d)) {
      throw new ConversionException("OverflowError", "int too large to convert to float");
    }
    return d;
  }

  /**
   * Python {@code int(v)} of a decoded JSON value: floats truncate toward zero (NaN is a
   * ValueError, infinity an OverflowError), bools give 0/1, strings parse as base-10 Python int
   * literals; null, lists and objects are a TypeError.
   */
  public static BigInteger toInt(JsonValue value) {
    if (value instanceof JsonInt i) {
      return i.value();
    } else if (value instanceof JsonFloat f) {
      return truncateExact(f.value());
    } else if (value instanceof JsonBool b) {
      return b.value() ? BigInteger.ONE : BigInteger.ZERO;
    } else if (value instanceof JsonString s) {
      return parseInt(s.value());
    }
    throw new ConversionException(
        "TypeError",
        "int() argument must be a string, a bytes-like object or a real number, not '"
            + typeName(value)
            + "'");
  }

  /** Python {@code int(x)} of a float: truncation toward zero, exact for any finite double. */
  public static BigInteger truncateExact(double x) {
    checkConvertible(x);
    return new BigDecimal(x).toBigInteger();
  }

  /** Python {@code int(x)} of a float that fits a {@code long} (truncation toward zero). */
  public static long truncate(double x) {
    return toLong(truncateExact(x), x);
  }

  /** Python {@code round(x)} of a float: nearest integer, ties to even ({@code Math.round} is half-up). */
  public static long roundHalfEven(double x) {
    checkConvertible(x);
    return toLong(new BigDecimal(x).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact(), x);
  }

  private static void checkConvertible(double x) {
    if (Double.isNaN(x)) {
      throw new ConversionException("ValueError", "cannot convert float NaN to integer");
    }
    if (Double.isInfinite(x)) {
      throw new ConversionException("OverflowError", "cannot convert float infinity to integer");
    }
  }

  private static long toLong(BigInteger value, double x) {
    if (value.bitLength() > 63) {
      throw new ConversionException("OverflowError", repr(x) + " does not fit a 64-bit integer");
    }
    return value.longValue();
  }

  private static String typeName(JsonValue value) {
    return value == null ? "NoneType" : value.pythonTypeName();
  }

  // ---- str -> number, as float()/int() parse strings ------------------------------------------

  private static double parseFloat(String original) {
    String s = normalizeNumeral(original);
    if (s != null && !s.isEmpty()) {
      if (INF_OR_NAN.matcher(s).matches()) {
        boolean negative = s.charAt(0) == '-';
        if (s.toLowerCase(java.util.Locale.ROOT).endsWith("nan")) {
          return Double.NaN;
        }
        return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      }
      if (FLOAT_LITERAL.matcher(s).matches()) {
        return Double.parseDouble(s);
      }
    }
    throw new ConversionException(
        "ValueError", "could not convert string to float: " + strRepr(original));
  }

  private static BigInteger parseInt(String original) {
    String s = normalizeNumeral(original);
    if (s != null && INT_LITERAL.matcher(s).matches()) {
      int digits = s.length() - (s.charAt(0) == '+' || s.charAt(0) == '-' ? 1 : 0);
      if (digits > MAX_INT_DIGITS) {
        throw new ConversionException(
            "ValueError",
            "Exceeds the limit (4300 digits) for integer string conversion: value has "
                + digits
                + " digits");
      }
      return new BigInteger(s.charAt(0) == '+' ? s.substring(1) : s);
    }
    throw new ConversionException(
        "ValueError", "invalid literal for int() with base 10: " + strRepr(original));
  }

  /**
   * What CPython does to a numeral before parsing: non-ASCII spaces become spaces and Unicode
   * decimal digits ASCII digits (other non-ASCII is invalid), surrounding ASCII whitespace is stripped,
   * and underscores are dropped where they sit between two digits. {@code null} when invalid.
   */
  private static String normalizeNumeral(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 127) {
        b.append((char) cp);
      } else if (isSpace(cp)) {
        b.append(' ');
      } else if (Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) {
        b.append((char) ('0' + Character.digit(cp, 10)));
      } else {
        return null;
      }
    }
    int from = 0;
    int to = b.length();
    while (from < to && isAsciiSpace(b.charAt(from))) {
      from++;
    }
    while (to > from && isAsciiSpace(b.charAt(to - 1))) {
      to--;
    }
    String t = b.substring(from, to);
    if (t.indexOf('_') < 0) {
      return t;
    }
    StringBuilder kept = new StringBuilder(t.length());
    char prev = 0;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '_') {
        if (!isAsciiDigit(prev)) {
          return null;
        }
      } else {
        if (prev == '_' && !isAsciiDigit(c)) {
          return null;
        }
        kept.append(c);
      }
      prev = c;
    }
    return prev == '_' ? null : kept.toString();
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** CPython's {@code Py_ISSPACE}: the ASCII whitespace stripped around numerals. */
  private static boolean isAsciiSpace(char c) {
    return c == ' ' || (c >= 0x09 && c <= 0x0d);
  }

  /**
   * Python {@code str.isspace()} for one code point (CPython 3.11's whitespace table): the
   * characters {@code str.strip()} and {@code str.split()} treat as whitespace.
   */
  public static boolean isSpace(int cp) {
    if (cp <= 0x20) {
      return cp == 0x20 || (cp >= 0x09 && cp <= 0x0d) || (cp >= 0x1c && cp <= 0x1f);
    }
    return cp == 0x85
        || cp == 0xa0
        || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200a)
        || cp == 0x2028
        || cp == 0x2029
        || cp == 0x202f
        || cp == 0x205f
        || cp == 0x3000;
  }

  /** A short Python-like {@code repr()} of a string, for error messages. */
  static String strRepr(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), 64) + 2).append('\'');
    for (int i = 0; i < s.length() && i < 60; i++) {
      char c = s.charAt(i);
      if (c == '\'' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (s.length() > 60) {
      b.append("...");
    }
    return b.append('\'').toString();
  }

  // ---- str repr ----------------------------------------------------------------------------

  /**
   * Python {@code repr(s)} of a str: single quotes unless the text has {@code '} and no {@code "};
   * backslash, the quote, {@code \t}, {@code \n}, {@code \r} escaped; other non-printable code
   * points as {@code \xhh}, <code>&#92;uhhhh</code> or {@code \Uhhhhhhhh} escapes (lowercase hex);
   * printable non-ASCII kept.
   */
  public static String repr(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2);
    appendRepr(out, s.codePoints().toArray());
    return out.toString();
  }

  /**
   * Appends {@link #repr(String)} of a str given as its code points (a Python str can hold a high
   * and a low surrogate as two code points, which a Java string would read as one).
   */
  public static void appendRepr(StringBuilder out, int[] codePoints) {
    boolean single = false;
    boolean dbl = false;
    for (int cp : codePoints) {
      single |= cp == '\'';
      dbl |= cp == '"';
    }
    char quote = single && !dbl ? '"' : '\'';
    out.append(quote);
    for (int cp : codePoints) {
      if (cp == quote || cp == '\\') {
        out.append('\\').append((char) cp);
      } else if (cp == '\t') {
        out.append("\\t");
      } else if (cp == '\n') {
        out.append("\\n");
      } else if (cp == '\r') {
        out.append("\\r");
      } else if (cp < ' ' || cp == 0x7f) {
        hex(out.append("\\x"), cp, 2);
      } else if (cp < 0x7f) {
        out.append((char) cp);
      } else if (isPrintable(cp)) {
        out.appendCodePoint(cp);
      } else if (cp <= 0xff) {
        hex(out.append("\\x"), cp, 2);
      } else if (cp <= 0xffff) {
        hex(out.append("\\u"), cp, 4);
      } else {
        hex(out.append("\\U"), cp, 8);
      }
    }
    out.append(quote);
  }

  /** Python {@code str.isprintable()} for one code point (by Java's Unicode tables). */
  public static boolean isPrintable(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
          Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR -> false;
      default -> true;
    };
  }

  private static void hex(StringBuilder out, int value, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      out.append(Character.forDigit((value >>> shift) & 0xf, 16));
    }
  }

  // ---- float repr --------------------------------------------------------------------------

  /**
   * Python {@code repr(x)}: the shortest decimal that reads back as {@code x} (the closest one
   * when several are that short), in positional form for exponents -4..15 ({@code 0.0001}, {@code
   * 128.0}) and scientific otherwise ({@code 1e-05}, {@code 1e+16}); {@code nan}, {@code inf},
   * {@code -inf} for non-finite values.
   */
  public static String repr(double x) {
    if (Double.isNaN(x)) {
      return "nan";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "inf" : "-inf";
    }
    if (x == 0.0) {
      return (Double.doubleToRawLongBits(x) < 0) ? "-0.0" : "0.0";
    }
    String java = NumberOutput.toString(x, true);
    if (java.indexOf('E') < 0 && significantDigits(java) != 2) {
      // 1e-3 <= |x| < 1e7: Java's shortest positional form is Python's repr
      return java;
    }
    Decimal d = Decimal.shortest(x, java);
    StringBuilder b = new StringBuilder(24);
    if (x < 0) {
      b.append('-');
    }
    String digits = d.digits;
    int decpt = d.decimalPoint;
    int n = digits.length();
    if (decpt > -4 && decpt <= 16) {
      if (decpt <= 0) {
        b.append("0.");
        b.append("0".repeat(-decpt));
        b.append(digits);
      } else if (decpt >= n) {
        b.append(digits).append("0".repeat(decpt - n)).append(".0");
      } else {
        b.append(digits, 0, decpt).append('.').append(digits, decpt, n);
      }
    } else {
      b.append(digits.charAt(0));
      if (n > 1) {
        b.append('.').append(digits, 1, n);
      }
      int exp = decpt - 1;
      b.append('e').append(exp < 0 ? '-' : '+');
      int abs = Math.abs(exp);
      if (abs < 10) {
        b.append('0');
      }
      b.append(abs);
    }
    return b.toString();
  }

  /** The number of significant digits of a positional Java double string ("0.0012" has 2). */
  private static int significantDigits(String s) {
    int first = -1;
    int last = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '1' && c <= '9') {
        if (first < 0) {
          first = i;
        }
        last = i;
      }
    }
    if (first < 0) {
      return 0;
    }
    int digits = last - first + 1;
    int dot = s.indexOf('.');
    return dot > first && dot < last ? digits - 1 : digits;
  }

  /** Significant digits (no leading/trailing zeros) and decimal point: value = 0.digits × 10^decimalPoint. */
  private record Decimal(String digits, int decimalPoint) {

    /** The shortest round-tripping decimal of a finite, non-zero |x|; among equals, the closest. */
    static Decimal shortest(double x, String javaRepr) {
      Decimal d = parse(javaRepr.charAt(0) == '-' ? javaRepr.substring(1) : javaRepr);
      if (d.digits.length() == 2) {
        // Java's shortest-decimal rule asks for at least two digits; Python takes one when one
        // digit already reads back (e.g. 5e-324).
        Decimal one = oneDigit(Math.abs(x));
        if (one != null) {
          return one;
        }
      }
      return d;
    }

    private static Decimal oneDigit(double x) {
      BigDecimal exact = new BigDecimal(x);
      BigDecimal down = exact.round(new MathContext(1, RoundingMode.DOWN));
      BigDecimal up = exact.round(new MathContext(1, RoundingMode.UP));
      boolean downOk = down.signum() != 0 && down.doubleValue() == x;
      boolean upOk = up.doubleValue() == x;
      BigDecimal pick;
      if (downOk && upOk) {
        int cmp = exact.subtract(down).compareTo(up.subtract(exact));
        pick = cmp < 0 ? down : cmp > 0 ? up : (down.unscaledValue().testBit(0) ? up : down);
      } else if (downOk) {
        pick = down;
      } else if (upOk) {
        pick = up;
      } else {
        return null;
      }
      return parse(pick.toString());
    }

    /** Parses Java's {@code Double.toString}/{@code BigDecimal.toString} output of a positive number. */
    private static Decimal parse(String s) {
      int e = Math.max(s.indexOf('E'), s.indexOf('e'));
      int exp = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
      String mantissa = e < 0 ? s : s.substring(0, e);
      int dot = mantissa.indexOf('.');
      String intPart = dot < 0 ? mantissa : mantissa.substring(0, dot);
      String fracPart = dot < 0 ? "" : mantissa.substring(dot + 1);
      String all = intPart + fracPart;
      int decpt = intPart.length() + exp;
      int lead = 0;
      while (lead < all.length() - 1 && all.charAt(lead) == '0') {
        lead++;
      }
      int end = all.length();
      while (end > lead + 1 && all.charAt(end - 1) == '0') {
        end--;
      }
      return new Decimal(all.substring(lead, end), decpt - lead);
    }
  }

  // ---- str ordering ---------------------------------------------------------------------------

  /**
   * Compares strings as Python does: by code point (a valid surrogate pair is one code point above
   * U+FFFF, a lone surrogate its own value), shorter prefix first. Agrees with {@link
   * String#compareTo} unless surrogates differ.
   */
  public static int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        if (!Character.isSurrogate(x) && !Character.isSurrogate(y)) {
          return x - y;
        }
        int from = i > 0 && Character.isHighSurrogate(a.charAt(i - 1)) ? i - 1 : i;
        return compareCodePoints(a, b, from);
      }
    }
    return a.length() - b.length();
  }

  private static int compareCodePoints(String a, String b, int from) {
    int i = from;
    int j = from;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}

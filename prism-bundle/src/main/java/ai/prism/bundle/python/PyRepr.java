package ai.prism.bundle.python;

import java.math.BigInteger;

/** Python's {@code repr()} of the values a tree holds: str, bytes, int, float, complex, bool, None, Ellipsis. */
final class PyRepr {
  private PyRepr() {}

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** {@code repr(value)} of a field value or constant as {@code ast.dump} prints it. */
  static void append(StringBuilder out, Object value) {
    if (value == null || value == PyConstant.NONE) {
      out.append("None");
    } else if (value instanceof String s) {
      appendStr(out, s);
    } else if (value instanceof PyConstant.SurrogateStr s) {
      appendCodePoints(out, s.codePoints());
    } else if (value instanceof Boolean b) {
      out.append(b ? "True" : "False");
    } else if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
      out.append(value);
    } else if (value instanceof Double d) {
      out.append(floatRepr(d, true));
    } else if (value instanceof PyConstant.Imaginary c) {
      out.append(floatRepr(c.imag(), false)).append('j');
    } else if (value instanceof PyConstant.Bytes b) {
      appendBytes(out, b.value());
    } else if (value == PyConstant.ELLIPSIS) {
      out.append("Ellipsis");
    } else {
      throw new IllegalArgumentException("no Python repr for " + value.getClass().getName());
    }
  }

  /** Python's {@code repr(str)}: quote choice, escapes, printable non-ASCII kept. */
  static void appendStr(StringBuilder out, String s) {
    appendCodePoints(out, s.codePoints().toArray());
  }

  private static void appendCodePoints(StringBuilder out, int[] cps) {
    boolean single = false;
    boolean dbl = false;
    for (int cp : cps) {
      single |= cp == '\'';
      dbl |= cp == '"';
    }
    char quote = single && !dbl ? '"' : '\'';
    out.append(quote);
    for (int cp : cps) {
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

  /** Python's {@code str.isprintable()} for one code point (Java's Unicode tables). */
  static boolean isPrintable(int cp) {
    if (cp == ' ') {
      return true;
    }
    switch (Character.getType(cp)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.SURROGATE:
      case Character.PRIVATE_USE:
      case Character.UNASSIGNED:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
      case Character.SPACE_SEPARATOR:
        return false;
      default:
        return true;
    }
  }

  /** Python's {@code repr(bytes)}. */
  static void appendBytes(StringBuilder out, byte[] bytes) {
    boolean hasSingle = false;
    boolean hasDouble = false;
    for (byte b : bytes) {
      hasSingle |= b == '\'';
      hasDouble |= b == '"';
    }
    char quote = hasSingle && !hasDouble ? '"' : '\'';
    out.append('b').append(quote);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c == quote || c == '\\') {
        out.append('\\').append((char) c);
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c < ' ' || c >= 0x7f) {
        hex(out.append("\\x"), c, 2);
      } else {
        out.append((char) c);
      }
    }
    out.append(quote);
  }

  private static void hex(StringBuilder out, int value, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      out.append(HEX[(value >>> shift) & 0xf]);
    }
  }

  /**
   * Python's {@code repr(float)} (prism-core's implementation); with {@code addDotZero} false the form
   * of a complex part ({@code 1j}, not {@code 1.0j}).
   */
  static String floatRepr(double d, boolean addDotZero) {
    String r = ai.prism.core.json.Python.repr(d);
    return !addDotZero && r.endsWith(".0") ? r.substring(0, r.length() - 2) : r;
  }
}

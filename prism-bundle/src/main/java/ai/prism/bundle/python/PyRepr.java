package ai.prism.bundle.python;

import ai.prism.core.json.Python;
import java.math.BigInteger;

/**
 * Python's {@code repr()} of the values a tree holds: str, bytes, int, float, complex, bool, None, Ellipsis
 * (str and float through prism-core's {@link Python}).
 */
final class PyRepr {
  private PyRepr() {}

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** {@code repr(value)} of a field value or constant as {@code ast.dump} prints it. */
  static void append(StringBuilder out, Object value) {
    if (value == null || value == PyConstant.NONE) {
      out.append("None");
    } else if (value instanceof String s) {
      Python.appendRepr(out, s.codePoints().toArray());
    } else if (value instanceof PyConstant.SurrogateStr s) {
      Python.appendRepr(out, s.codePoints());
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
    String r = Python.repr(d);
    return !addDotZero && r.endsWith(".0") ? r.substring(0, r.length() - 2) : r;
  }
}

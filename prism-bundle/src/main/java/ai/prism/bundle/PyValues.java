package ai.prism.bundle;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Python semantics for loaded YAML/JSON values ({@code null}, {@code Boolean}, integers, {@code Double},
 * {@code String}, {@code byte[]}, {@code List}, {@code Set}, {@code Map}, {@link PyDate}): truthiness,
 * {@code str()}/{@code repr()} and {@code int()}, as the reference applies them to {@code prism.yaml}
 * and submission metadata.
 */
final class PyValues {
  private PyValues() {}

  /** A YAML timestamp, carried as the text Python's {@code str()} gives the {@code date}/{@code datetime}. */
  record PyDate(String pythonStr) {}

  /** Python truthiness: {@code None}, {@code False}, zero, and empty strings/containers are false. */
  static boolean truthy(Object v) {
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Double d) {
      return d != 0.0;
    }
    if (v instanceof Float f) {
      return f != 0.0f;
    }
    if (v instanceof BigDecimal d) {
      return d.signum() != 0;
    }
    if (v instanceof BigInteger i) {
      return i.signum() != 0;
    }
    if (v instanceof Number n) {
      return n.longValue() != 0;
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    if (v instanceof Collection<?> c) {
      return !c.isEmpty();
    }
    if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    if (v instanceof byte[] b) {
      return b.length > 0;
    }
    return true;
  }

  /** Whether the value is a Python {@code int} (not a {@code bool}). */
  static boolean isInt(Object v) {
    return v instanceof Integer || v instanceof Long || v instanceof BigInteger || v instanceof Short || v instanceof Byte;
  }

  /** Python's {@code str(v)}. */
  static String str(Object v) {
    if (v instanceof String s) {
      return s;
    }
    return repr(v);
  }

  /** Python's {@code repr(v)}; a container that contains itself shows as {@code [...]}/{@code {...}}. */
  static String repr(Object v) {
    StringBuilder out = new StringBuilder();
    repr(out, v, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    return out.toString();
  }

  private static void repr(StringBuilder out, Object v, Set<Object> active) {
    if ((v instanceof Collection || v instanceof Map) && !active.add(v)) {
      out.append(v instanceof List ? "[...]" : "{...}");
      return;
    }
    reprValue(out, v, active);
    active.remove(v);
  }

  private static void reprValue(StringBuilder out, Object v, Set<Object> active) {
    if (v == null) {
      out.append("None");
    } else if (v instanceof Boolean b) {
      out.append(b ? "True" : "False");
    } else if (isInt(v)) {
      out.append(v);
    } else if (v instanceof Double || v instanceof Float) {
      out.append(floatRepr(((Number) v).doubleValue()));
    } else if (v instanceof BigDecimal d) {
      out.append(floatRepr(d.doubleValue()));
    } else if (v instanceof String s) {
      stringRepr(out, s);
    } else if (v instanceof byte[] b) {
      bytesRepr(out, b);
    } else if (v instanceof PyDate d) {
      out.append(d.pythonStr());
    } else if (v instanceof List<?> list) {
      out.append('[');
      joinRepr(out, list.iterator(), active);
      out.append(']');
    } else if (v instanceof Set<?> set) {
      if (set.isEmpty()) {
        out.append("set()");
      } else {
        out.append('{');
        joinRepr(out, set.iterator(), active);
        out.append('}');
      }
    } else if (v instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          out.append(", ");
        }
        first = false;
        repr(out, e.getKey(), active);
        out.append(": ");
        repr(out, e.getValue(), active);
      }
      out.append('}');
    } else if (v instanceof Object[] tuple) {
      out.append('(');
      joinRepr(out, java.util.Arrays.asList(tuple).iterator(), active);
      out.append(tuple.length == 1 ? ",)" : ")");
    } else {
      out.append(v);
    }
  }

  private static void joinRepr(StringBuilder out, Iterator<?> items, Set<Object> active) {
    boolean first = true;
    while (items.hasNext()) {
      if (!first) {
        out.append(", ");
      }
      first = false;
      repr(out, items.next(), active);
    }
  }

  /** Python's {@code repr(float)}: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
  static String floatRepr(double x) {
    if (Double.isNaN(x)) {
      return "nan";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "inf" : "-inf";
    }
    if (x == 0) {
      return (1 / x < 0) ? "-0.0" : "0.0";
    }
    BigDecimal exact = new BigDecimal(x);
    BigDecimal shortest = exact;
    for (int p = 1; p <= 17; p++) {
      BigDecimal candidate = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == x) {
        shortest = candidate;
        break;
      }
    }
    String digits = shortest.unscaledValue().abs().toString().replaceAll("0+$", "");
    if (digits.isEmpty()) {
      digits = "0";
    }
    int exponent = shortest.precision() - shortest.scale() - 1;
    String sign = x < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }
    if (exponent < 0) {
      return sign + "0." + "0".repeat(-exponent - 1) + digits;
    }
    if (digits.length() <= exponent + 1) {
      return sign + digits + "0".repeat(exponent + 1 - digits.length()) + ".0";
    }
    return sign + digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
  }

  /** Python's {@code repr(str)}. */
  static void stringRepr(StringBuilder out, String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    out.append(quote);
    s.codePoints().forEach(cp -> {
      if (cp == quote || cp == '\\') {
        out.append('\\').appendCodePoint(cp);
      } else if (cp == '\t') {
        out.append("\\t");
      } else if (cp == '\n') {
        out.append("\\n");
      } else if (cp == '\r') {
        out.append("\\r");
      } else if (cp < 0x20 || cp == 0x7f) {
        out.append(String.format("\\x%02x", cp));
      } else if (cp < 0x7f || isPrintable(cp)) {
        out.appendCodePoint(cp);
      } else if (cp <= 0xff) {
        out.append(String.format("\\x%02x", cp));
      } else if (cp <= 0xffff) {
        out.append(String.format("\\u%04x", cp));
      } else {
        out.append(String.format("\\U%08x", cp));
      }
    });
    out.append(quote);
  }

  private static boolean isPrintable(int cp) {
    if (cp == ' ') {
      return true;
    }
    int type = Character.getType(cp);
    return !(type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
        || type == Character.PRIVATE_USE || type == Character.UNASSIGNED || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR || type == Character.SPACE_SEPARATOR);
  }

  private static void bytesRepr(StringBuilder out, byte[] b) {
    boolean hasSingle = false;
    boolean hasDouble = false;
    for (byte x : b) {
      hasSingle |= x == '\'';
      hasDouble |= x == '"';
    }
    char quote = hasSingle && !hasDouble ? '"' : '\'';
    out.append('b').append(quote);
    for (byte x : b) {
      int c = x & 0xff;
      if (c == quote || c == '\\') {
        out.append('\\').append((char) c);
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c < 0x20 || c >= 0x7f) {
        out.append(String.format("\\x%02x", c));
      } else {
        out.append((char) c);
      }
    }
    out.append(quote);
  }
}

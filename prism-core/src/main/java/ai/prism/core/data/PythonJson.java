package ai.prism.core.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes Jackson trees byte-for-byte as CPython's {@code json.dumps(..., sort_keys=True)} does,
 * and renders values as Python's {@code repr()}/{@code str()} (for messages that embed them).
 * Keys sort by code point; floats use Python's shortest round-trip repr ({@code 64.0},
 * {@code 1e-05}, {@code 1e+16}); {@code ensure_ascii} escapes use lowercase hex.
 */
public final class PythonJson {

  private PythonJson() {}

  /** {@code json.dumps(node, sort_keys=True, separators=(",", ":"), ensure_ascii=ensureAscii)}. */
  public static String compact(JsonNode node, boolean ensureAscii) {
    StringBuilder sb = new StringBuilder();
    write(sb, node, ensureAscii, -1, 0);
    return sb.toString();
  }

  /** {@code json.dumps(node, sort_keys=True, indent=2)} (ensure_ascii on), without a trailing newline. */
  public static String indented(JsonNode node) {
    StringBuilder sb = new StringBuilder();
    write(sb, node, true, 2, 0);
    return sb.toString();
  }

  private static void write(StringBuilder sb, JsonNode node, boolean ascii, int indent, int level) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        node.fields().forEachRemaining(entries::add);
        if (entries.isEmpty()) {
          sb.append("{}");
          return;
        }
        entries.sort((a, b) -> PythonJson.compareCodePoints(a.getKey(), b.getKey()));
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> e : entries) {
          if (!first) {
            sb.append(',');
          }
          first = false;
          newline(sb, indent, level + 1);
          string(sb, e.getKey(), ascii);
          sb.append(indent >= 0 ? ": " : ":");
          write(sb, e.getValue(), ascii, indent, level + 1);
        }
        newline(sb, indent, level);
        sb.append('}');
      }
      case ARRAY -> {
        if (node.isEmpty()) {
          sb.append("[]");
          return;
        }
        sb.append('[');
        boolean first = true;
        for (JsonNode child : node) {
          if (!first) {
            sb.append(',');
          }
          first = false;
          newline(sb, indent, level + 1);
          write(sb, child, ascii, indent, level + 1);
        }
        newline(sb, indent, level);
        sb.append(']');
      }
      case STRING -> string(sb, node.textValue(), ascii);
      case NUMBER -> sb.append(number(node, true));
      case BOOLEAN -> sb.append(node.booleanValue() ? "true" : "false");
      case NULL, MISSING -> sb.append("null");
      default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
    }
  }

  private static void newline(StringBuilder sb, int indent, int level) {
    if (indent >= 0) {
      sb.append('\n');
      sb.append(" ".repeat(indent * level));
    }
  }

  private static void string(StringBuilder sb, String s, boolean ascii) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || (ascii && c > 0x7E)) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static String number(JsonNode node, boolean json) {
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    double d = node.doubleValue();
    if (json) {
      if (Double.isNaN(d)) {
        return "NaN";
      }
      if (Double.isInfinite(d)) {
        return d > 0 ? "Infinity" : "-Infinity";
      }
    }
    return floatRepr(d);
  }

  /** Python's {@code repr(float)}: shortest round-trip digits, Python's exponent rules. */
  public static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0.0) {
      return (1.0 / d < 0) ? "-0.0" : "0.0";
    }
    BigDecimal shortest = shortest(Math.abs(d)).stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    int decpt = digits.length() - shortest.scale(); // value = 0.digits * 10^decpt
    StringBuilder sb = new StringBuilder();
    if (d < 0) {
      sb.append('-');
    }
    if (decpt <= -4 || decpt > 16) {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      int exp = decpt - 1;
      sb.append('e').append(exp < 0 ? '-' : '+');
      String e = Integer.toString(Math.abs(exp));
      if (e.length() < 2) {
        sb.append('0');
      }
      sb.append(e);
    } else if (decpt <= 0) {
      sb.append("0.").append("0".repeat(-decpt)).append(digits);
    } else if (decpt >= digits.length()) {
      sb.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
    } else {
      sb.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
    }
    return sb.toString();
  }

  private static BigDecimal shortest(double d) {
    if (d == Math.rint(d) && d < 1e17) {
      return BigDecimal.valueOf((long) d);
    }
    BigDecimal exact = new BigDecimal(d);
    // Java 17's Double.toString round-trips and is at most a digit longer than the shortest form,
    // so the search can start just below its digit count.
    for (int p = Math.max(1, significantDigits(Double.toString(d)) - 2); p <= 17; p++) {
      BigDecimal lo = exact.round(new MathContext(p, RoundingMode.FLOOR));
      BigDecimal hi = exact.round(new MathContext(p, RoundingMode.CEILING));
      boolean loOk = Double.parseDouble(lo.toString()) == d;
      boolean hiOk = Double.parseDouble(hi.toString()) == d;
      if (loOk && hiOk) {
        int cmp = exact.subtract(lo).compareTo(hi.subtract(exact));
        if (cmp != 0) {
          return cmp < 0 ? lo : hi;
        }
        return lo.unscaledValue().testBit(0) ? hi : lo;
      }
      if (loOk) {
        return lo;
      }
      if (hiOk) {
        return hi;
      }
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
  }

  /** Python {@code str} comparison: by code point, not by UTF-16 unit. */
  public static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** Index of the first unpaired surrogate in {@code s}, or -1 (such text cannot be UTF-8 encoded). */
  public static int firstLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  private static int significantDigits(String javaRepr) {
    String mantissa = javaRepr.replace("-", "");
    int e = mantissa.indexOf('E');
    if (e >= 0) {
      mantissa = mantissa.substring(0, e);
    }
    String digits = mantissa.replace(".", "").replaceFirst("^0+", "").replaceFirst("0+$", "");
    return Math.max(1, digits.length());
  }

  /** Python's {@code repr()} of a JSON value as {@code json.loads} returns it. */
  public static String repr(JsonNode node) {
    StringBuilder sb = new StringBuilder();
    repr(sb, node);
    return sb.toString();
  }

  /** Python's {@code str()} of a JSON value (strings as themselves, everything else as repr). */
  public static String str(JsonNode node) {
    return node.isTextual() ? node.textValue() : repr(node);
  }

  private static void repr(StringBuilder sb, JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        sb.append('{');
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        boolean first = true;
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!first) {
            sb.append(", ");
          }
          first = false;
          sb.append(reprString(e.getKey())).append(": ");
          repr(sb, e.getValue());
        }
        sb.append('}');
      }
      case ARRAY -> {
        sb.append('[');
        boolean first = true;
        for (JsonNode child : node) {
          if (!first) {
            sb.append(", ");
          }
          first = false;
          repr(sb, child);
        }
        sb.append(']');
      }
      case STRING -> sb.append(reprString(node.textValue()));
      case NUMBER -> sb.append(number(node, false));
      case BOOLEAN -> sb.append(node.booleanValue() ? "True" : "False");
      case NULL, MISSING -> sb.append("None");
      default -> sb.append(node.toString());
    }
  }

  /** Python's {@code repr(str)}: single quotes unless the text has ' and no ", Python escapes. */
  public static String reprString(String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder sb = new StringBuilder().append(quote);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == quote || cp == '\\') {
        sb.append('\\').appendCodePoint(cp);
      } else if (cp == '\t') {
        sb.append("\\t");
      } else if (cp == '\n') {
        sb.append("\\n");
      } else if (cp == '\r') {
        sb.append("\\r");
      } else if (isPrintable(cp)) {
        sb.appendCodePoint(cp);
      } else if (cp < 0x100) {
        sb.append(String.format("\\x%02x", cp));
      } else if (cp < 0x10000) {
        sb.append(String.format("\\u%04x", cp));
      } else {
        sb.append(String.format("\\U%08x", cp));
      }
    }
    return sb.append(quote).toString();
  }

  private static boolean isPrintable(int cp) {
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
}

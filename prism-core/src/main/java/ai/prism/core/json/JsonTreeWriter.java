package ai.prism.core.json;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes a {@link JsonValue} tree in one of the {@link PyJson.Style}s. */
final class JsonTreeWriter {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final StringBuilder out;
  private final PyJson.Style style;

  private JsonTreeWriter(PyJson.Style style, StringBuilder out) {
    this.style = style;
    this.out = out;
  }

  static String write(JsonValue value, PyJson.Style style) {
    JsonTreeWriter writer = new JsonTreeWriter(style, new StringBuilder(256));
    writer.value(value, 0);
    return writer.out.toString();
  }

  private void value(JsonValue value, int depth) {
    if (value instanceof JsonObject o) {
      object(o, depth);
    } else if (value instanceof JsonArray a) {
      array(a, depth);
    } else if (value instanceof JsonString s) {
      string(s.value());
    } else if (value instanceof JsonInt i) {
      BigInteger v = i.value();
      out.append(v.bitLength() < 64 ? Long.toString(v.longValue()) : v.toString());
    } else if (value instanceof JsonFloat f) {
      floatValue(f.value());
    } else if (value instanceof JsonBool b) {
      out.append(b.value() ? "true" : "false");
    } else {
      out.append("null");
    }
  }

  private void floatValue(double v) {
    if (Double.isFinite(v)) {
      out.append(Python.repr(v));
      return;
    }
    String token = Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
    if (style == PyJson.Style.STRICT_LINE) {
      out.append('"').append(token).append('"');
    } else {
      out.append(token);
    }
  }

  private void object(JsonObject object, int depth) {
    if (object.size() == 0) {
      out.append("{}");
      return;
    }
    List<Map.Entry<String, JsonValue>> entries = new ArrayList<>(object.members().entrySet());
    if (style != PyJson.Style.STRICT_LINE) {
      entries.sort((a, b) -> Python.compare(a.getKey(), b.getKey()));
    }
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, JsonValue> entry : entries) {
      separator(first, depth + 1);
      first = false;
      string(entry.getKey());
      out.append(style == PyJson.Style.INDENTED ? ": " : ":");
      value(entry.getValue(), depth + 1);
    }
    close(depth);
    out.append('}');
  }

  private void array(JsonArray array, int depth) {
    if (array.size() == 0) {
      out.append("[]");
      return;
    }
    out.append('[');
    boolean first = true;
    for (JsonValue item : array.items()) {
      separator(first, depth + 1);
      first = false;
      value(item, depth + 1);
    }
    close(depth);
    out.append(']');
  }

  private void separator(boolean first, int depth) {
    if (!first) {
      out.append(',');
    }
    if (style == PyJson.Style.INDENTED) {
      newline(depth);
    }
  }

  private void close(int depth) {
    if (style == PyJson.Style.INDENTED) {
      newline(depth);
    }
  }

  private void newline(int depth) {
    out.append('\n');
    for (int i = 0; i < depth; i++) {
      out.append("  ");
    }
  }

  /**
   * A string literal as {@code json.dumps} writes it: with {@code ensure_ascii=True} (every style
   * but {@link PyJson.Style#COMPACT_UNICODE}) everything outside {@code ' '..'~'} is escaped with
   * lowercase hex digits; without it only control characters are.
   */
  private void string(String s) {
    boolean ascii = style != PyJson.Style.COMPACT_UNICODE;
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c >= 0x20 && (c < 0x7f || !ascii)) {
            out.append(c);
          } else {
            out.append("\\u")
                .append(HEX[(c >> 12) & 0xf])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
          }
        }
      }
    }
    out.append('"');
  }
}

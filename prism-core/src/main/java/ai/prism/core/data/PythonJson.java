package ai.prism.core.data;

import ai.prism.core.json.JsonArray;
import ai.prism.core.json.JsonBool;
import ai.prism.core.json.JsonFloat;
import ai.prism.core.json.JsonInt;
import ai.prism.core.json.JsonNull;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.JsonValue;
import ai.prism.core.json.PyJson;
import ai.prism.core.json.Python;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes Jackson trees byte-for-byte as CPython's {@code json.dumps(..., sort_keys=True)} does (the
 * writing is {@link PyJson}'s), and renders values as Python's {@code repr()}/{@code str()} (for
 * messages that embed them).
 */
public final class PythonJson {

  private PythonJson() {}

  /** {@code json.dumps(node, sort_keys=True, separators=(",", ":"), ensure_ascii=ensureAscii)}. */
  public static String compact(JsonNode node, boolean ensureAscii) {
    return PyJson.dumps(value(node), ensureAscii ? PyJson.Style.COMPACT : PyJson.Style.COMPACT_UNICODE);
  }

  /** {@code json.dumps(node, sort_keys=True, indent=2)} (ensure_ascii on), without a trailing newline. */
  public static String indented(JsonNode node) {
    return PyJson.dumps(value(node), PyJson.Style.INDENTED);
  }

  /** The {@link JsonValue} a Jackson tree stands for (Jackson's int/float distinction kept). */
  static JsonValue value(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        Map<String, JsonValue> members = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          members.put(e.getKey(), value(e.getValue()));
        }
        return new JsonObject(members);
      }
      case ARRAY -> {
        List<JsonValue> items = new ArrayList<>(node.size());
        node.forEach(child -> items.add(value(child)));
        return new JsonArray(items);
      }
      case STRING -> {
        return new JsonString(node.textValue());
      }
      case NUMBER -> {
        return node.isIntegralNumber() ? new JsonInt(node.bigIntegerValue()) : new JsonFloat(node.doubleValue());
      }
      case BOOLEAN -> {
        return JsonBool.of(node.booleanValue());
      }
      case NULL, MISSING -> {
        return JsonNull.INSTANCE;
      }
      default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
    }
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
        boolean first = true;
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          if (!first) {
            sb.append(", ");
          }
          first = false;
          sb.append(Python.repr(e.getKey())).append(": ");
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
      case STRING -> sb.append(Python.repr(node.textValue()));
      case NUMBER -> sb.append(
          node.isIntegralNumber() ? node.bigIntegerValue().toString() : Python.repr(node.doubleValue()));
      case BOOLEAN -> sb.append(node.booleanValue() ? "True" : "False");
      case NULL, MISSING -> sb.append("None");
      default -> sb.append(node.toString());
    }
  }
}

package ai.prism.core.data;

import ai.prism.core.json.Python;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/** Python value semantics on JSON trees: {@code ==} and {@code int()}. */
final class PyValues {

  private PyValues() {}

  /** Python {@code a == b} for values as json.loads returns them (True == 1, 1 == 1.0). */
  static boolean pyEquals(JsonNode a, JsonNode b) {
    if (isNumeric(a) && isNumeric(b)) {
      if (isNaN(a) || isNaN(b)) {
        return false;
      }
      if (isInfinite(a) || isInfinite(b)) {
        return a.isDouble() && b.isDouble() && a.doubleValue() == b.doubleValue();
      }
      return decimal(a).compareTo(decimal(b)) == 0;
    }
    if (a.isTextual() || b.isTextual()) {
      return a.isTextual() && b.isTextual() && a.textValue().equals(b.textValue());
    }
    if (a.isNull() || b.isNull()) {
      return a.isNull() && b.isNull();
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!pyEquals(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> e : a.properties()) {
        JsonNode other = b.get(e.getKey());
        if (other == null || !pyEquals(e.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  private static boolean isNumeric(JsonNode n) {
    return n.isNumber() || n.isBoolean();
  }

  private static boolean isNaN(JsonNode n) {
    return n.isFloatingPointNumber() && Double.isNaN(n.doubleValue());
  }

  private static boolean isInfinite(JsonNode n) {
    return n.isFloatingPointNumber() && Double.isInfinite(n.doubleValue());
  }

  private static BigDecimal decimal(JsonNode n) {
    if (n.isBoolean()) {
      return n.booleanValue() ? BigDecimal.ONE : BigDecimal.ZERO;
    }
    if (n.isIntegralNumber()) {
      return new BigDecimal(n.bigIntegerValue());
    }
    return new BigDecimal(n.doubleValue());
  }

  /**
   * Python {@code int(x)} for a JSON value ({@link Python#toInt}), or null where Python raises
   * (TypeError, ValueError, OverflowError) or the result does not fit a long.
   */
  static Long pyInt(JsonNode n) {
    BigInteger v;
    try {
      v = Python.toInt(PythonJson.value(n));
    } catch (Python.ConversionException e) {
      return null;
    }
    return v.bitLength() < 64 ? v.longValue() : null;
  }
}

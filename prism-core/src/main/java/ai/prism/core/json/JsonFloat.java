package ai.prism.core.json;

/**
 * A JSON number with a fraction or exponent, or a bare {@code NaN}/{@code Infinity}/{@code
 * -Infinity} token: a Python {@code float}.
 */
public record JsonFloat(double value) implements JsonValue {
  @Override
  public String pythonTypeName() {
    return "float";
  }
}

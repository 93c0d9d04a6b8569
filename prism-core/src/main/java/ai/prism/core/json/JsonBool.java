package ai.prism.core.json;

/** JSON {@code true}/{@code false}; never a number (Python's {@code bool} is excluded wherever the reference checks for numbers). */
public record JsonBool(boolean value) implements JsonValue {
  /** JSON {@code true}. */
  public static final JsonBool TRUE = new JsonBool(true);
  /** JSON {@code false}. */
  public static final JsonBool FALSE = new JsonBool(false);

  /** The constant for {@code value}. */
  public static JsonBool of(boolean value) {
    return value ? TRUE : FALSE;
  }

  @Override
  public String pythonTypeName() {
    return "bool";
  }
}

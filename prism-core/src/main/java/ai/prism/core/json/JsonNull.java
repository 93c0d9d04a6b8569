package ai.prism.core.json;

/** JSON {@code null} (Python {@code None}). */
public record JsonNull() implements JsonValue {
  /** The null value. */
  public static final JsonNull INSTANCE = new JsonNull();

  @Override
  public String pythonTypeName() {
    return "NoneType";
  }
}

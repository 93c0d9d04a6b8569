package ai.prism.core.json;

import java.util.Objects;

/** A JSON string; may hold lone surrogates (Python accepts {@code "\ud800"} escapes). */
public record JsonString(String value) implements JsonValue {
  /** Rejects a null value. */
  public JsonString {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String pythonTypeName() {
    return "str";
  }
}

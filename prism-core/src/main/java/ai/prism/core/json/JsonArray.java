package ai.prism.core.json;

import java.util.List;

/** A JSON array (Python {@code list}); immutable. */
public record JsonArray(List<JsonValue> items) implements JsonValue {
  /** The empty array. */
  public static final JsonArray EMPTY = new JsonArray(List.of());

  /** Copies the items; nulls are rejected (use {@link JsonNull#INSTANCE}). */
  public JsonArray {
    items = List.copyOf(items);
  }

  /** An array of floats. */
  public static JsonArray ofFloats(List<Double> values) {
    return new JsonArray(values.stream().map(v -> (JsonValue) new JsonFloat(v)).toList());
  }

  /** The number of items. */
  public int size() {
    return items.size();
  }

  /** The item at {@code index}. */
  public JsonValue get(int index) {
    return items.get(index);
  }

  @Override
  public String pythonTypeName() {
    return "list";
  }
}

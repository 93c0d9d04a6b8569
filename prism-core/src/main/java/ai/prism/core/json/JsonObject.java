package ai.prism.core.json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A JSON object (Python {@code dict}); immutable, keeps first-insertion order of its keys (a
 * repeated key keeps its first position and its last value, as Python does).
 */
public record JsonObject(Map<String, JsonValue> members) implements JsonValue {
  /** The empty object. */
  public static final JsonObject EMPTY = new JsonObject(Map.of());

  /** Copies the members, keeping their iteration order; null keys or values are rejected. */
  public JsonObject {
    LinkedHashMap<String, JsonValue> copy = new LinkedHashMap<>(members.size() * 4 / 3 + 1);
    members.forEach(
        (k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value")));
    members = Collections.unmodifiableMap(copy);
  }

  /** The value under {@code key}, or {@code null} when the key is absent. */
  public JsonValue get(String key) {
    return members.get(key);
  }

  /** Whether {@code key} is present (with any value, null included). */
  public boolean has(String key) {
    return members.containsKey(key);
  }

  /** The value under {@code key} when it is an object. */
  public Optional<JsonObject> object(String key) {
    return members.get(key) instanceof JsonObject o ? Optional.of(o) : Optional.empty();
  }

  /** The number of members. */
  public int size() {
    return members.size();
  }

  /** A copy with {@code key} set to {@code value} (an existing key keeps its position). */
  public JsonObject with(String key, JsonValue value) {
    LinkedHashMap<String, JsonValue> copy = new LinkedHashMap<>(members);
    copy.put(key, value);
    return new JsonObject(copy);
  }

  /** A copy without {@code key}. */
  public JsonObject without(String key) {
    if (!members.containsKey(key)) {
      return this;
    }
    LinkedHashMap<String, JsonValue> copy = new LinkedHashMap<>(members);
    copy.remove(key);
    return new JsonObject(copy);
  }

  @Override
  public String pythonTypeName() {
    return "dict";
  }
}

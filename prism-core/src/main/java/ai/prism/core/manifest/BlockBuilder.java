package ai.prism.core.manifest;

import ai.prism.core.json.JsonArray;
import ai.prism.core.json.JsonBool;
import ai.prism.core.json.JsonFloat;
import ai.prism.core.json.JsonInt;
import ai.prism.core.json.JsonNull;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * Shared machinery of the block builders: an ordered map of members seeded from an existing block
 * (so unknown fields survive an amendment), typed puts, and raw {@link #set}/{@link #remove}.
 */
abstract class BlockBuilder<B extends BlockBuilder<B>> {
  private final LinkedHashMap<String, JsonValue> members;

  BlockBuilder(JsonObject from) {
    this.members = new LinkedHashMap<>(from.members());
  }

  abstract B self();

  /** Sets any field, known or not, to a raw JSON value. */
  public B set(String key, JsonValue value) {
    members.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return self();
  }

  /** Removes a field. */
  public B remove(String key) {
    members.remove(key);
    return self();
  }

  final JsonObject json() {
    return new JsonObject(members);
  }

  final B putInt(FieldSpec f, long value) {
    return set(f.name(), JsonInt.of(value));
  }

  final B putNullableInt(FieldSpec f, Long value) {
    return set(f.name(), value == null ? JsonNull.INSTANCE : JsonInt.of(value));
  }

  final B putFloat(FieldSpec f, double value) {
    return set(f.name(), new JsonFloat(value));
  }

  final B putNullableFloat(FieldSpec f, Double value) {
    return set(f.name(), value == null ? JsonNull.INSTANCE : new JsonFloat(value));
  }

  final B putString(FieldSpec f, String value) {
    if (value == null && !f.nullable()) {
      throw new NullPointerException(f.name() + " must not be null");
    }
    return set(f.name(), value == null ? JsonNull.INSTANCE : new JsonString(value));
  }

  final B putBool(FieldSpec f, boolean value) {
    return set(f.name(), JsonBool.of(value));
  }

  final B putFloats(FieldSpec f, List<Double> values) {
    return set(f.name(), JsonArray.ofFloats(values));
  }

  final B putStrings(FieldSpec f, List<String> values) {
    return set(
        f.name(), new JsonArray(values.stream().map(s -> (JsonValue) new JsonString(s)).toList()));
  }

  final B putObject(FieldSpec f, JsonObject value) {
    return set(f.name(), value);
  }
}

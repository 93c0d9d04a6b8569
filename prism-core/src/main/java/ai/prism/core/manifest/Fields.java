package ai.prism.core.manifest;

import ai.prism.core.json.JsonArray;
import ai.prism.core.json.JsonBool;
import ai.prism.core.json.JsonFloat;
import ai.prism.core.json.JsonInt;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.JsonValue;
import ai.prism.core.json.Python;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Typed reads of block fields: a value is returned only when the JSON holds the declared type. */
final class Fields {
  private Fields() {}

  /** A JSON int that fits a {@code long} (never a bool or a float). */
  static OptionalLong integer(JsonObject o, FieldSpec f) {
    return o.get(f.name()) instanceof JsonInt i && i.fitsLong()
        ? OptionalLong.of(i.value().longValue())
        : OptionalLong.empty();
  }

  /** A JSON float, or an int representable as a double (never a bool). */
  static OptionalDouble number(JsonObject o, FieldSpec f) {
    return asDouble(o.get(f.name()));
  }

  static Optional<String> string(JsonObject o, FieldSpec f) {
    return o.get(f.name()) instanceof JsonString s ? Optional.of(s.value()) : Optional.empty();
  }

  static Optional<Boolean> bool(JsonObject o, FieldSpec f) {
    return o.get(f.name()) instanceof JsonBool b ? Optional.of(b.value()) : Optional.empty();
  }

  static Optional<JsonObject> object(JsonObject o, FieldSpec f) {
    return o.object(f.name());
  }

  /** A list whose items are all numbers, as doubles. */
  static Optional<List<Double>> floats(JsonObject o, FieldSpec f) {
    if (!(o.get(f.name()) instanceof JsonArray a)) {
      return Optional.empty();
    }
    List<Double> out = new ArrayList<>(a.size());
    for (JsonValue item : a.items()) {
      OptionalDouble d = asDouble(item);
      if (d.isEmpty()) {
        return Optional.empty();
      }
      out.add(d.getAsDouble());
    }
    return Optional.of(List.copyOf(out));
  }

  /** A list whose items are all strings. */
  static Optional<List<String>> strings(JsonObject o, FieldSpec f) {
    if (!(o.get(f.name()) instanceof JsonArray a)) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>(a.size());
    for (JsonValue item : a.items()) {
      if (!(item instanceof JsonString s)) {
        return Optional.empty();
      }
      out.add(s.value());
    }
    return Optional.of(List.copyOf(out));
  }

  private static OptionalDouble asDouble(JsonValue v) {
    if (v instanceof JsonFloat d) {
      return OptionalDouble.of(d.value());
    }
    if (v instanceof JsonInt i) {
      double d = i.value().doubleValue();
      return Double.isInfinite(d) ? OptionalDouble.empty() : OptionalDouble.of(d);
    }
    return OptionalDouble.empty();
  }

  /** Whether {@code v} has type {@code t} as the reference writes it (ints pass as floats). */
  static boolean hasType(JsonValue v, FieldType t) {
    return switch (t) {
      case INT -> v instanceof JsonInt;
      case FLOAT -> Python.isNumber(v);
      case STR -> v instanceof JsonString;
      case BOOL -> v instanceof JsonBool;
      case OBJECT -> v instanceof JsonObject;
      case FLOAT_LIST, STR_LIST -> v instanceof JsonArray;
    };
  }
}

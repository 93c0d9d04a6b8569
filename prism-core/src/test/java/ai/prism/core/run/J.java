package ai.prism.core.run;

import ai.prism.core.json.JsonArray;
import ai.prism.core.json.JsonBool;
import ai.prism.core.json.JsonFloat;
import ai.prism.core.json.JsonInt;
import ai.prism.core.json.JsonNull;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.JsonValue;
import ai.prism.core.manifest.RunManifest;
import java.util.ArrayList;
import java.util.List;

/** Dotted-path reads of a manifest's JSON for assertions ({@code J.num(m, "metrics.covered_bytes")}). */
final class J {
  private J() {}

  static JsonValue get(RunManifest m, String path) {
    JsonValue v = m.json();
    for (String key : path.split("\\.")) {
      if (!(v instanceof JsonObject o) || !o.has(key)) {
        return null;
      }
      v = o.get(key);
    }
    return v;
  }

  static boolean has(RunManifest m, String path) {
    return get(m, path) != null;
  }

  static boolean isNull(RunManifest m, String path) {
    return get(m, path) instanceof JsonNull;
  }

  static double num(RunManifest m, String path) {
    JsonValue v = get(m, path);
    if (v instanceof JsonFloat f) {
      return f.value();
    }
    if (v instanceof JsonInt i) {
      return i.value().doubleValue();
    }
    throw new AssertionError(path + " is not a number: " + v);
  }

  static long integer(RunManifest m, String path) {
    JsonValue v = get(m, path);
    if (v instanceof JsonInt i) {
      return i.value().longValueExact();
    }
    throw new AssertionError(path + " is not an int: " + v);
  }

  static boolean bool(RunManifest m, String path) {
    JsonValue v = get(m, path);
    if (v instanceof JsonBool b) {
      return b.value();
    }
    throw new AssertionError(path + " is not a bool: " + v);
  }

  static String str(RunManifest m, String path) {
    JsonValue v = get(m, path);
    if (v instanceof JsonString s) {
      return s.value();
    }
    if (v instanceof JsonNull) {
      return null;
    }
    throw new AssertionError(path + " is not a string: " + v);
  }

  static List<Double> floats(RunManifest m, String path) {
    JsonValue v = get(m, path);
    if (!(v instanceof JsonArray a)) {
      throw new AssertionError(path + " is not a list: " + v);
    }
    List<Double> out = new ArrayList<>();
    for (JsonValue item : a.items()) {
      out.add(item instanceof JsonFloat f ? f.value() : ((JsonInt) item).value().doubleValue());
    }
    return out;
  }
}

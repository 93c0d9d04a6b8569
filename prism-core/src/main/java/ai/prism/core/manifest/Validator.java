package ai.prism.core.manifest;

import ai.prism.core.json.JsonArray;
import ai.prism.core.json.JsonNull;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonValue;
import ai.prism.core.json.PyJson;
import ai.prism.core.manifest.ManifestProblem.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Collects {@link ManifestProblem}s while walking a manifest against its field specs. */
final class Validator {
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final List<ManifestProblem> problems = new ArrayList<>();

  List<ManifestProblem> problems() {
    return List.copyOf(problems);
  }

  void add(String path, Kind kind, String message) {
    problems.add(new ManifestProblem(path, kind, message));
  }

  /** Checks presence and type of every spec'd field of {@code o} (found at {@code path}). */
  void fields(String path, JsonObject o, List<FieldSpec> specs) {
    for (FieldSpec f : specs) {
      String at = path(path, f.name());
      JsonValue v = o.get(f.name());
      if (v == null) {
        if (f.required()) {
          add(at, Kind.MISSING, "missing " + describe(f));
        }
      } else if (v instanceof JsonNull) {
        if (!f.nullable()) {
          add(at, Kind.WRONG_TYPE, "expected " + describe(f) + ", found null");
        }
      } else if (!Fields.hasType(v, f.type())) {
        add(at, Kind.WRONG_TYPE, "expected " + describe(f) + ", found " + found(v));
      } else if (v instanceof JsonArray a) {
        FieldType item = f.type() == FieldType.FLOAT_LIST ? FieldType.FLOAT : FieldType.STR;
        for (int i = 0; i < a.size(); i++) {
          if (!Fields.hasType(a.get(i), item)) {
            add(at + "[" + i + "]", Kind.WRONG_TYPE,
                "expected " + item.label + ", found " + found(a.get(i)));
          }
        }
      }
    }
  }

  /** Reports a field that is present with a value other than the constant the reference writes. */
  void constant(String path, JsonObject o, String key, JsonValue expected) {
    JsonValue v = o.get(key);
    if (v != null && Fields.hasType(v, typeOf(expected)) && !v.equals(expected)) {
      add(path(path, key), Kind.UNEXPECTED_VALUE,
          "expected " + PyJson.dumps(expected, PyJson.Style.COMPACT) + ", found " + found(v));
    }
  }

  /** Reports two present fields that must be equal but are not. */
  void agree(String pathA, JsonValue a, String pathB, JsonValue b) {
    if (a != null && b != null && !Objects.equals(a, b)) {
      add(pathB, Kind.INCONSISTENT,
          "must equal " + pathA + " (" + found(a) + "), found " + found(b));
    }
  }

  private static FieldType typeOf(JsonValue v) {
    for (FieldType t : FieldType.values()) {
      if (Fields.hasType(v, t)) {
        return t;
      }
    }
    throw new IllegalArgumentException("no field type for " + v);
  }

  private static String describe(FieldSpec f) {
    return f.type().label + (f.nullable() ? " or null" : "");
  }

  static String found(JsonValue v) {
    String text = PyJson.dumps(v, PyJson.Style.COMPACT);
    if (text.length() > 40) {
      text = text.substring(0, 37) + "...";
    }
    return v.pythonTypeName() + " " + text;
  }

  /** The JSON path of {@code key} under {@code parent}: {@code $.a.b}, or {@code $['odd key']}. */
  static String path(String parent, String key) {
    if (PLAIN_KEY.matcher(key).matches()) {
      return parent + "." + key;
    }
    return parent + "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
  }
}

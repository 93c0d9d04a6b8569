package ai.prism.core.json;

/**
 * An immutable JSON value as Python's {@code json} module sees it: objects, arrays, strings,
 * integers (arbitrary precision), floats (IEEE double, non-finite allowed), booleans and null.
 */
public sealed interface JsonValue
    permits JsonObject, JsonArray, JsonString, JsonInt, JsonFloat, JsonBool, JsonNull {

  /** The name Python gives the decoded value's type ({@code type(v).__name__}), for messages. */
  String pythonTypeName();
}

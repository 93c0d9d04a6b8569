package ai.prism.core.manifest;

/** One field of a manifest block: JSON name, type, whether null is allowed, whether it must be present. */
record FieldSpec(String name, FieldType type, boolean nullable, boolean required) {

  static FieldSpec required(String name, FieldType type) {
    return new FieldSpec(name, type, false, true);
  }

  static FieldSpec requiredNullable(String name, FieldType type) {
    return new FieldSpec(name, type, true, true);
  }

  static FieldSpec optional(String name, FieldType type) {
    return new FieldSpec(name, type, false, false);
  }

  static FieldSpec optionalNullable(String name, FieldType type) {
    return new FieldSpec(name, type, true, false);
  }
}

package ai.prism.core.manifest;

/** The JSON type the reference writes for a manifest field. */
enum FieldType {
  INT("int"),
  FLOAT("float"),
  STR("str"),
  BOOL("bool"),
  OBJECT("object"),
  FLOAT_LIST("list of floats"),
  STR_LIST("list of str");

  final String label;

  FieldType(String label) {
    this.label = label;
  }
}

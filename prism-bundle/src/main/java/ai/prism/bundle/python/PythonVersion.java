package ai.prism.bundle.python;

/**
 * The CPython grammar and {@code ast} node layout the parser reproduces.
 *
 * <p>{@link #PY311} (the default) is what the PRISM reference was observed on. {@link #PY312} adds
 * the {@code type_params} field to {@code FunctionDef}, {@code AsyncFunctionDef} and {@code ClassDef},
 * the {@code type X = ...} statement ({@code TypeAlias}), generic parameter lists
 * ({@code TypeVar}, {@code ParamSpec}, {@code TypeVarTuple}) and PEP 701 f-strings.
 */
public enum PythonVersion {
  /** CPython 3.11 grammar and tree. */
  PY311,
  /** CPython 3.12 grammar and tree. */
  PY312
}

package ai.prism.bundle.python;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One node of a CPython-compatible abstract syntax tree: its kind ({@code "Call"}, {@code "Name"}, ...),
 * its fields in CPython's {@code _fields} order, and its source position.
 *
 * <p>Field values are: another {@code PyNode}; an unmodifiable {@code List} (of nodes, possibly with
 * {@code null} entries as in {@code Dict.keys}, or of identifier strings as in {@code Global.names});
 * a {@code String} identifier; an {@code Integer} (for example {@code ImportFrom.level});
 * a constant value (see {@link PyConstant}) for {@code Constant.value}; or {@code null} for Python's
 * {@code None}. Positions follow CPython: 1-based lines, column offsets in UTF-8 bytes; nodes without
 * positions (modules, contexts, operators) report {@code -1}.
 */
public final class PyNode {
  private final String type;
  private final List<String> fieldNames;
  private final List<Object> values;
  private final int lineno;
  private final int colOffset;
  private final int endLineno;
  private final int endColOffset;
  /** Nodes on the longest path down from here, context and operator nodes not counted. */
  private final int depth;

  /** A node with a source position. {@code fieldNames} and {@code values} are parallel lists. */
  public PyNode(
      String type,
      List<String> fieldNames,
      List<?> values,
      int lineno,
      int colOffset,
      int endLineno,
      int endColOffset) {
    this.type = Objects.requireNonNull(type, "type");
    if (fieldNames.size() != values.size()) {
      throw new IllegalArgumentException(type + ": " + fieldNames.size() + " fields, " + values.size() + " values");
    }
    this.fieldNames = List.copyOf(fieldNames);
    ArrayList<Object> copy = new ArrayList<>(values);
    this.values = Collections.unmodifiableList(copy);
    this.depth = computeDepth(copy, lineno >= 0);
    this.lineno = lineno;
    this.colOffset = colOffset;
    this.endLineno = endLineno;
    this.endColOffset = endColOffset;
  }

  private static int computeDepth(ArrayList<Object> values, boolean positioned) {
    int deepest = 0;
    for (int i = 0, n = values.size(); i < n; i++) {
      Object v = values.get(i);
      if (v instanceof PyNode c) {
        deepest = Math.max(deepest, c.depth);
      } else if (v instanceof List<?> list) {
        for (int j = 0, m = list.size(); j < m; j++) {
          if (list.get(j) instanceof PyNode c) {
            deepest = Math.max(deepest, c.depth);
          }
        }
      }
    }
    return deepest == 0 && !positioned && values.isEmpty() ? 0 : deepest + 1;
  }

  /** Depth of the tree under this node (1 for a leaf), as CPython's AST construction counts it. */
  int depth() {
    return depth;
  }

  /** A node without a source position (module, expression context, operator). */
  public PyNode(String type, List<String> fieldNames, List<?> values) {
    this(type, fieldNames, values, -1, -1, -1, -1);
  }

  /** The node kind, exactly CPython's class name ({@code "FunctionDef"}, {@code "Load"}, ...). */
  public String type() {
    return type;
  }

  /** The field names in CPython's {@code _fields} order. */
  public List<String> fieldNames() {
    return fieldNames;
  }

  /** The raw value of a field, or {@code null} (Python {@code None}); unknown fields are an error. */
  public Object get(String field) {
    int i = fieldNames.indexOf(field);
    if (i < 0) {
      throw new IllegalArgumentException(type + " has no field '" + field + "'");
    }
    return values.get(i);
  }

  /** Whether this node kind has the named field. */
  public boolean hasField(String field) {
    return fieldNames.contains(field);
  }

  /** A field holding a single node, or {@code null}. */
  public PyNode node(String field) {
    return (PyNode) get(field);
  }

  /** A field holding a list of nodes (entries may be {@code null}, as in {@code Dict.keys}). */
  @SuppressWarnings("unchecked")
  public List<PyNode> nodes(String field) {
    Object v = get(field);
    return v == null ? List.of() : (List<PyNode>) v;
  }

  /** A field holding an identifier or string ({@code Name.id}, {@code Attribute.attr}, ...), or {@code null}. */
  public String string(String field) {
    return (String) get(field);
  }

  /** The field values in field order. */
  public List<Object> values() {
    return values;
  }

  /** The direct child nodes in field order, as {@code ast.iter_child_nodes} yields them. */
  public List<PyNode> children() {
    List<PyNode> out = new ArrayList<>();
    for (Object v : values) {
      if (v instanceof PyNode n) {
        out.add(n);
      } else if (v instanceof List<?> list) {
        for (Object item : list) {
          if (item instanceof PyNode n) {
            out.add(n);
          }
        }
      }
    }
    return out;
  }

  /** Whether the node carries a source position. */
  public boolean hasPosition() {
    return lineno >= 0;
  }

  /** 1-based first line, or -1. */
  public int lineno() {
    return lineno;
  }

  /** Column of the first character in UTF-8 bytes, or -1. */
  public int colOffset() {
    return colOffset;
  }

  /** 1-based last line, or -1. */
  public int endLineno() {
    return endLineno;
  }

  /** Column after the last character in UTF-8 bytes, or -1. */
  public int endColOffset() {
    return endColOffset;
  }

  @Override
  public String toString() {
    return type + (hasPosition() ? "@" + lineno + ":" + colOffset : "");
  }
}

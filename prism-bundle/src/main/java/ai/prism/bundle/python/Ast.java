package ai.prism.bundle.python;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** CPython's {@code ast} helpers on {@link PyNode} trees: {@code walk}, {@code dump}, {@code get_source_segment}. */
public final class Ast {
  private Ast() {}

  /**
   * Every node of the tree in {@code ast.walk} order: breadth-first from {@code root}, children in field
   * order ({@code ast.iter_child_nodes}), context and operator nodes included.
   */
  public static List<PyNode> walk(PyNode root) {
    List<PyNode> out = new ArrayList<>();
    ArrayDeque<PyNode> todo = new ArrayDeque<>();
    todo.add(root);
    while (!todo.isEmpty()) {
      PyNode node = todo.poll();
      out.add(node);
      for (Object v : node.values()) {
        if (v instanceof PyNode n) {
          todo.add(n);
        } else if (v instanceof List<?> list) {
          for (Object item : list) {
            if (item instanceof PyNode n) {
              todo.add(n);
            }
          }
        }
      }
    }
    return out;
  }

  /** The default {@code ast.dump(tree)}: field names shown, positions not. */
  public static String dump(PyNode node) {
    return dump(node, true, false);
  }

  /**
   * {@code ast.dump(tree, annotate_fields=annotateFields, include_attributes=includeAttributes)} as
   * CPython 3.11/3.12 render it: an optional field holding {@code None} is left out (and every later
   * field is then shown with its name), empty lists are shown, constants use Python's {@code repr}.
   */
  public static String dump(PyNode node, boolean annotateFields, boolean includeAttributes) {
    StringBuilder out = new StringBuilder(256);
    format(out, Objects.requireNonNull(node, "node"), annotateFields, includeAttributes);
    return out.toString();
  }

  private static final String[] POSITION_NAMES = {"lineno", "col_offset", "end_lineno", "end_col_offset"};

  /**
   * Renders without recursion (trees may be thousands of levels deep): the stack holds nodes and lists
   * still to render and, as {@code String}s, text ready to append.
   */
  private static void format(StringBuilder out, PyNode root, boolean annotate, boolean attrs) {
    ArrayDeque<Object> todo = new ArrayDeque<>();
    List<Object> pieces = new ArrayList<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      Object item = todo.pop();
      if (item instanceof String text) {
        out.append(text);
        continue;
      }
      pieces.clear();
      if (item instanceof PyNode node) {
        out.append(node.type()).append('(');
        Schema.Kind kind = Schema.anyKind(node.type());
        List<String> names = node.fieldNames();
        List<Object> values = node.values();
        boolean keywords = annotate;
        boolean first = true;
        for (int i = 0; i < names.size(); i++) {
          Object v = values.get(i);
          String name = names.get(i);
          if (v == null && kind != null && kind.isOptional(name)) {
            keywords = true;
            continue;
          }
          String sep = first ? "" : ", ";
          first = false;
          pieces.add(keywords ? sep + name + "=" : sep);
          pieces.add(v instanceof PyNode || v instanceof List<?> ? v : repr(v));
        }
        if (attrs && node.hasPosition() && (kind == null || kind.hasAttributes())) {
          int[] pos = {node.lineno(), node.colOffset(), node.endLineno(), node.endColOffset()};
          for (int i = 0; i < 4; i++) {
            pieces.add((first ? "" : ", ") + POSITION_NAMES[i] + "=" + pos[i]);
            first = false;
          }
        }
        pieces.add(")");
      } else {
        List<?> list = (List<?>) item;
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          Object v = list.get(i);
          if (i > 0) {
            pieces.add(", ");
          }
          pieces.add(v instanceof PyNode || v instanceof List<?> ? v : repr(v));
        }
        pieces.add("]");
      }
      for (int i = pieces.size() - 1; i >= 0; i--) {
        todo.push(pieces.get(i));
      }
    }
  }

  private static String repr(Object value) {
    StringBuilder sb = new StringBuilder();
    PyRepr.append(sb, value);
    return sb.toString();
  }

  /**
   * {@code ast.get_source_segment(source, node)} with {@code padded=False}: the source text the node spans
   * (column offsets are UTF-8 byte offsets), or {@code null} when the node has no position.
   */
  public static String sourceSegment(String source, PyNode node) {
    if (!node.hasPosition() || node.endLineno() < 0 || node.endColOffset() < 0) {
      return null;
    }
    List<String> lines = splitLinesNoFormFeed(source);
    int first = node.lineno() - 1;
    int last = node.endLineno() - 1;
    if (first < 0 || last >= lines.size() || last < first) {
      throw new IndexOutOfBoundsException(
          "node " + node + " spans lines " + node.lineno() + "-" + node.endLineno() + " of a " + lines.size() + "-line source");
    }
    byte[] firstLine = lines.get(first).getBytes(StandardCharsets.UTF_8);
    if (first == last) {
      return slice(firstLine, node.colOffset(), node.endColOffset());
    }
    StringBuilder out = new StringBuilder(slice(firstLine, node.colOffset(), firstLine.length));
    for (int i = first + 1; i < last; i++) {
      out.append(lines.get(i));
    }
    byte[] lastLine = lines.get(last).getBytes(StandardCharsets.UTF_8);
    out.append(slice(lastLine, 0, node.endColOffset()));
    return out.toString();
  }

  private static String slice(byte[] line, int from, int to) {
    int f = Math.max(0, Math.min(from, line.length));
    int t = Math.max(f, Math.min(to, line.length));
    return new String(line, f, t - f, StandardCharsets.UTF_8);
  }

  /** {@code ast._splitlines_no_ff}: lines split at \r\n, \r and \n only, terminators kept. */
  private static List<String> splitLinesNoFormFeed(String source) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    int n = source.length();
    for (int i = 0; i < n; i++) {
      char c = source.charAt(i);
      if (c == '\r' || c == '\n') {
        if (c == '\r' && i + 1 < n && source.charAt(i + 1) == '\n') {
          i++;
        }
        lines.add(source.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < n) {
      lines.add(source.substring(start));
    }
    return lines;
  }
}

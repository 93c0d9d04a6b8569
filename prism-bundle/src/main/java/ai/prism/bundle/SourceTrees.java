package ai.prism.bundle;

import ai.prism.bundle.SnapshotException.Problem;
import ai.prism.bundle.python.Ast;
import ai.prism.bundle.python.PyNode;
import ai.prism.bundle.python.PythonParser;
import ai.prism.bundle.python.PythonSyntaxException;
import ai.prism.bundle.python.PythonVersion;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Parses and dumps each distinct source text once per validation ({@code ast.parse} and {@code ast.dump}
 * are pure, so results are shared between the snapshot, contract, fingerprint and sandbox stages).
 */
final class SourceTrees {
  /**
   * How many nested {@code _format} frames CPython 3.11's recursive {@code ast.dump} gets in the
   * reference worker before {@code RecursionError}: the default limit of 1000 frames, less about 18
   * frames of worker and asyncio stack below the dump, less 3 frames CPython spends around the call
   * (calibrated against CPython 3.11.7: from module level a 987-deep attribute chain dumps, 988 fails).
   */
  static final int DUMP_FRAME_BUDGET = 979;

  private final PythonVersion version;
  private final Map<String, Object> parsed = new HashMap<>();
  private final Map<String, String> dumps = new HashMap<>();
  private final Map<String, List<PyNode>> walks = new HashMap<>();

  SourceTrees(PythonVersion version) {
    this.version = Objects.requireNonNull(version, "version");
  }

  /** {@code ast.parse(source)}; throws the (cached) {@link PythonSyntaxException} when CPython would raise. */
  PyNode parse(String source) {
    Object result = parsed.computeIfAbsent(source, s -> {
      try {
        return PythonParser.parse(s, version);
      } catch (PythonSyntaxException e) {
        return e;
      }
    });
    if (result instanceof PythonSyntaxException e) {
      throw e;
    }
    return (PyNode) result;
  }

  /** {@code list(ast.walk(ast.parse(source)))}, shared by every stage that walks the same text. */
  List<PyNode> walk(String source) {
    List<PyNode> cached = walks.get(source);
    if (cached == null) {
      cached = Ast.walk(parse(source));
      walks.put(source, cached);
    }
    return cached;
  }

  /**
   * {@code ast.dump(ast.parse(source), annotate_fields=False, include_attributes=False)}; a tree too deep
   * for CPython's recursive {@code ast.dump} is a {@link SnapshotException} ({@code RecursionError}).
   */
  String dump(String source) {
    String cached = dumps.get(source);
    if (cached != null) {
      return cached;
    }
    PyNode tree = parse(source);
    if (dumpFrames(tree) > DUMP_FRAME_BUDGET) {
      throw new SnapshotException(Problem.TOO_DEEPLY_NESTED, "maximum recursion depth exceeded");
    }
    String dump = Ast.dump(tree, false, false);
    dumps.put(source, dump);
    return dump;
  }

  /**
   * The deepest chain of Python frames {@code ast.dump}'s {@code _format} recursion needs: one per node,
   * two per non-empty list (the call plus its generator expression), one per leaf value; optional fields
   * holding {@code None} are skipped. Computed without recursion.
   */
  static int dumpFrames(PyNode root) {
    int deepest = 0;
    ArrayDeque<Object> values = new ArrayDeque<>();
    ArrayDeque<Integer> frames = new ArrayDeque<>();
    values.push(root);
    frames.push(1);
    while (!values.isEmpty()) {
      Object value = values.pop();
      int depth = frames.pop();
      deepest = Math.max(deepest, depth);
      if (value instanceof PyNode node) {
        List<Object> children = node.values();
        for (int i = 0; i < children.size(); i++) {
          Object child = children.get(i);
          if (child != null) {
            values.push(child);
            frames.push(depth + 1);
          } else if (node.fieldNames().get(i).equals("value")
              && (node.type().equals("Constant") || node.type().equals("MatchSingleton"))) {
            deepest = Math.max(deepest, depth + 1);
          }
        }
      } else if (value instanceof List<?> list && !list.isEmpty()) {
        // the list's own frame plus its generator expression, then one frame per item (None included)
        deepest = Math.max(deepest, depth + 2);
        for (Object item : list) {
          values.push(item == null ? NONE_ITEM : item);
          frames.push(depth + 2);
        }
      }
    }
    return deepest;
  }

  /** Stands in for a {@code None} list item, which costs one frame like any leaf. */
  private static final Object NONE_ITEM = new Object();
}

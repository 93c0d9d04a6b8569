package ai.prism.bundle;

import ai.prism.bundle.python.Ast;
import ai.prism.bundle.python.PyNode;
import ai.prism.bundle.python.PythonSyntaxException;
import ai.prism.bundle.sandbox.DottedName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The reference's "architecture graph" of a component ({@code component_signatures._graph_for_files}):
 * modules, normalised class names, functions, import roots, normalised calls, parameterised blocks,
 * routing and interface flags; hashed as compact, key-sorted, ASCII-escaped JSON.
 */
final class ArchitectureGraph {
  private static final List<String> HOOKS = List.of("configure_optimizer", "inference_logits", "infer", "compute_loss", "train_step");
  private static final List<String> BLOCK_TOKENS = List.of("Embedding", "Linear", "Conv", "Attention", "LayerNorm");
  private static final List<String> ROUTING_TOKENS = List.of("topk", "where", "gather", "scatter", "router", "moe");
  private static final List<String> SYMBOL_NOISE = List.of("tiny", "small", "model", "module", "block", "net", "network");

  private ArchitectureGraph() {}

  /** The SHA-256 of the graph of {@code files} (snapshot paths) as the reference serialises it. */
  static String hash(Snapshot snapshot, List<String> files, SourceTrees trees) {
    return PythonText.sha256Hex(canonicalJson(graph(snapshot, files, trees)));
  }

  static Map<String, Object> graph(Snapshot snapshot, List<String> files, SourceTrees trees) {
    Set<String> classes = sortedSet();
    Set<String> functions = sortedSet();
    Set<String> imports = sortedSet();
    Set<String> calls = sortedSet();
    Set<String> modules = sortedSet();
    Set<String> required = sortedSet();
    Set<String> hooks = sortedSet();
    List<Map<String, Object>> blocks = new ArrayList<>();
    for (String path : files) {
      if (!path.endsWith(".py")) {
        continue;
      }
      String name = path.substring(path.lastIndexOf('/') + 1);
      modules.add(name.endsWith(".py") ? name.substring(0, name.length() - 3) : name);
      List<PyNode> nodes;
      try {
        nodes = trees.walk(snapshot.file(path).orElseThrow().content());
      } catch (PythonSyntaxException e) {
        continue;
      }
      for (PyNode node : nodes) {
        switch (node.type()) {
          case "ClassDef" -> {
            classes.add(normalizedSymbol(node.string("name")));
            blocks.addAll(parameterizedBlocks(node));
          }
          case "FunctionDef" -> {
            String fn = node.string("name");
            functions.add(fn);
            if (fn.equals("build_model") || fn.equals("get_recipe")) {
              required.add(fn);
            } else if (HOOKS.contains(fn)) {
              hooks.add(fn);
            }
          }
          case "Import" -> node.nodes("names").forEach(a -> imports.add(root(a.string("name"))));
          case "ImportFrom" -> {
            if (node.string("module") != null && !node.string("module").isEmpty()) {
              imports.add(root(node.string("module")));
            }
          }
          case "Call" -> {
            String call = DottedName.of(node.node("func"), DottedName.Style.ARCHITECTURE_GRAPH);
            if (!call.isEmpty()) {
              calls.add(normalizedCall(call));
            }
          }
          default -> {
          }
        }
      }
    }
    blocks.sort(Comparator.comparing(b -> (String) b.get("name"), PythonText.CODE_POINT_ORDER));
    boolean routing = calls.stream().anyMatch(c -> ROUTING_TOKENS.stream().anyMatch(t -> c.toLowerCase(Locale.ROOT).contains(t)));
    Map<String, Object> graph = new LinkedHashMap<>();
    graph.put("schema_version", "architecture_graph.v1");
    graph.put("modules", new ArrayList<>(modules));
    graph.put("classes", new ArrayList<>(classes));
    graph.put("functions", new ArrayList<>(functions));
    graph.put("imports", new ArrayList<>(imports));
    graph.put("calls", new ArrayList<>(calls));
    graph.put("parameterized_blocks", blocks);
    graph.put("tokenizer_constraints", Map.of("source", "submission_contract"));
    graph.put("dynamic_routing", Map.of("enabled", routing));
    Map<String, Object> iface = new LinkedHashMap<>();
    iface.put("required", new ArrayList<>(required));
    iface.put("optional_hooks", new ArrayList<>(hooks));
    graph.put("interface", iface);
    return graph;
  }

  private static Set<String> sortedSet() {
    return new TreeSet<>(PythonText.CODE_POINT_ORDER);
  }

  private static String root(String dotted) {
    int dot = dotted.indexOf('.');
    return dot < 0 ? dotted : dotted.substring(0, dot);
  }

  private static List<Map<String, Object>> parameterizedBlocks(PyNode classDef) {
    List<Map<String, Object>> blocks = new ArrayList<>();
    for (PyNode child : Ast.walk(classDef)) {
      if (!child.type().equals("Assign") || !child.node("value").type().equals("Call")) {
        continue;
      }
      PyNode call = child.node("value");
      String callName = DottedName.of(call.node("func"), DottedName.Style.ARCHITECTURE_GRAPH);
      if (callName.isEmpty() || BLOCK_TOKENS.stream().noneMatch(callName::contains)) {
        continue;
      }
      List<String> targets = new ArrayList<>();
      for (PyNode target : child.nodes("targets")) {
        String t = DottedName.of(target, DottedName.Style.ARCHITECTURE_GRAPH);
        if (!t.isEmpty()) {
          targets.add(t);
        }
      }
      String target = String.join(".", targets);
      List<String> keywordList = new ArrayList<>();
      for (PyNode keyword : call.nodes("keywords")) {
        if (keyword.string("arg") != null && !keyword.string("arg").isEmpty()) {
          keywordList.add(keyword.string("arg"));
        }
      }
      keywordList.sort(PythonText.CODE_POINT_ORDER);
      Map<String, Object> block = new LinkedHashMap<>();
      block.put("name", safeLabel(target.isEmpty() ? callName : target));
      block.put("kind", normalizedCall(callName));
      block.put("args", call.nodes("args").size());
      block.put("keywords", keywordList);
      blocks.add(block);
    }
    return blocks;
  }

  static String normalizedSymbol(String value) {
    String lowered = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "");
    for (String token : SYMBOL_NOISE) {
      lowered = lowered.replace(token, "");
    }
    return lowered.isEmpty() ? value.toLowerCase(Locale.ROOT) : lowered;
  }

  static String normalizedCall(String value) {
    String[] parts = value.split("\\.", -1);
    if (parts.length > 1 && Set.of("self", "torch", "nn").contains(parts[0])) {
      return parts[parts.length - 2] + "." + parts[parts.length - 1];
    }
    return value;
  }

  private static String safeLabel(String value) {
    return PythonText.head(value.replace('"', '\''), 40);
  }

  /** {@code json.dumps(value, sort_keys=True, separators=(",", ":"))} with Python's ASCII escaping. */
  static String canonicalJson(Object value) {
    StringBuilder out = new StringBuilder();
    writeJson(out, value);
    return out.toString();
  }

  private static void writeJson(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Boolean b) {
      out.append(b ? "true" : "false");
    } else if (value instanceof Number n) {
      out.append(n);
    } else if (value instanceof String s) {
      writeString(out, s);
    } else if (value instanceof Map<?, ?> map) {
      TreeMap<String, Object> sorted = new TreeMap<>(PythonText.CODE_POINT_ORDER);
      map.forEach((k, v) -> sorted.put((String) k, v));
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        writeString(out, e.getKey());
        out.append(':');
        writeJson(out, e.getValue());
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        writeJson(out, list.get(i));
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass());
    }
  }

  private static void writeString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}

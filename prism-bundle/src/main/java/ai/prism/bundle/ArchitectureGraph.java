package ai.prism.bundle;

import ai.prism.bundle.python.Ast;
import ai.prism.bundle.python.PyNode;
import ai.prism.bundle.python.PythonSyntaxException;
import ai.prism.bundle.sandbox.DottedName;
import ai.prism.core.json.JsonArray;
import ai.prism.core.json.JsonBool;
import ai.prism.core.json.JsonInt;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.JsonValue;
import ai.prism.core.json.PyJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reference's "architecture graph" of a component ({@code component_signatures._graph_for_files}):
 * modules, normalised class names, functions, import roots, normalised calls, parameterised blocks,
 * routing and interface flags; hashed as compact, key-sorted, ASCII-escaped JSON ({@link PyJson}).
 */
final class ArchitectureGraph {
  private static final List<String> HOOKS = List.of("configure_optimizer", "inference_logits", "infer", "compute_loss", "train_step");
  private static final List<String> BLOCK_TOKENS = List.of("Embedding", "Linear", "Conv", "Attention", "LayerNorm");
  private static final List<String> ROUTING_TOKENS = List.of("topk", "where", "gather", "scatter", "router", "moe");
  private static final List<String> SYMBOL_NOISE = List.of("tiny", "small", "model", "module", "block", "net", "network");

  private ArchitectureGraph() {}

  /** The SHA-256 of the graph of {@code files} (snapshot paths) as the reference serialises it. */
  static String hash(Snapshot snapshot, List<String> files, SourceTrees trees) {
    return PythonText.sha256Hex(PyJson.dumps(graph(snapshot, files, trees), PyJson.Style.COMPACT));
  }

  /** The graph as the reference's {@code ArchitectureGraph.model_dump()}. */
  static JsonObject graph(Snapshot snapshot, List<String> files, SourceTrees trees) {
    Set<String> classes = sortedSet();
    Set<String> functions = sortedSet();
    Set<String> imports = sortedSet();
    Set<String> calls = sortedSet();
    Set<String> modules = sortedSet();
    Set<String> required = sortedSet();
    Set<String> hooks = sortedSet();
    List<JsonObject> blocks = new ArrayList<>();
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
    blocks.sort(Comparator.comparing(b -> ((JsonString) b.get("name")).value(), PythonText.CODE_POINT_ORDER));
    boolean routing = calls.stream().anyMatch(c -> ROUTING_TOKENS.stream().anyMatch(t -> c.toLowerCase(Locale.ROOT).contains(t)));
    Map<String, JsonValue> graph = new LinkedHashMap<>();
    graph.put("schema_version", new JsonString("architecture_graph.v1"));
    graph.put("modules", strings(modules));
    graph.put("classes", strings(classes));
    graph.put("functions", strings(functions));
    graph.put("imports", strings(imports));
    graph.put("calls", strings(calls));
    graph.put("parameterized_blocks", new JsonArray(new ArrayList<>(blocks)));
    graph.put("tokenizer_constraints", new JsonObject(Map.of("source", new JsonString("submission_contract"))));
    graph.put("dynamic_routing", new JsonObject(Map.of("enabled", JsonBool.of(routing))));
    graph.put("interface", new JsonObject(Map.of("required", strings(required), "optional_hooks", strings(hooks))));
    return new JsonObject(graph);
  }

  private static JsonArray strings(java.util.Collection<String> values) {
    List<JsonValue> items = new ArrayList<>(values.size());
    values.forEach(v -> items.add(new JsonString(v)));
    return new JsonArray(items);
  }

  private static Set<String> sortedSet() {
    return new TreeSet<>(PythonText.CODE_POINT_ORDER);
  }

  private static String root(String dotted) {
    int dot = dotted.indexOf('.');
    return dot < 0 ? dotted : dotted.substring(0, dot);
  }

  private static List<JsonObject> parameterizedBlocks(PyNode classDef) {
    List<JsonObject> blocks = new ArrayList<>();
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
      Map<String, JsonValue> block = new LinkedHashMap<>();
      block.put("name", new JsonString(safeLabel(target.isEmpty() ? callName : target)));
      block.put("kind", new JsonString(normalizedCall(callName)));
      block.put("args", JsonInt.of(call.nodes("args").size()));
      block.put("keywords", strings(keywordList));
      blocks.add(new JsonObject(block));
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
}

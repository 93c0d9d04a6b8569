package ai.prism.bundle;

import ai.prism.bundle.python.PyNode;
import ai.prism.bundle.python.PythonSyntaxException;
import ai.prism.bundle.python.PythonVersion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves a {@link Snapshot} into the two-script contract exactly as the reference's
 * {@code project_components} does (spec §1.3): optional {@code prism.yaml}, default and declared
 * entrypoints and symbols, the same path lookup (including its basename fallback), the same checks in
 * the same order and the same error texts, as {@link ContractException}s.
 */
public final class ContractResolver {
  static final String DEFAULT_ARCHITECTURE = "architecture.py";
  static final String DEFAULT_TRAINING = "training.py";
  static final String DEFAULT_FACTORY = "build_model";
  static final String DEFAULT_TRAIN = "train";
  private static final Set<String> MANIFEST_NAMES = Set.of("prism.yaml", "prism.yml");
  private static final Set<String> KINDS = Set.of("full", "architecture_only", "training_for_arch");

  private ContractResolver() {}

  /** Resolves with the CPython 3.11 grammar. */
  public static ResolvedBundle resolve(Snapshot snapshot) {
    return resolve(snapshot, PythonVersion.PY311);
  }

  /** Resolves, parsing entrypoints with the grammar of {@code version}. */
  public static ResolvedBundle resolve(Snapshot snapshot, PythonVersion version) {
    return resolve(snapshot, new SourceTrees(version));
  }

  private record Role(String entrypoint, String symbol, Map<?, ?> section) {}

  static ResolvedBundle resolve(Snapshot snapshot, SourceTrees trees) {
    SourceFile manifestFile = snapshot.files().stream()
        .filter(f -> MANIFEST_NAMES.contains(PyPaths.name(f.path())))
        .findFirst()
        .orElse(null);
    Map<Object, Object> manifest = new LinkedHashMap<>();
    String architectureId = null;
    String manifestRoot = "";
    String kind = "full";
    Role arch = new Role(DEFAULT_ARCHITECTURE, DEFAULT_FACTORY, Map.of());
    Role train = new Role(DEFAULT_TRAINING, DEFAULT_TRAIN, Map.of());
    if (manifestFile != null) {
      Object loaded = PrismYaml.load(manifestFile.content());
      if (!PyValues.truthy(loaded)) {
        loaded = new LinkedHashMap<>();
      }
      if (!(loaded instanceof Map<?, ?> map)) {
        throw new ContractException("prism.yaml must contain a mapping");
      }
      manifest.putAll(map);
      Object rawKind = manifest.get("kind");
      kind = PyValues.str(PyValues.truthy(rawKind) ? rawKind : "full");
      if (!KINDS.contains(kind)) {
        throw new ContractException("unsupported Prism project kind: " + kind);
      }
      Object rawId = manifest.get("architecture_id");
      architectureId = PyValues.truthy(rawId) ? PyValues.str(rawId) : null;
      manifestRoot = PyPaths.parent(manifestFile.path());
      if (manifestRoot.equals(".")) {
        manifestRoot = "";
      }
      arch = role(manifest, "architecture", DEFAULT_ARCHITECTURE, DEFAULT_FACTORY);
      train = role(manifest, "training", DEFAULT_TRAINING, DEFAULT_TRAIN);
    }
    boolean explicit = manifestFile != null;
    String archPath = resolveRole(snapshot, arch.entrypoint(), manifestRoot, "architecture", explicit);
    String trainPath = resolveRole(snapshot, train.entrypoint(), manifestRoot, "training", explicit);
    if (archPath.equals(trainPath)) {
      throw new ContractException("submission contract violation: architecture and training must be two distinct scripts "
          + "(the single-module re-export idiom no longer satisfies the contract)");
    }
    requireSymbol(snapshot, trees, archPath, arch.symbol(), "architecture");
    requireSymbol(snapshot, trees, trainPath, train.symbol(), "training");
    List<String> archFiles = componentFiles(snapshot, arch.section(), manifestRoot, archPath);
    List<String> trainFiles = componentFiles(snapshot, train.section(), manifestRoot, trainPath);
    Object tokenizer = manifest.get("tokenizer");
    return new ResolvedBundle(snapshot, kind, architectureId, archPath, trainPath, arch.symbol(), train.symbol(),
        archFiles, trainFiles, manifestFile == null ? null : manifestFile.path(), manifest,
        tokenizer == null ? null : PyValues.str(tokenizer), localImportRoots(snapshot));
  }

  /** The stem of every {@code .py} file except {@code __init__} (spec §1.4). */
  static Set<String> localImportRoots(Snapshot snapshot) {
    Set<String> roots = new HashSet<>();
    for (SourceFile file : snapshot.pythonFiles()) {
      String stem = PyPaths.stem(file.path());
      if (!stem.equals("__init__")) {
        roots.add(stem);
      }
    }
    return roots;
  }

  private static Role role(Map<Object, Object> manifest, String name, String defaultEntrypoint, String defaultSymbol) {
    Map<?, ?> section = section(manifest, name);
    Object rawEntrypoint = section.get("entrypoint");
    String entrypoint = PyValues.truthy(rawEntrypoint) ? PyValues.str(rawEntrypoint) : defaultEntrypoint;
    String symbol = defaultSymbol;
    int sep = entrypoint.indexOf("::");
    if (sep >= 0) {
      String declared = entrypoint.substring(sep + 2);
      entrypoint = entrypoint.substring(0, sep);
      if (!declared.isEmpty()) {
        symbol = declared;
      }
    }
    for (String key : List.of("factory", "function", "entry")) {
      Object declared = section.get(key);
      if (PyValues.truthy(declared)) {
        symbol = PyValues.str(declared);
        break;
      }
    }
    return new Role(entrypoint, symbol, section);
  }

  private static Map<?, ?> section(Map<Object, Object> manifest, String name) {
    Object value = manifest.get(name);
    if (!PyValues.truthy(value)) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new ContractException("prism.yaml " + name + " section must be a mapping");
    }
    return map;
  }

  private static String resolveRole(Snapshot snapshot, String path, String manifestRoot, String role, boolean explicit) {
    String resolved = findPath(snapshot, path, manifestRoot);
    if (resolved != null) {
      return resolved;
    }
    if (explicit) {
      throw new ContractException("submission contract violation: declared " + role + " entrypoint "
          + PyValues.repr(path) + " not found (declared entrypoints are honored with no silent fallback)");
    }
    throw new ContractException("submission contract violation: missing " + path + " (" + role + " script is required)");
  }

  /** The reference's {@code _find_path}: exact (normalised) path first, then the first file with the same basename. */
  static String findPath(Snapshot snapshot, String path, String manifestRoot) {
    String stripped = stripLeadingSlashes(path);
    List<String> candidates = new ArrayList<>();
    candidates.add(stripped);
    if (!manifestRoot.isEmpty()) {
      candidates.add(manifestRoot + "/" + stripped);
    }
    Set<String> existing = new HashSet<>();
    snapshot.files().forEach(f -> existing.add(f.path()));
    for (String candidate : candidates) {
      String normalized = PyPaths.purePosix(candidate);
      if (existing.contains(normalized)) {
        return normalized;
      }
    }
    for (String candidate : candidates) {
      String basename = PyPaths.name(PyPaths.purePosix(candidate));
      for (SourceFile file : snapshot.files()) {
        if (PyPaths.name(file.path()).equals(basename) && !file.path().isEmpty()) {
          return file.path();
        }
      }
    }
    return null;
  }

  private static String stripLeadingSlashes(String path) {
    int i = 0;
    while (i < path.length() && path.charAt(i) == '/') {
      i++;
    }
    return path.substring(i);
  }

  private static void requireSymbol(Snapshot snapshot, SourceTrees trees, String path, String symbol, String role) {
    SourceFile file = snapshot.file(path).orElse(null);
    if (file == null || PythonText.isBlank(file.content())) {
      throw new ContractException("submission contract violation: " + role + " script " + path + " is empty");
    }
    if (!topLevelFunctions(trees, file.content(), path).contains(symbol)) {
      throw new ContractException("submission contract violation: " + role + " script " + path
          + " is missing required function " + symbol);
    }
  }

  private static Set<String> topLevelFunctions(SourceTrees trees, String content, String path) {
    PyNode tree;
    try {
      tree = trees.parse(content);
    } catch (PythonSyntaxException e) {
      if (e.kind() == PythonSyntaxException.Kind.TOO_DEEPLY_NESTED) {
        throw new ContractException(e.msg(), e);
      }
      throw new ContractException("submission contract violation: cannot parse " + path + " (" + e.msg() + ")", e);
    }
    Set<String> names = new HashSet<>();
    for (PyNode statement : tree.nodes("body")) {
      if (statement.type().equals("FunctionDef") || statement.type().equals("AsyncFunctionDef")) {
        names.add(statement.string("name"));
      }
    }
    return names;
  }

  private static List<String> componentFiles(Snapshot snapshot, Map<?, ?> section, String manifestRoot, String entrypoint) {
    Set<String> paths = new HashSet<>();
    paths.add(entrypoint);
    Object extra = section.get("files");
    if (!PyValues.truthy(extra)) {
      extra = List.of();
    }
    if (extra instanceof String s) {
      extra = List.of(s);
    }
    if (!(extra instanceof List<?> items)) {
      throw new ContractException("prism.yaml component files must be a list");
    }
    for (Object item : items) {
      String declared = PyValues.str(item);
      String resolved = findPath(snapshot, declared, manifestRoot);
      if (resolved == null) {
        throw new ContractException("Prism project entrypoint not found: " + declared);
      }
      paths.add(resolved);
    }
    List<String> files = new ArrayList<>();
    for (SourceFile file : snapshot.files()) {
      if (paths.contains(file.path())) {
        files.add(file.path());
      }
    }
    return files;
  }
}

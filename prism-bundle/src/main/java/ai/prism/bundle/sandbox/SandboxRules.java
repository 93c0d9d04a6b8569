package ai.prism.bundle.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The reference sandbox's lists (spec §2.3–2.4), plus what {@code HARDENED} adds. */
final class SandboxRules {
  private SandboxRules() {}

  static final Set<String> ALLOWED_IMPORT_ROOTS =
      Set.of("__future__", "collections", "dataclasses", "math", "prism_challenge", "torch", "typing");

  static final Set<String> NETWORK_ROOTS =
      Set.of("aiohttp", "ftplib", "http", "httpx", "requests", "socket", "smtplib", "urllib");
  static final Set<String> FILESYSTEM_ROOTS = Set.of("glob", "pathlib", "shutil", "tempfile");
  static final Set<String> PROCESS_ROOTS = Set.of("multiprocessing", "os", "pty", "signal", "subprocess", "sys");
  static final Set<String> FFI_ROOTS = Set.of("_ctypes", "cffi", "ctypes");
  static final Set<String> DYNAMIC_IMPORT_ROOTS = Set.of("importlib");
  static final Set<String> DESERIALIZATION_ROOTS =
      Set.of("_pickle", "cloudpickle", "cpickle", "dill", "joblib", "marshal", "pickle", "shelve");

  static final Map<String, String> FORBIDDEN_CALLS = Map.of(
      "__import__", "prism:no-dynamic-import",
      "compile", "prism:no-dynamic-code",
      "eval", "prism:no-dynamic-code",
      "exec", "prism:no-dynamic-code",
      "input", "prism:no-process",
      "open", "prism:no-filesystem");

  static final Set<String> INDIRECTION_CALLS = Set.of("getattr", "setattr", "delattr");
  static final Set<String> NAMESPACE_INTROSPECTION = Set.of("globals", "locals", "vars");
  static final Set<String> TRUSTED_PATH_ROOTS = Set.of("artifacts_dir", "checkpoint_dir", "resume_checkpoint_dir");
  static final List<String> BLOCKED_TORCH_PREFIXES = List.of("torch.hub", "torch.utils.cpp_extension");
  static final Set<String> DESERIALIZATION_CALL_ATTRS = Set.of("Unpickler", "load", "loads");
  static final Set<String> OPERATOR_INDIRECTION = Set.of("attrgetter", "itemgetter", "methodcaller");

  static final Map<String, String> FORBIDDEN_ATTRS = forbiddenAttrs();

  static final Set<String> BLOCKED_INDIRECTION_NAMES = blockedIndirectionNames();

  /** HARDENED: calls that read a file like {@code torch.load} (first positional argument is the path). */
  static final Set<String> HARDENED_LOADS = Set.of("torch.load", "torch.serialization.load", "torch.jit.load");

  /** HARDENED: calls that write a file like {@code torch.save} (second positional argument is the path). */
  static final Set<String> HARDENED_SAVES = Set.of("torch.save", "torch.serialization.save", "torch.jit.save");

  /** The roots with a specific rule id (every category but the generic one). */
  static final Set<String> CATEGORIZED_ROOTS = categorizedRoots();

  /** CPython 3.11's {@code sys.stdlib_module_names}. */
  static final Set<String> STDLIB_MODULES = loadStdlib();

  /**
   * HARDENED: submodules of allowed packages that share a standard-library module's name but are not that
   * module ({@code torch.signal} is torch's window-function package, not {@code signal}).
   */
  static final Set<String> SAME_NAMED_SUBMODULES =
      Set.of("collections.abc", "prism_challenge.queue", "torch.random", "torch.signal", "torch.types");

  /**
   * HARDENED: whether {@code from module import name} (module under an allowed root) binds a module that
   * {@code module} merely imported: a categorized blocked root or a standard-library module off the
   * allow-list, unless {@code module.name} is one of {@link #SAME_NAMED_SUBMODULES}.
   */
  static boolean isSmuggledModule(String module, String name) {
    if (SAME_NAMED_SUBMODULES.contains(module + "." + name)) {
      return false;
    }
    return CATEGORIZED_ROOTS.contains(name) || (STDLIB_MODULES.contains(name) && !ALLOWED_IMPORT_ROOTS.contains(name));
  }

  private static Map<String, String> forbiddenAttrs() {
    Map<String, String> m = new HashMap<>();
    for (String a : List.of("__bases__", "__base__", "__closure__", "__code__", "__getattribute__", "__reduce__",
        "__reduce_ex__", "__subclasshook__")) {
      m.put(a, "prism:no-attribute-escape");
    }
    for (String a : List.of("__builtins__", "__class__", "__dict__", "__globals__", "__mro__", "__subclasses__")) {
      m.put(a, "prism:no-dynamic-code");
    }
    m.put("__import__", "prism:no-forbidden-import");
    for (String a : List.of("system", "popen", "spawn", "fork")) {
      m.put(a, "prism:no-process");
    }
    for (String a : List.of("remove", "unlink", "rmdir")) {
      m.put(a, "prism:no-filesystem");
    }
    return Map.copyOf(m);
  }

  private static Set<String> blockedIndirectionNames() {
    Set<String> s = new HashSet<>(FORBIDDEN_ATTRS.keySet());
    s.addAll(FORBIDDEN_CALLS.keySet());
    s.addAll(List.of("Unpickler", "attrgetter", "cpp_extension", "hub", "import_module", "itemgetter", "load", "loads",
        "methodcaller", "save"));
    return Set.copyOf(s);
  }

  private static Set<String> categorizedRoots() {
    Set<String> s = new HashSet<>();
    for (Set<String> category : List.of(NETWORK_ROOTS, FILESYSTEM_ROOTS, PROCESS_ROOTS, FFI_ROOTS, DYNAMIC_IMPORT_ROOTS,
        DESERIALIZATION_ROOTS)) {
      s.addAll(category);
    }
    return Set.copyOf(s);
  }

  /** The rule id for a blocked import root. */
  static String importRule(String root) {
    if (NETWORK_ROOTS.contains(root)) {
      return "prism:no-network";
    }
    if (FILESYSTEM_ROOTS.contains(root)) {
      return "prism:no-filesystem";
    }
    if (PROCESS_ROOTS.contains(root)) {
      return "prism:no-process";
    }
    if (FFI_ROOTS.contains(root)) {
      return "prism:no-ffi";
    }
    if (DYNAMIC_IMPORT_ROOTS.contains(root)) {
      return "prism:no-dynamic-import";
    }
    if (DESERIALIZATION_ROOTS.contains(root)) {
      return "prism:no-deserialization";
    }
    return "prism:no-forbidden-import";
  }

  /** Whether {@code dotted} is, or is under, a blocked torch prefix. */
  static boolean isTorchEscape(String dotted) {
    for (String prefix : BLOCKED_TORCH_PREFIXES) {
      if (dotted.equals(prefix) || dotted.startsWith(prefix + ".")) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> loadStdlib() {
    try (InputStream in = SandboxRules.class.getResourceAsStream("stdlib-module-names-3.11.txt")) {
      if (in == null) {
        throw new IllegalStateException("missing resource stdlib-module-names-3.11.txt");
      }
      Set<String> names = new HashSet<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          names.add(line.strip());
        }
      }
      return Set.copyOf(names);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

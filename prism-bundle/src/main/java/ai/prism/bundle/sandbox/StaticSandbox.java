package ai.prism.bundle.sandbox;

import ai.prism.bundle.Evidence;
import ai.prism.bundle.PythonText;
import ai.prism.bundle.SandboxPolicy;
import ai.prism.bundle.python.Ast;
import ai.prism.bundle.python.PyNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reference's static AST sandbox ({@code inspect_code}, spec §2.2–2.5) over one parsed Python
 * file: a breadth-first walk in {@code ast.walk} order that stops at the first forbidden call or
 * attribute, then the import check after the walk. Under {@link SandboxPolicy#HARDENED} it also closes
 * the gaps listed on that constant.
 */
public final class StaticSandbox {
  private final SandboxPolicy policy;

  /** A sandbox applying {@code policy}. */
  public StaticSandbox(SandboxPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * The local import roots the policy lets through: all of them under {@code REFERENCE}; under
   * {@code HARDENED} none that names a standard-library module or a blocked root.
   */
  public Set<String> effectiveLocalRoots(Set<String> localRoots) {
    if (policy == SandboxPolicy.REFERENCE) {
      return Set.copyOf(localRoots);
    }
    Set<String> kept = new HashSet<>();
    for (String root : localRoots) {
      if (!SandboxRules.STDLIB_MODULES.contains(root) && !SandboxRules.CATEGORIZED_ROOTS.contains(root)) {
        kept.add(root);
      }
    }
    return Set.copyOf(kept);
  }

  /**
   * Inspects {@code tree} (the parse of {@code code}); {@code localRoots} are the bundle's local import
   * roots (filtered by {@link #effectiveLocalRoots}). Returns the fingerprint set and import roots, or
   * throws the first {@link SandboxViolation}.
   */
  public SandboxReport inspect(String code, PyNode tree, Set<String> localRoots, String artifactPath) {
    // HARDENED only adds rejections: a file the reference rejects gets exactly the reference's violation
    SandboxReport reference = new Inspection(SandboxPolicy.REFERENCE, code, tree, Set.copyOf(localRoots), artifactPath).run();
    if (policy == SandboxPolicy.REFERENCE) {
      return reference;
    }
    return new Inspection(policy, code, tree, effectiveLocalRoots(localRoots), artifactPath).run();
  }

  /** One file's inspection under one policy. */
  private static final class Inspection {
    private final SandboxPolicy policy;
    private final String code;
    private final Set<String> localRoots;
    private final String artifactPath;
    private final List<PyNode> nodes;
    private final Set<String> trustedRoots;
    private final Map<String, String> aliases;

    Inspection(SandboxPolicy policy, String code, PyNode tree, Set<String> localRoots, String artifactPath) {
      this.policy = policy;
      this.code = code;
      this.localRoots = localRoots;
      this.artifactPath = artifactPath;
      this.nodes = Ast.walk(tree);
      Set<String> trusted = new HashSet<>(SandboxRules.TRUSTED_PATH_ROOTS);
      trusted.removeAll(shadowedTrustedRoots(nodes));
      this.trustedRoots = trusted;
      this.aliases = policy == SandboxPolicy.HARDENED ? importAliases(nodes) : Map.of();
    }

    SandboxReport run() {
      Set<String> imports = new HashSet<>();
      Set<String> fingerprint = new HashSet<>();
      for (PyNode node : nodes) {
        String type = node.type();
        fingerprint.add(type);
        if (type.equals("ClassDef")) {
          List<String> bases = new ArrayList<>();
          for (PyNode base : node.nodes("bases")) {
            bases.add(DottedName.of(base, DottedName.Style.SANDBOX));
          }
          fingerprint.add("class_base:" + String.join(",", bases));
        } else if (type.equals("FunctionDef")) {
          fingerprint.add("function:" + node.string("name"));
        }
        if (type.equals("Import")) {
          for (PyNode alias : node.nodes("names")) {
            imports.add(root(alias.string("name")));
          }
          if (policy == SandboxPolicy.HARDENED) {
            checkHardenedImport(node);
          }
        } else if (type.equals("ImportFrom")) {
          String module = node.string("module");
          if (module != null && !module.isEmpty()) {
            imports.add(root(module));
          }
          if (policy == SandboxPolicy.HARDENED) {
            checkHardenedImportFrom(node);
          }
        } else if (type.equals("Call") && node.node("func").type().equals("Name")) {
          String name = node.node("func").string("id");
          String rule = SandboxRules.FORBIDDEN_CALLS.get(name);
          if (rule != null) {
            throw violation(node, rule, "forbidden call: " + name, "call " + name + " is not allowed in Prism submissions");
          }
          checkBuiltinIndirection(node, name);
          if (policy == SandboxPolicy.HARDENED) {
            String canonical = canonical(name);
            if (canonical.contains(".")) {
              checkDottedCall(node, canonical);
            }
          }
          fingerprint.add("call:" + name);
        } else if (type.equals("Call")) {
          String dotted = DottedName.of(node.node("func"), DottedName.Style.SANDBOX);
          checkDottedCall(node, dotted);
          String canonical = canonical(dotted);
          if (!canonical.equals(dotted)) {
            checkDottedCall(node, canonical);
          }
          fingerprint.add("call:" + dotted);
        }
        if (type.equals("Attribute")) {
          checkAttribute(node);
        }
      }
      Set<String> blocked = new TreeSet<>(PythonText.CODE_POINT_ORDER);
      blocked.addAll(imports);
      blocked.removeAll(SandboxRules.ALLOWED_IMPORT_ROOTS);
      blocked.removeAll(localRoots);
      if (!blocked.isEmpty()) {
        List<Evidence> evidence = new ArrayList<>();
        for (String root : blocked) {
          evidence.add(importEvidence(root));
        }
        throw new SandboxViolation("forbidden imports: " + String.join(", ", blocked), evidence);
      }
      return new SandboxReport(fingerprint, imports);
    }

    private Evidence importEvidence(String root) {
      String rule = SandboxRules.importRule(root);
      String explanation = "import root " + root + " is not allowed in Prism submissions";
      for (PyNode node : nodes) {
        if (node.type().equals("Import")) {
          for (PyNode alias : node.nodes("names")) {
            if (root(alias.string("name")).equals(root)) {
              return evidence(node, rule, explanation);
            }
          }
        } else if (node.type().equals("ImportFrom")) {
          String module = node.string("module");
          if (module != null && !module.isEmpty() && root(module).equals(root)) {
            return evidence(node, rule, explanation);
          }
        }
      }
      return Evidences.synthetic(rule, artifactPath, "Import", root, explanation);
    }

    private void checkAttribute(PyNode node) {
      String attr = node.string("attr");
      String rule = SandboxRules.FORBIDDEN_ATTRS.get(attr);
      if (rule != null) {
        throw violation(node, rule, "forbidden attribute: " + attr, "attribute " + attr + " is not allowed in Prism submissions");
      }
      String raw = DottedName.of(node, DottedName.Style.SANDBOX);
      String dotted = canonical(raw);
      for (String name : raw.equals(dotted) ? List.of(raw) : List.of(raw, dotted)) {
        if (SandboxRules.isTorchEscape(name)) {
          throw violation(node, "prism:no-torch-escape", "forbidden torch escape: " + name,
              name + " reaches the network or native code through the torch namespace");
        }
      }
      if (policy == SandboxPolicy.HARDENED && SandboxRules.CATEGORIZED_ROOTS.contains(attr)) {
        throw violation(node, SandboxRules.importRule(attr), "forbidden module attribute: " + dotted,
            dotted + " reaches the blocked module " + attr + " through another module");
      }
    }

    private void checkDottedCall(PyNode node, String dotted) {
      if (!dotted.contains(".")) {
        return;
      }
      String root = dotted.substring(0, dotted.indexOf('.'));
      String last = dotted.substring(dotted.lastIndexOf('.') + 1);
      if (SandboxRules.isTorchEscape(dotted)) {
        throw violation(node, "prism:no-torch-escape", "forbidden torch escape: " + dotted,
            dotted + " reaches the network or native code through the torch namespace");
      }
      if (SandboxRules.DYNAMIC_IMPORT_ROOTS.contains(root)) {
        throw violation(node, "prism:no-dynamic-import", "forbidden dynamic import: " + dotted, dotted + " performs a dynamic import");
      }
      if (root.equals("operator") && SandboxRules.OPERATOR_INDIRECTION.contains(last)) {
        throw violation(node, "prism:no-dynamic-attr", "forbidden indirection: " + dotted,
            dotted + " is a string-built attribute indirection");
      }
      if (SandboxRules.DESERIALIZATION_ROOTS.contains(root) && SandboxRules.DESERIALIZATION_CALL_ATTRS.contains(last)) {
        throw violation(node, "prism:no-deserialization", "forbidden deserialization: " + dotted, dotted + " deserializes untrusted data");
      }
      boolean isLoad = policy == SandboxPolicy.HARDENED ? SandboxRules.HARDENED_LOADS.contains(dotted) : dotted.equals("torch.load");
      if (isLoad && !argumentIsTrusted(node, 0)) {
        throw violation(node, "prism:no-deserialization", "forbidden deserialization: torch.load of an external/untrusted path",
            "torch.load may only read from the harness checkpoint/artifacts path");
      }
      boolean isSave = policy == SandboxPolicy.HARDENED ? SandboxRules.HARDENED_SAVES.contains(dotted) : dotted.equals("torch.save");
      if (isSave && !argumentIsTrusted(node, 1)) {
        throw violation(node, "prism:no-filesystem", "forbidden filesystem write: torch.save outside artifacts_dir",
            "torch.save may only write under the harness checkpoint/artifacts path");
      }
    }

    private void checkBuiltinIndirection(PyNode node, String name) {
      if (SandboxRules.NAMESPACE_INTROSPECTION.contains(name)) {
        throw violation(node, "prism:no-dynamic-attr", "forbidden indirection: " + name + "()",
            name + "() namespace introspection is not allowed");
      }
      if (!SandboxRules.INDIRECTION_CALLS.contains(name)) {
        return;
      }
      List<PyNode> args = node.nodes("args");
      if (!args.isEmpty() && referencesBuiltins(args.get(0))) {
        throw violation(node, "prism:no-dynamic-attr", "forbidden indirection: " + name + " on the builtins namespace",
            name + " reaches the builtins namespace");
      }
      if (args.size() >= 2) {
        String attr = constantString(args.get(1));
        if (attr == null) {
          throw violation(node, "prism:no-dynamic-attr", "forbidden indirection: " + name + " with a dynamic attribute name",
              name + " uses a string-built (non-literal) attribute name");
        }
        if (SandboxRules.BLOCKED_INDIRECTION_NAMES.contains(attr)) {
          String quoted = "'" + attr + "'";
          throw violation(node, "prism:no-dynamic-attr", "forbidden indirection: " + name + " to blocked symbol " + quoted,
              name + " reaches the blocked symbol " + quoted);
        }
      }
    }

    private boolean argumentIsTrusted(PyNode call, int index) {
      List<PyNode> args = call.nodes("args");
      return args.size() > index && pathIsTrusted(args.get(index));
    }

    private boolean pathIsTrusted(PyNode node) {
      PyNode current = node;
      while (true) {
        switch (current.type()) {
          case "Name":
            return trustedRoots.contains(current.string("id"));
          case "Attribute":
            return trustedRoots.contains(current.string("attr"));
          case "BinOp":
            current = current.node("left");
            continue;
          case "Subscript":
            current = current.node("value");
            continue;
          default:
            return false;
        }
      }
    }

    // --- HARDENED additions ---

    private void checkHardenedImport(PyNode node) {
      for (PyNode alias : node.nodes("names")) {
        String name = alias.string("name");
        if (SandboxRules.isTorchEscape(name)) {
          throw violation(node, "prism:no-torch-escape", "forbidden torch escape: import " + name,
              name + " reaches the network or native code through the torch namespace");
        }
      }
    }

    private void checkHardenedImportFrom(PyNode node) {
      String module = node.string("module");
      int level = node.get("level") instanceof Number n ? n.intValue() : 0;
      List<String> names = new ArrayList<>();
      node.nodes("names").forEach(alias -> names.add(alias.string("name")));
      if (level > 1) {
        throw violation(node, "prism:no-forbidden-import", "forbidden relative import: " + ".".repeat(level) + (module == null ? "" : module),
            "a relative import may not climb out of the bundle's package");
      }
      if (level == 1) {
        if (module == null || module.isEmpty()) {
          for (String name : names) {
            if (!localRoots.contains(name)) {
              throw violation(node, "prism:no-forbidden-import", "forbidden relative import: from . import " + name,
                  "relative import of " + name + " does not name a module of the bundle");
            }
          }
        }
        return;
      }
      if (module == null) {
        return;
      }
      boolean allowedPackage = SandboxRules.ALLOWED_IMPORT_ROOTS.contains(root(module));
      for (String name : names) {
        String full = module + "." + name;
        if (allowedPackage && SandboxRules.isSmuggledModule(module, name)) {
          throw violation(node, SandboxRules.importRule(name), "forbidden import: from " + module + " import " + name,
              "import of the blocked module " + name + " through the allowed package " + module);
        }
        if (SandboxRules.isTorchEscape(module) || SandboxRules.isTorchEscape(full)) {
          throw violation(node, "prism:no-torch-escape", "forbidden torch escape: from " + module + " import " + name,
              full + " reaches the network or native code through the torch namespace");
        }
        if (SandboxRules.HARDENED_LOADS.contains(full)) {
          throw violation(node, "prism:no-deserialization", "forbidden deserialization: from " + module + " import " + name,
              full + " loads a file outside the path checks of the sandbox");
        }
        if (SandboxRules.HARDENED_SAVES.contains(full)) {
          throw violation(node, "prism:no-filesystem", "forbidden filesystem write: from " + module + " import " + name,
              full + " writes a file outside the path checks of the sandbox");
        }
      }
    }

    /** The dotted name with its first segment replaced by what an import bound it to (HARDENED only). */
    private String canonical(String dotted) {
      if (aliases.isEmpty()) {
        return dotted;
      }
      int dot = dotted.indexOf('.');
      String head = dot < 0 ? dotted : dotted.substring(0, dot);
      String target = aliases.get(head);
      return target == null ? dotted : target + (dot < 0 ? "" : dotted.substring(dot));
    }

    private Evidence evidence(PyNode node, String rule, String explanation) {
      return Evidences.of(code, node, artifactPath, rule, explanation);
    }

    private SandboxViolation violation(PyNode node, String rule, String message, String explanation) {
      return new SandboxViolation(message, List.of(evidence(node, rule, explanation)));
    }
  }

  /** Import bindings that rename a module or member: {@code import a.b as x}, {@code from m import n [as x]}. */
  private static Map<String, String> importAliases(List<PyNode> nodes) {
    Map<String, String> aliases = new HashMap<>();
    for (PyNode node : nodes) {
      if (node.type().equals("Import")) {
        for (PyNode alias : node.nodes("names")) {
          String asname = alias.string("asname");
          if (asname != null && !asname.equals(alias.string("name"))) {
            aliases.put(asname, alias.string("name"));
          }
        }
      } else if (node.type().equals("ImportFrom") && node.string("module") != null
          && node.get("level") instanceof Number n && n.intValue() == 0) {
        for (PyNode alias : node.nodes("names")) {
          String bound = alias.string("asname") != null ? alias.string("asname") : alias.string("name");
          aliases.put(bound, node.string("module") + "." + alias.string("name"));
        }
      }
    }
    return aliases;
  }

  private static String root(String dotted) {
    int dot = dotted.indexOf('.');
    return dot < 0 ? dotted : dotted.substring(0, dot);
  }

  /** Trusted roots rebound anywhere in the file (a {@code Store} name/attribute, or {@code setattr}/{@code delattr}). */
  private static Set<String> shadowedTrustedRoots(List<PyNode> nodes) {
    Set<String> shadowed = new HashSet<>();
    for (PyNode node : nodes) {
      switch (node.type()) {
        case "Name":
          if (isStore(node) && SandboxRules.TRUSTED_PATH_ROOTS.contains(node.string("id"))) {
            shadowed.add(node.string("id"));
          }
          break;
        case "Attribute":
          if (isStore(node) && SandboxRules.TRUSTED_PATH_ROOTS.contains(node.string("attr"))) {
            shadowed.add(node.string("attr"));
          }
          break;
        case "Call":
          PyNode func = node.node("func");
          if (func.type().equals("Name") && (func.string("id").equals("setattr") || func.string("id").equals("delattr"))
              && node.nodes("args").size() >= 2) {
            String attr = constantString(node.nodes("args").get(1));
            if (attr != null && SandboxRules.TRUSTED_PATH_ROOTS.contains(attr)) {
              shadowed.add(attr);
            }
          }
          break;
        default:
          break;
      }
    }
    return shadowed;
  }

  private static boolean isStore(PyNode node) {
    PyNode ctx = node.node("ctx");
    return ctx != null && ctx.type().equals("Store");
  }

  private static boolean referencesBuiltins(PyNode node) {
    if (node.type().equals("Name")) {
      String id = node.string("id");
      return id.equals("__builtins__") || id.equals("builtins");
    }
    if (node.type().equals("Attribute")) {
      String attr = node.string("attr");
      return attr.equals("__builtins__") || attr.equals("builtins");
    }
    return false;
  }

  /** The reference's {@code _const_str}: a str literal, a {@code +} of constant strings, or an f-string of literal parts. */
  static String constantString(PyNode node) {
    switch (node.type()) {
      case "Constant":
        return node.get("value") instanceof String s ? s : null;
      case "BinOp":
        if (!node.node("op").type().equals("Add")) {
          return null;
        }
        String left = constantString(node.node("left"));
        String right = constantString(node.node("right"));
        return left != null && right != null ? left + right : null;
      case "JoinedStr":
        StringBuilder out = new StringBuilder();
        for (PyNode value : node.nodes("values")) {
          if (value.type().equals("Constant") && value.get("value") instanceof String s) {
            out.append(s);
          } else {
            return null;
          }
        }
        return out.toString();
      default:
        return null;
    }
  }

  /** Whether a constant equals zero and is not a bool ({@code 0}, {@code 0.0}, {@code 0j}). */
  static boolean isZero(Object value) {
    if (value instanceof BigInteger i) {
      return i.signum() == 0;
    }
    if (value instanceof Double d) {
      return d == 0.0;
    }
    if (value instanceof ai.prism.bundle.python.PyConstant.Imaginary c) {
      return c.imag() == 0.0;
    }
    return false;
  }
}

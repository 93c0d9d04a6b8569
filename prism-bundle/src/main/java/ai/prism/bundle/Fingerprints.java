package ai.prism.bundle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The reference's hashes of a resolved bundle (spec §1.5), bit-identical for a CPython 3.11 reference.
 *
 * @param files path to SHA-256 of each snapshot file's text, snapshot order
 * @param codeHash the intake {@code code_hash}: SHA-256 of the submitted {@code code} string (the base64
 *     text of a zip); {@code null} for a directory snapshot, which has no submitted string
 * @param archFingerprint the architecture component fingerprint ({@code family_hash}, {@code arch_hash})
 * @param trainingHash the training component fingerprint
 * @param snapshotFingerprint SHA-256 of the duplicate detector's sorted features and shingles
 * @param entrypointCodeHash SHA-256 of the architecture entrypoint's text ({@code PRISM_CODE_HASH})
 * @param architectureGraphHash SHA-256 of the architecture graph's canonical JSON
 */
public record Fingerprints(
    Map<String, String> files,
    String codeHash,
    String archFingerprint,
    String trainingHash,
    String snapshotFingerprint,
    String entrypointCodeHash,
    String architectureGraphHash) {

  /** Copies the file map (keeping its order). */
  public Fingerprints {
    files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
    Objects.requireNonNull(archFingerprint, "archFingerprint");
    Objects.requireNonNull(trainingHash, "trainingHash");
    Objects.requireNonNull(snapshotFingerprint, "snapshotFingerprint");
    Objects.requireNonNull(entrypointCodeHash, "entrypointCodeHash");
    Objects.requireNonNull(architectureGraphHash, "architectureGraphHash");
  }

  /** The fingerprints of {@code bundle} (CPython 3.11 trees); {@code codeHash} may be {@code null}. */
  public static Fingerprints of(ResolvedBundle bundle, String codeHash) {
    SourceTrees trees = new SourceTrees(ai.prism.bundle.python.PythonVersion.PY311);
    return of(bundle, SnapshotFeatures.of(bundle.snapshot(), trees), codeHash, trees);
  }

  static Fingerprints of(ResolvedBundle bundle, SnapshotFeatures features, String codeHash, SourceTrees trees) {
    Map<String, String> files = new LinkedHashMap<>();
    bundle.snapshot().files().forEach(f -> files.put(f.path(), f.sha256()));
    return new Fingerprints(files, codeHash,
        componentFingerprint(bundle.snapshot(), bundle.architectureFiles(), trees),
        componentFingerprint(bundle.snapshot(), bundle.trainingFiles(), trees),
        features.fingerprint(),
        PythonText.sha256Hex(bundle.architectureSource()),
        ArchitectureGraph.hash(bundle.snapshot(), bundle.architectureFiles(), trees));
  }

  /**
   * {@code F(files)}: paths relative to a shared first segment, each part {@code path + "\n" + content}
   * where a parsable {@code .py} file contributes its {@code ast.dump(tree, False, False)}, parts joined by
   * {@code "\n---\n"}, hashed.
   */
  static String componentFingerprint(Snapshot snapshot, List<String> paths, SourceTrees trees) {
    String root = sharedRoot(paths);
    List<String> sorted = new java.util.ArrayList<>(paths);
    sorted.sort(PythonText.CODE_POINT_ORDER);
    List<String> parts = new java.util.ArrayList<>();
    for (String path : sorted) {
      String content = snapshot.file(path).orElseThrow().content();
      if (path.endsWith(".py")) {
        try {
          content = trees.dump(content);
        } catch (ai.prism.bundle.python.PythonSyntaxException e) {
          if (e.kind() == ai.prism.bundle.python.PythonSyntaxException.Kind.TOO_DEEPLY_NESTED) {
            throw new ContractException(e.msg(), e);
          }
          // unparsable: the raw text stands in
        }
      }
      String rel = !root.isEmpty() && path.startsWith(root + "/") ? path.substring(root.length() + 1) : path;
      parts.add(rel + "\n" + content);
    }
    return PythonText.sha256Hex(String.join("\n---\n", parts));
  }

  private static String sharedRoot(List<String> paths) {
    java.util.Set<String> roots = new java.util.HashSet<>();
    for (String path : paths) {
      int slash = path.indexOf('/');
      if (slash >= 0) {
        roots.add(path.substring(0, slash));
      }
    }
    if (roots.size() != 1) {
      return "";
    }
    String root = roots.iterator().next();
    return paths.stream().allMatch(p -> p.startsWith(root + "/")) ? root : "";
  }
}

package ai.prism.bundle;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A snapshot resolved into the two-script contract (spec §1.3–1.4): the project kind and id from
 * {@code prism.yaml}, the architecture and training entrypoints with their symbols and component
 * files, the recorded (and otherwise ignored) {@code tokenizer} value, and the local import roots.
 *
 * @param snapshot the snapshot it was resolved from
 * @param kind {@code full}, {@code architecture_only} or {@code training_for_arch}
 * @param architectureId {@code str(architecture_id)} when truthy, else {@code null}
 * @param architectureEntrypoint snapshot path of the architecture script
 * @param trainingEntrypoint snapshot path of the training script
 * @param buildModelSymbol the factory function name (default {@code build_model})
 * @param trainSymbol the training function name (default {@code train})
 * @param architectureFiles the architecture component's files (entrypoint plus declared files), snapshot order
 * @param trainingFiles the training component's files, snapshot order
 * @param manifestPath the {@code prism.yaml}/{@code prism.yml} path, or {@code null} without one
 * @param manifest the loaded {@code prism.yaml} mapping (empty without one); unknown keys are kept, unused
 * @param tokenizer {@code str()} of the manifest's {@code tokenizer} value, or {@code null}; recorded only
 * @param localImportRoots the stem of every {@code .py} file except {@code __init__}, as the reference computes them
 */
public record ResolvedBundle(
    Snapshot snapshot,
    String kind,
    String architectureId,
    String architectureEntrypoint,
    String trainingEntrypoint,
    String buildModelSymbol,
    String trainSymbol,
    List<String> architectureFiles,
    List<String> trainingFiles,
    String manifestPath,
    Map<Object, Object> manifest,
    String tokenizer,
    Set<String> localImportRoots) {

  /** Validates and copies the collections. */
  public ResolvedBundle {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(architectureEntrypoint, "architectureEntrypoint");
    Objects.requireNonNull(trainingEntrypoint, "trainingEntrypoint");
    Objects.requireNonNull(buildModelSymbol, "buildModelSymbol");
    Objects.requireNonNull(trainSymbol, "trainSymbol");
    architectureFiles = List.copyOf(architectureFiles);
    trainingFiles = List.copyOf(trainingFiles);
    manifest = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(manifest));
    localImportRoots = Set.copyOf(localImportRoots);
  }

  /** The architecture entrypoint's source text. */
  public String architectureSource() {
    return snapshot.file(architectureEntrypoint).orElseThrow().content();
  }

  /** The training entrypoint's source text. */
  public String trainingSource() {
    return snapshot.file(trainingEntrypoint).orElseThrow().content();
  }
}

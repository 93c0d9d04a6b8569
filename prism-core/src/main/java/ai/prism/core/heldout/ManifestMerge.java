package ai.prism.core.heldout;

import ai.prism.core.PrismException;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.JsonValue;
import ai.prism.core.json.Python;
import ai.prism.core.manifest.AntiCheatBlock;
import ai.prism.core.manifest.MetricsBlock;
import ai.prism.core.manifest.RunManifest;
import ai.prism.core.manifest.ScoreBlock;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The host's merge of held-out values into the manifest (spec §5.4, §5.7, §7.3): the metrics keys
 * with their aliases, the anti-cheat memorization fields, then a re-score whose block replaces the
 * runner's {@code score} block (spec §5.5); a re-score failure keeps the old block. Also reads the
 * run's train side the way the reference's host does.
 */
final class ManifestMerge {
  private ManifestMerge() {}

  /** The manifest with {@code result} merged (blocks that are not JSON objects are left alone). */
  static RunManifest merge(RunManifest manifest, HeldoutResult result) {
    RunManifest merged = manifest;
    Optional<MetricsBlock> metrics = manifest.metrics();
    if (metrics.isPresent()) {
      MetricsBlock.Builder b = metrics.get().toBuilder()
          .valBpbTrained(result.valBpbTrained())
          .valBpbRandomInit(result.valBpbRandomInit())
          .heldoutDelta(result.heldoutDelta())
          .memorizationFlag(result.memorizationFlag())
          .valBpbBasis(result.valBpbBasis())
          .valCoveredBytes(result.valCoveredBytes());
      if (result.trainBpbBasis() != null) {
        b.trainBpbBasis(result.trainBpbBasis());
      }
      if (result.trainBpbConverged() != null) {
        b.trainBpbConverged(result.trainBpbConverged());
      }
      if (result.gapBasis() != null) {
        b.gapBasis(result.gapBasis());
      }
      if (result.trainHeldoutGap() != null) {
        b.trainHeldoutGap(result.trainHeldoutGap());
      }
      merged = merged.withMetrics(b.build());
    }
    Optional<AntiCheatBlock> antiCheat = manifest.antiCheat();
    if (antiCheat.isPresent()) {
      AntiCheatBlock.Builder b = antiCheat.get().toBuilder().memorizationFlag(result.memorizationFlag());
      if (result.trainHeldoutGap() != null) {
        b.memorizationGap(result.trainHeldoutGap());
      }
      merged = merged.withAntiCheat(b.build());
    }
    return merged;
  }

  /** Outcome of the re-score: the manifest to keep and, when it failed, why. */
  record Rescored(RunManifest manifest, String failure) {}

  /** {@code merged} with its score block replaced by {@code rescorer}'s, or unchanged with the reason. */
  static Rescored rescore(RunManifest merged, Rescorer rescorer) {
    if (rescorer == null) {
      return new Rescored(merged, "no Rescorer was given and none is registered on the class path (add prism-scoring)");
    }
    try {
      ScoreBlock block = rescorer.rescore(merged);
      if (block == null) {
        return new Rescored(merged, "the rescorer returned no score block");
      }
      return new Rescored(merged.withScore(block), null);
    } catch (PrismException e) {
      return new Rescored(merged, e.getMessage());
    }
  }

  /** The first {@link Rescorer} service on the class path, or null. */
  static Rescorer discoverRescorer() {
    return ServiceLoader.load(Rescorer.class, Rescorer.class.getClassLoader()).findFirst().orElse(null);
  }

  /**
   * The run's prequential train bpb as the reference's host reads it: in {@code metrics}, then
   * {@code score}, the value of {@code prequential_bpb} when that key is present (even if null),
   * else of {@code bits_per_byte}, when it is a number and not a bool.
   */
  static Double prequentialBpb(RunManifest manifest) {
    for (String block : List.of("metrics", "score")) {
      Optional<JsonObject> o = manifest.json().object(block);
      if (o.isEmpty()) {
        continue;
      }
      JsonValue value = o.get().has("prequential_bpb") ? o.get().get("prequential_bpb") : o.get().get("bits_per_byte");
      if (Python.isNumber(value)) {
        return Python.toFloat(value);
      }
    }
    return null;
  }

  /** The run's {@code train_bpb_basis}: the first non-empty string in {@code metrics}, then {@code score}. */
  static String trainBpbBasis(RunManifest manifest) {
    for (String block : List.of("metrics", "score")) {
      Optional<JsonObject> o = manifest.json().object(block);
      if (o.isPresent() && o.get().get("train_bpb_basis") instanceof JsonString s && !s.value().isEmpty()) {
        return s.value();
      }
    }
    return null;
  }
}

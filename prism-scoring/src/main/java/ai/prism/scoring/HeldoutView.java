package ai.prism.scoring;

import ai.prism.core.json.JsonFloat;
import ai.prism.core.json.JsonInt;
import ai.prism.core.json.JsonNull;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.JsonValue;
import ai.prism.core.json.Python;
import java.util.OptionalDouble;

/**
 * The held-out delta and memorization gap as the scorer reads them from a manifest (spec §6.3):
 * keys are looked up in {@code metrics} first, then {@code score}; the gap is gated on comparable
 * tokenizer bases unless a converged train reference exists.
 */
record HeldoutView(
    OptionalDouble delta,
    OptionalDouble valBpbTrained,
    OptionalDouble valBpbRandomInit,
    OptionalDouble gap,
    boolean memorizationFlag,
    double penalty,
    OptionalDouble trainBpbConverged,
    String gapBasis) {

  static HeldoutView read(JsonObject manifest, JsonObject metrics, JsonObject antiCheat, double bpb) {
    JsonObject score = manifest.get("score") instanceof JsonObject s ? s : JsonObject.EMPTY;
    OptionalDouble delta = asFloat(lookup(metrics, score, "heldout_delta", "held_out_delta"));
    OptionalDouble valTrained = asFloat(lookup(metrics, score, "val_bpb_trained"));
    OptionalDouble valRandom = asFloat(lookup(metrics, score, "val_bpb_random_init"));
    OptionalDouble converged = asFloat(lookup(metrics, score, "train_bpb_converged"));
    String gapBasis = asString(lookup(metrics, score, "gap_basis"));
    boolean isConverged = "converged".equals(gapBasis) || converged.isPresent();
    String trainBasis = asString(lookup(metrics, score, "train_bpb_basis"));
    String valBasis = asString(lookup(metrics, score, "val_bpb_basis"));
    boolean comparable =
        isConverged || trainBasis == null || valBasis == null || trainBasis.equals(valBasis);
    OptionalDouble gap = asFloat(lookup(metrics, score, "train_heldout_gap", "train_val_gap"));
    if (!comparable) {
      gap = OptionalDouble.empty();
    } else if (gap.isEmpty() && valTrained.isPresent()) {
      double reference = converged.isPresent() ? converged.getAsDouble() : bpb;
      if (Double.isFinite(reference)) {
        gap = OptionalDouble.of(valTrained.getAsDouble() - reference);
      }
    }
    boolean explicit =
        Python.truthy(metrics.get("memorization_flag"))
            || Python.truthy(score.get("memorization_flag"))
            || Python.truthy(antiCheat.get("memorization_flag"));
    boolean flagged =
        comparable
            && (explicit
                || (gap.isPresent() && gap.getAsDouble() > PrequentialScorer.MEMORIZATION_GAP_THRESHOLD_BPB));
    double penalty = flagged ? PrequentialScorer.MEMORIZATION_PENALTY_FACTOR : 1.0;
    return new HeldoutView(delta, valTrained, valRandom, gap, flagged, penalty, converged,
        isConverged ? "converged" : gapBasis);
  }

  /** The first non-null value among {@code keys} in {@code metrics}, then in {@code score}. */
  private static Lookup lookup(JsonObject metrics, JsonObject score, String... keys) {
    Lookup found = lookupIn(metrics, "metrics", keys);
    return found != null ? found : lookupIn(score, "score", keys);
  }

  private static Lookup lookupIn(JsonObject block, String name, String... keys) {
    for (String key : keys) {
      JsonValue v = block.get(key);
      if (v != null && !(v instanceof JsonNull)) {
        return new Lookup(v, name + "." + key);
      }
    }
    return null;
  }

  private record Lookup(JsonValue value, String where) {}

  /** A non-bool number converted to float, when finite (an int too large for a float is an error). */
  private static OptionalDouble asFloat(Lookup found) {
    if (found == null) {
      return OptionalDouble.empty();
    }
    double d;
    if (found.value() instanceof JsonFloat f) {
      d = f.value();
    } else if (found.value() instanceof JsonInt i) {
      d = Py.toFloat(i.value(), found.where());
    } else {
      return OptionalDouble.empty();
    }
    return Double.isFinite(d) ? OptionalDouble.of(d) : OptionalDouble.empty();
  }

  private static String asString(Lookup found) {
    return found != null && found.value() instanceof JsonString s && !s.value().isEmpty()
        ? s.value()
        : null;
  }
}

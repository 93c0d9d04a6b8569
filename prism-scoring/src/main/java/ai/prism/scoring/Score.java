package ai.prism.scoring;

import ai.prism.core.json.JsonArray;
import ai.prism.core.json.JsonBool;
import ai.prism.core.json.JsonFloat;
import ai.prism.core.json.JsonInt;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.JsonValue;
import ai.prism.core.manifest.ScoreBlock;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The prequential bits-per-byte score of one run (the reference's {@code PrequentialBpbScore}):
 * bpb, {@code final_score} (higher is better), the anti-cheat multiplier, flags and the held-out
 * values. {@link #metricsPayload()} and {@link #manifestScoreBlock()} give the reference's two
 * serialized forms with its field names. Optional values are empty where the reference has None.
 *
 * @param bpb prequential bits per byte
 * @param finalScore {@code (base × penalty + tie) × multiplier}, before the submission-level
 *     anti-cheat clamp
 * @param coveredBytes raw UTF-8 bytes covered (Python {@code int}, any size)
 * @param tokensConsumed predicted tokens (Python {@code int}, any size)
 * @param step0Loss the manifest's {@code step0_loss} when it is a number (a bool counts, as in the
 *     reference)
 */
public record Score(
    double bpb,
    double finalScore,
    BigInteger coveredBytes,
    double sumNegLog2LikelihoodBits,
    double cumulativeCodelengthBits,
    BigInteger tokensConsumed,
    int onlineLossSamples,
    OptionalDouble step0Loss,
    double antiCheatMultiplier,
    boolean anomaly,
    List<Flag> flags,
    OptionalDouble heldoutDelta,
    OptionalDouble valBpbTrained,
    OptionalDouble valBpbRandomInit,
    OptionalDouble trainHeldoutGap,
    boolean memorizationFlag,
    double memorizationPenalty,
    OptionalDouble trainBpbConverged,
    Optional<String> gapBasis) {

  /** A reason a score was flagged; always listed in this order. */
  public enum Flag {
    /** bpb above the sanity band (scored anyway, as the reference does). */
    BPB_OUT_OF_BAND("bpb_out_of_band"),
    /** Impossibly low step-0 loss: the multiplier is 0. */
    STEP0_ANOMALY("step0_anomaly"),
    /** Some batch produced a non-finite loss. */
    NAN_INF_DETECTED("nan_inf_detected"),
    /** The train-vs-held-out gap (or an explicit flag) marks memorization: penalty 0.5. */
    MEMORIZATION_GAP("memorization_gap");

    private final String wireName;

    Flag(String wireName) {
      this.wireName = wireName;
    }

    /** The flag as the reference writes it. */
    public String wireName() {
      return wireName;
    }
  }

  /** Rejects null components and copies the flag list. */
  public Score {
    Objects.requireNonNull(coveredBytes, "coveredBytes");
    Objects.requireNonNull(tokensConsumed, "tokensConsumed");
    Objects.requireNonNull(step0Loss, "step0Loss");
    flags = List.copyOf(flags);
    Objects.requireNonNull(heldoutDelta, "heldoutDelta");
    Objects.requireNonNull(valBpbTrained, "valBpbTrained");
    Objects.requireNonNull(valBpbRandomInit, "valBpbRandomInit");
    Objects.requireNonNull(trainHeldoutGap, "trainHeldoutGap");
    Objects.requireNonNull(trainBpbConverged, "trainBpbConverged");
    Objects.requireNonNull(gapBasis, "gapBasis");
  }

  /** The flags as the reference writes them. */
  public List<String> flagNames() {
    return flags.stream().map(Flag::wireName).toList();
  }

  /**
   * The flat metrics of the scores row, in the reference's key order: counts are floats, {@code
   * step0_anomaly} and {@code memorization_flag} are 0.0/1.0, held-out keys only when present.
   *
   * @throws ScoreValidationException when {@code tokens_consumed} is too large for a float (the
   *     reference raises OverflowError here)
   */
  public JsonObject metricsPayload() {
    Map<String, JsonValue> m = new LinkedHashMap<>();
    m.put("prequential_bpb", new JsonFloat(bpb));
    m.put("bits_per_byte", new JsonFloat(bpb));
    m.put("final_score", new JsonFloat(finalScore));
    JsonFloat covered = new JsonFloat(Py.toFloat(coveredBytes, "covered_bytes"));
    m.put("total_bytes_covered", covered);
    m.put("covered_bytes", covered);
    m.put("sum_neg_log2_likelihood_bits", new JsonFloat(sumNegLog2LikelihoodBits));
    m.put("cumulative_codelength_bits", new JsonFloat(cumulativeCodelengthBits));
    m.put("tokens_consumed", new JsonFloat(Py.toFloat(tokensConsumed, "tokens_consumed")));
    m.put("online_loss_samples", new JsonFloat(onlineLossSamples));
    m.put("anti_cheat_multiplier", new JsonFloat(antiCheatMultiplier));
    m.put("step0_anomaly", new JsonFloat(anomaly ? 1.0 : 0.0));
    m.put("memorization_flag", new JsonFloat(memorizationFlag ? 1.0 : 0.0));
    m.put("memorization_penalty", new JsonFloat(memorizationPenalty));
    putHeldout(m, true);
    return new JsonObject(m);
  }

  /**
   * The scorer's {@code score} block that replaces the runner's after held-out evaluation (spec
   * §5.5), in the reference's key order; it never carries {@code train_bpb_basis}.
   */
  public ScoreBlock manifestScoreBlock() {
    Map<String, JsonValue> b = new LinkedHashMap<>();
    b.put("schema", new JsonString(ScoreBlock.SCHEMA));
    b.put("primary_metric", new JsonString("prequential_bpb"));
    b.put("prequential_bpb", new JsonFloat(bpb));
    b.put("bits_per_byte", new JsonFloat(bpb));
    b.put("final_score", new JsonFloat(finalScore));
    b.put("lower_is_better", JsonBool.TRUE);
    b.put("covered_bytes", new JsonInt(coveredBytes));
    b.put("total_bytes_covered", new JsonInt(coveredBytes));
    b.put("sum_neg_log2_likelihood_bits", new JsonFloat(sumNegLog2LikelihoodBits));
    b.put("cumulative_codelength_bits", new JsonFloat(cumulativeCodelengthBits));
    b.put("tokens_consumed", new JsonInt(tokensConsumed));
    b.put("compute_normalization", new JsonString("tokens_bytes"));
    b.put("wall_clock_term", JsonBool.FALSE);
    b.put("anti_cheat_multiplier", new JsonFloat(antiCheatMultiplier));
    b.put("anomaly", JsonBool.of(anomaly));
    b.put("flags", new JsonArray(flags.stream().map(f -> (JsonValue) new JsonString(f.wireName)).toList()));
    b.put("tie_breaker", new JsonString("heldout_delta"));
    b.put("memorization_flag", JsonBool.of(memorizationFlag));
    b.put("memorization_penalty", new JsonFloat(memorizationPenalty));
    b.put("miner_reported_ignored", JsonBool.TRUE);
    putHeldout(b, false);
    return new ScoreBlock(new JsonObject(b));
  }

  /** Held-out keys present in both forms; the payload also carries the {@code train_val_gap} alias. */
  private void putHeldout(Map<String, JsonValue> m, boolean payload) {
    heldoutDelta.ifPresent(d -> {
      m.put("heldout_delta", new JsonFloat(d));
      m.put("held_out_delta", new JsonFloat(d));
    });
    valBpbTrained.ifPresent(v -> m.put("val_bpb_trained", new JsonFloat(v)));
    valBpbRandomInit.ifPresent(v -> m.put("val_bpb_random_init", new JsonFloat(v)));
    trainHeldoutGap.ifPresent(g -> {
      m.put("train_heldout_gap", new JsonFloat(g));
      if (payload) {
        m.put("train_val_gap", new JsonFloat(g));
      }
    });
    trainBpbConverged.ifPresent(c -> m.put("train_bpb_converged", new JsonFloat(c)));
    gapBasis.ifPresent(g -> m.put("gap_basis", new JsonString(g)));
  }
}

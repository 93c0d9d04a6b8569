package ai.prism.scoring;

import ai.prism.core.json.JsonArray;
import ai.prism.core.json.JsonBool;
import ai.prism.core.json.JsonFloat;
import ai.prism.core.json.JsonInt;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonValue;
import ai.prism.core.json.Python;
import ai.prism.core.manifest.RunManifest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Scores a run manifest exactly as the reference's {@code score_prequential_bpb} (spec §6.1–6.4):
 * bpb = captured NLL bits over covered bytes, {@code final_score = (1/(1+bpb) × penalty + tie) ×
 * multiplier} with the bounded held-out tie-break, the memorization penalty and the step-0
 * anti-cheat multiplier. Reads the manifest's raw JSON with Python's conversion rules, quirks
 * included (see the module README); where the reference would crash with a raw exception it throws
 * {@link ScoreValidationException} instead. Stateless and thread-safe.
 */
public final class PrequentialScorer {
  /** Bits per nat: {@code 1 / ln 2} (the scorer multiplies; the runner divides by {@code ln 2}). */
  public static final double NATS_TO_BITS = 1.0 / StrictMath.log(2.0);
  /** Above this bpb a run is flagged {@code bpb_out_of_band} (and still scored). */
  public static final double BPB_SANE_MAX = 64.0;
  /** Upper bound of the held-out tie-break term. */
  public static final double HELDOUT_DELTA_TIE_BREAK_WEIGHT = 1e-3;
  /** The bpb band within which the held-out delta may reorder runs. */
  public static final double HELDOUT_DELTA_BPB_EPSILON = 5e-3;
  /** A train-vs-held-out gap strictly above this flags memorization. */
  public static final double MEMORIZATION_GAP_THRESHOLD_BPB = 1.0;
  /** The factor a memorizing run's base score is multiplied by. */
  public static final double MEMORIZATION_PENALTY_FACTOR = 0.5;

  private final double bpbSaneMax;

  /** A scorer with the reference's sanity band ({@value #BPB_SANE_MAX}). */
  public PrequentialScorer() {
    this(BPB_SANE_MAX);
  }

  /** A scorer with another sanity band (the reference's {@code sane_max} argument). */
  public PrequentialScorer(double bpbSaneMax) {
    this.bpbSaneMax = bpbSaneMax;
  }

  /** Scores a manifest. @throws ScoreValidationException when the run cannot be scored */
  public Score score(RunManifest manifest) {
    return score(manifest.json());
  }

  /** Scores the JSON object of a manifest. @throws ScoreValidationException as above */
  public Score score(JsonObject manifest) {
    if (!(manifest.get("metrics") instanceof JsonObject metrics)) {
      throw new ScoreValidationException("v2 manifest is missing a metrics block");
    }
    BigInteger coveredBytes = coveredBytes(manifest, metrics);
    if (coveredBytes.signum() <= 0) {
      throw new ScoreValidationException("prequential scoring requires covered_bytes > 0");
    }
    JsonValue natsValue = metrics.get("sum_neg_log_likelihood_nats");
    double nats =
        natsValue == null ? 0.0 : Py.toFloat(natsValue, "metrics.sum_neg_log_likelihood_nats");
    int samples = metrics.get("online_loss") instanceof JsonArray a ? a.size() : 0;
    if (samples == 0) {
      throw new ScoreValidationException(
          "prequential scoring requires a captured online-loss stream");
    }
    double bits = nats * NATS_TO_BITS;
    double bpb = bits / Py.toFloat(coveredBytes, "covered_bytes");
    if (!Double.isFinite(bpb)) {
      throw new ScoreValidationException("prequential bpb is not finite");
    }
    if (bpb <= 0.0) {
      throw new ScoreValidationException("prequential bpb must be positive");
    }
    List<Score.Flag> flags = new ArrayList<>(4);
    if (bpb > bpbSaneMax) {
      flags.add(Score.Flag.BPB_OUT_OF_BAND);
    }
    JsonObject antiCheat =
        manifest.get("anti_cheat") instanceof JsonObject o ? o : JsonObject.EMPTY;
    boolean step0Anomaly = Python.truthy(antiCheat.get("step0_anomaly"));
    if (step0Anomaly) {
      flags.add(Score.Flag.STEP0_ANOMALY);
    }
    if (Python.truthy(antiCheat.get("nan_inf_detected"))) {
      flags.add(Score.Flag.NAN_INF_DETECTED);
    }
    double multiplier = step0Anomaly ? 0.0 : 1.0;
    HeldoutView heldout = HeldoutView.read(manifest, metrics, antiCheat, bpb);
    if (heldout.memorizationFlag()) {
      flags.add(Score.Flag.MEMORIZATION_GAP);
    }
    double base = bpbToFinalScore(bpb);
    double tie = tieBreak(bpb, heldout.delta(), heldout.penalty());
    double finalScore = (base * heldout.penalty() + tie) * multiplier;
    BigInteger tokens = tokensConsumed(metrics);
    JsonValue step0 = metrics.get("step0_loss"); // isinstance(v, int | float): a bool counts
    OptionalDouble step0Loss =
        Python.isNumber(step0) || step0 instanceof JsonBool
            ? OptionalDouble.of(Py.toFloat(step0, "metrics.step0_loss"))
            : OptionalDouble.empty();
    return new Score(bpb, finalScore, coveredBytes, bits, bits, tokens, samples, step0Loss,
        multiplier, step0Anomaly, flags, heldout.delta(), heldout.valBpbTrained(),
        heldout.valBpbRandomInit(), heldout.gap(), heldout.memorizationFlag(), heldout.penalty(),
        heldout.trainBpbConverged(), Optional.ofNullable(heldout.gapBasis()));
  }

  /** The monotone transform {@code 1 / (1 + max(0, bpb))}: lower bpb, higher score. */
  public static double bpbToFinalScore(double bpb) {
    return 1.0 / (1.0 + Py.max(0.0, bpb));
  }

  /**
   * The bounded held-out tie-break (spec §6.4): {@code cap × tanh(delta)} with {@code cap =
   * min(1e-3 × w, 0.5 × w × max(0, f(bpb) − f(bpb + 0.005)))}, {@code w = max(0, penalty)}; zero
   * without a delta.
   */
  static double tieBreak(double bpb, OptionalDouble delta, double penalty) {
    if (delta.isEmpty()) {
      return 0.0;
    }
    double resolution = bpbToFinalScore(bpb) - bpbToFinalScore(bpb + HELDOUT_DELTA_BPB_EPSILON);
    double weight = Py.max(0.0, penalty);
    double cap =
        Py.min(HELDOUT_DELTA_TIE_BREAK_WEIGHT * weight, 0.5 * weight * Py.max(0.0, resolution));
    return cap * StrictMath.tanh(delta.getAsDouble());
  }

  /**
   * The first non-bool number among {@code metrics.covered_bytes} and {@code data.covered_bytes},
   * truncated like Python {@code int()}; 0 when neither is a number.
   */
  private static BigInteger coveredBytes(JsonObject manifest, JsonObject metrics) {
    JsonValue data = manifest.get("data");
    for (JsonObject source :
        data instanceof JsonObject d ? List.of(metrics, d) : List.of(metrics)) {
      JsonValue value = source.get("covered_bytes");
      if (value instanceof JsonInt i) {
        return i.value();
      }
      if (value instanceof JsonFloat f) {
        String where = (source == metrics ? "metrics" : "data") + ".covered_bytes";
        return Py.toInt(f, where);
      }
    }
    return BigInteger.ZERO;
  }

  /**
   * {@code int(metrics.get("predicted_tokens", metrics.get("tokens_seen", 0)) or 0)}: a present
   * {@code predicted_tokens} wins even when null, a falsy value is 0.
   */
  private static BigInteger tokensConsumed(JsonObject metrics) {
    String key = metrics.has("predicted_tokens") ? "predicted_tokens" : "tokens_seen";
    JsonValue value = metrics.get(key);
    if (!Python.truthy(value)) {
      return BigInteger.ZERO;
    }
    return Py.toInt(value, "metrics." + key);
  }
}

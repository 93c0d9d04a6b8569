package ai.prism.core.manifest;

import static ai.prism.core.manifest.FieldSpec.optional;
import static ai.prism.core.manifest.FieldSpec.required;
import static ai.prism.core.manifest.FieldSpec.requiredNullable;

import ai.prism.core.json.JsonBool;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.manifest.ManifestProblem.Kind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The {@code score} block (spec §5.5) in either form: the runner-authored block (carries {@code
 * train_bpb_basis}) or the scorer's replacement block the host writes after held-out evaluation
 * (carries {@code flags}, {@code tie_breaker} and the memorization fields). A lossless view of the
 * JSON object, like every block.
 */
public record ScoreBlock(JsonObject json) {
  /** The {@code schema} value of every score block. */
  public static final String SCHEMA = "prism_score.v2";

  static final FieldSpec SCHEMA_FIELD = required("schema", FieldType.STR);
  static final FieldSpec PRIMARY_METRIC = required("primary_metric", FieldType.STR);
  static final FieldSpec PREQUENTIAL_BPB = requiredNullable("prequential_bpb", FieldType.FLOAT);
  static final FieldSpec BITS_PER_BYTE = requiredNullable("bits_per_byte", FieldType.FLOAT);
  static final FieldSpec FINAL_SCORE = requiredNullable("final_score", FieldType.FLOAT);
  static final FieldSpec LOWER_IS_BETTER = required("lower_is_better", FieldType.BOOL);
  static final FieldSpec COVERED_BYTES = required("covered_bytes", FieldType.INT);
  static final FieldSpec TOTAL_BYTES_COVERED = required("total_bytes_covered", FieldType.INT);
  static final FieldSpec SUM_NLL_BITS = required("sum_neg_log2_likelihood_bits", FieldType.FLOAT);
  static final FieldSpec CUMULATIVE_CODELENGTH_BITS =
      required("cumulative_codelength_bits", FieldType.FLOAT);
  static final FieldSpec TOKENS_CONSUMED = required("tokens_consumed", FieldType.INT);
  static final FieldSpec COMPUTE_NORMALIZATION = required("compute_normalization", FieldType.STR);
  static final FieldSpec WALL_CLOCK_TERM = required("wall_clock_term", FieldType.BOOL);
  static final FieldSpec ANTI_CHEAT_MULTIPLIER = required("anti_cheat_multiplier", FieldType.FLOAT);
  static final FieldSpec ANOMALY = required("anomaly", FieldType.BOOL);
  static final FieldSpec MINER_REPORTED_IGNORED = required("miner_reported_ignored", FieldType.BOOL);
  // Runner form only.
  static final FieldSpec TRAIN_BPB_BASIS = optional("train_bpb_basis", FieldType.STR);
  // Scorer (replacement) form only.
  static final FieldSpec FLAGS = optional("flags", FieldType.STR_LIST);
  static final FieldSpec TIE_BREAKER = optional("tie_breaker", FieldType.STR);
  static final FieldSpec MEMORIZATION_FLAG = optional("memorization_flag", FieldType.BOOL);
  static final FieldSpec MEMORIZATION_PENALTY = optional("memorization_penalty", FieldType.FLOAT);
  static final FieldSpec HELDOUT_DELTA = optional("heldout_delta", FieldType.FLOAT);
  static final FieldSpec HELD_OUT_DELTA = optional("held_out_delta", FieldType.FLOAT);
  static final FieldSpec VAL_BPB_TRAINED = optional("val_bpb_trained", FieldType.FLOAT);
  static final FieldSpec VAL_BPB_RANDOM_INIT = optional("val_bpb_random_init", FieldType.FLOAT);
  static final FieldSpec TRAIN_HELDOUT_GAP = optional("train_heldout_gap", FieldType.FLOAT);
  static final FieldSpec TRAIN_BPB_CONVERGED = optional("train_bpb_converged", FieldType.FLOAT);
  static final FieldSpec GAP_BASIS = optional("gap_basis", FieldType.STR);
  static final List<FieldSpec> FIELDS =
      List.of(SCHEMA_FIELD, PRIMARY_METRIC, PREQUENTIAL_BPB, BITS_PER_BYTE, FINAL_SCORE,
          LOWER_IS_BETTER, COVERED_BYTES, TOTAL_BYTES_COVERED, SUM_NLL_BITS,
          CUMULATIVE_CODELENGTH_BITS, TOKENS_CONSUMED, COMPUTE_NORMALIZATION, WALL_CLOCK_TERM,
          ANTI_CHEAT_MULTIPLIER, ANOMALY, MINER_REPORTED_IGNORED, TRAIN_BPB_BASIS, FLAGS,
          TIE_BREAKER, MEMORIZATION_FLAG, MEMORIZATION_PENALTY, HELDOUT_DELTA, HELD_OUT_DELTA,
          VAL_BPB_TRAINED, VAL_BPB_RANDOM_INIT, TRAIN_HELDOUT_GAP, TRAIN_BPB_CONVERGED, GAP_BASIS);
  private static final List<FieldSpec> SCORER_FORM_REQUIRED =
      List.of(FLAGS, TIE_BREAKER, MEMORIZATION_FLAG, MEMORIZATION_PENALTY);

  /** Rejects a null object. */
  public ScoreBlock {
    Objects.requireNonNull(json, "json");
  }

  /**
   * A builder for a new block with the constants every score block carries: {@code schema},
   * {@code primary_metric}, {@code lower_is_better}, {@code compute_normalization}, {@code
   * wall_clock_term} and {@code miner_reported_ignored}.
   */
  public static Builder builder() {
    return new Builder(JsonObject.EMPTY)
        .set(SCHEMA_FIELD.name(), new JsonString(SCHEMA))
        .set(PRIMARY_METRIC.name(), new JsonString("prequential_bpb"))
        .set(LOWER_IS_BETTER.name(), JsonBool.TRUE)
        .set(COMPUTE_NORMALIZATION.name(), new JsonString("tokens_bytes"))
        .set(WALL_CLOCK_TERM.name(), JsonBool.FALSE)
        .set(MINER_REPORTED_IGNORED.name(), JsonBool.TRUE);
  }

  /** A builder seeded with this block's fields (unknown ones included). */
  public Builder toBuilder() {
    return new Builder(json);
  }

  /** Whether this is the scorer's replacement form (it has {@code flags} or {@code tie_breaker}). */
  public boolean isScorerForm() {
    return json.has(FLAGS.name()) || json.has(TIE_BREAKER.name());
  }

  public Optional<String> schema() {
    return Fields.string(json, SCHEMA_FIELD);
  }

  public Optional<String> primaryMetric() {
    return Fields.string(json, PRIMARY_METRIC);
  }

  public OptionalDouble prequentialBpb() {
    return Fields.number(json, PREQUENTIAL_BPB);
  }

  public OptionalDouble bitsPerByte() {
    return Fields.number(json, BITS_PER_BYTE);
  }

  public OptionalDouble finalScore() {
    return Fields.number(json, FINAL_SCORE);
  }

  public Optional<Boolean> lowerIsBetter() {
    return Fields.bool(json, LOWER_IS_BETTER);
  }

  public OptionalLong coveredBytes() {
    return Fields.integer(json, COVERED_BYTES);
  }

  public OptionalLong totalBytesCovered() {
    return Fields.integer(json, TOTAL_BYTES_COVERED);
  }

  public OptionalDouble sumNegLog2LikelihoodBits() {
    return Fields.number(json, SUM_NLL_BITS);
  }

  public OptionalDouble cumulativeCodelengthBits() {
    return Fields.number(json, CUMULATIVE_CODELENGTH_BITS);
  }

  public OptionalLong tokensConsumed() {
    return Fields.integer(json, TOKENS_CONSUMED);
  }

  public Optional<String> computeNormalization() {
    return Fields.string(json, COMPUTE_NORMALIZATION);
  }

  public Optional<Boolean> wallClockTerm() {
    return Fields.bool(json, WALL_CLOCK_TERM);
  }

  public OptionalDouble antiCheatMultiplier() {
    return Fields.number(json, ANTI_CHEAT_MULTIPLIER);
  }

  public Optional<Boolean> anomaly() {
    return Fields.bool(json, ANOMALY);
  }

  public Optional<Boolean> minerReportedIgnored() {
    return Fields.bool(json, MINER_REPORTED_IGNORED);
  }

  public Optional<String> trainBpbBasis() {
    return Fields.string(json, TRAIN_BPB_BASIS);
  }

  public Optional<List<String>> flags() {
    return Fields.strings(json, FLAGS);
  }

  public Optional<String> tieBreaker() {
    return Fields.string(json, TIE_BREAKER);
  }

  public Optional<Boolean> memorizationFlag() {
    return Fields.bool(json, MEMORIZATION_FLAG);
  }

  public OptionalDouble memorizationPenalty() {
    return Fields.number(json, MEMORIZATION_PENALTY);
  }

  public OptionalDouble heldoutDelta() {
    return Fields.number(json, HELDOUT_DELTA);
  }

  public OptionalDouble heldOutDelta() {
    return Fields.number(json, HELD_OUT_DELTA);
  }

  public OptionalDouble valBpbTrained() {
    return Fields.number(json, VAL_BPB_TRAINED);
  }

  public OptionalDouble valBpbRandomInit() {
    return Fields.number(json, VAL_BPB_RANDOM_INIT);
  }

  public OptionalDouble trainHeldoutGap() {
    return Fields.number(json, TRAIN_HELDOUT_GAP);
  }

  public OptionalDouble trainBpbConverged() {
    return Fields.number(json, TRAIN_BPB_CONVERGED);
  }

  public Optional<String> gapBasis() {
    return Fields.string(json, GAP_BASIS);
  }

  void validate(Validator v, String path) {
    v.fields(path, json, FIELDS);
    List<FieldSpec> formRequired = isScorerForm() ? SCORER_FORM_REQUIRED : List.of(TRAIN_BPB_BASIS);
    for (FieldSpec f : formRequired) {
      if (!json.has(f.name())) {
        v.add(Validator.path(path, f.name()), Kind.MISSING,
            "missing " + f.type().label + " (" + (isScorerForm() ? "scorer" : "runner")
                + "-form score block)");
      }
    }
    v.constant(path, json, SCHEMA_FIELD.name(), new JsonString(SCHEMA));
    v.constant(path, json, PRIMARY_METRIC.name(), new JsonString("prequential_bpb"));
    v.constant(path, json, LOWER_IS_BETTER.name(), JsonBool.TRUE);
    v.constant(path, json, COMPUTE_NORMALIZATION.name(), new JsonString("tokens_bytes"));
    v.constant(path, json, WALL_CLOCK_TERM.name(), JsonBool.FALSE);
    v.constant(path, json, MINER_REPORTED_IGNORED.name(), JsonBool.TRUE);
    v.constant(path, json, TIE_BREAKER.name(), new JsonString("heldout_delta"));
    v.agree(Validator.path(path, PREQUENTIAL_BPB.name()), json.get(PREQUENTIAL_BPB.name()),
        Validator.path(path, BITS_PER_BYTE.name()), json.get(BITS_PER_BYTE.name()));
    v.agree(Validator.path(path, COVERED_BYTES.name()), json.get(COVERED_BYTES.name()),
        Validator.path(path, TOTAL_BYTES_COVERED.name()), json.get(TOTAL_BYTES_COVERED.name()));
    v.agree(Validator.path(path, SUM_NLL_BITS.name()), json.get(SUM_NLL_BITS.name()),
        Validator.path(path, CUMULATIVE_CODELENGTH_BITS.name()),
        json.get(CUMULATIVE_CODELENGTH_BITS.name()));
  }

  /**
   * Builds a {@link ScoreBlock}. Setters for values the reference writes under two names set both.
   */
  public static final class Builder extends BlockBuilder<Builder> {
    Builder(JsonObject from) {
      super(from);
    }

    @Override
    Builder self() {
      return this;
    }

    /** Sets {@code prequential_bpb} and {@code bits_per_byte} (null when not computable). */
    public Builder prequentialBpb(Double bpb) {
      putNullableFloat(PREQUENTIAL_BPB, bpb);
      return putNullableFloat(BITS_PER_BYTE, bpb);
    }

    public Builder finalScore(Double finalScore) {
      return putNullableFloat(FINAL_SCORE, finalScore);
    }

    /** Sets {@code covered_bytes} and {@code total_bytes_covered}. */
    public Builder coveredBytes(long coveredBytes) {
      putInt(COVERED_BYTES, coveredBytes);
      return putInt(TOTAL_BYTES_COVERED, coveredBytes);
    }

    /** Sets {@code sum_neg_log2_likelihood_bits} and {@code cumulative_codelength_bits}. */
    public Builder sumNegLog2LikelihoodBits(double bits) {
      putFloat(SUM_NLL_BITS, bits);
      return putFloat(CUMULATIVE_CODELENGTH_BITS, bits);
    }

    public Builder tokensConsumed(long tokens) {
      return putInt(TOKENS_CONSUMED, tokens);
    }

    public Builder antiCheatMultiplier(double multiplier) {
      return putFloat(ANTI_CHEAT_MULTIPLIER, multiplier);
    }

    public Builder anomaly(boolean anomaly) {
      return putBool(ANOMALY, anomaly);
    }

    /** Runner form only. */
    public Builder trainBpbBasis(String basis) {
      return putString(TRAIN_BPB_BASIS, basis);
    }

    /** Scorer form: the flags; also sets {@code tie_breaker} to {@code heldout_delta}. */
    public Builder flags(List<String> flags) {
      putStrings(FLAGS, flags);
      return set(TIE_BREAKER.name(), new JsonString("heldout_delta"));
    }

    public Builder memorizationFlag(boolean flag) {
      return putBool(MEMORIZATION_FLAG, flag);
    }

    public Builder memorizationPenalty(double penalty) {
      return putFloat(MEMORIZATION_PENALTY, penalty);
    }

    /** Sets {@code heldout_delta} and its alias {@code held_out_delta}. */
    public Builder heldoutDelta(double delta) {
      putFloat(HELDOUT_DELTA, delta);
      return putFloat(HELD_OUT_DELTA, delta);
    }

    public Builder valBpbTrained(double bpb) {
      return putFloat(VAL_BPB_TRAINED, bpb);
    }

    public Builder valBpbRandomInit(double bpb) {
      return putFloat(VAL_BPB_RANDOM_INIT, bpb);
    }

    public Builder trainHeldoutGap(double gap) {
      return putFloat(TRAIN_HELDOUT_GAP, gap);
    }

    public Builder trainBpbConverged(double bpb) {
      return putFloat(TRAIN_BPB_CONVERGED, bpb);
    }

    public Builder gapBasis(String basis) {
      return putString(GAP_BASIS, basis);
    }

    public ScoreBlock build() {
      return new ScoreBlock(json());
    }
  }
}

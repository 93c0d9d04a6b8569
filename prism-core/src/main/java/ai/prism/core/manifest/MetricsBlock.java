package ai.prism.core.manifest;

import static ai.prism.core.manifest.FieldSpec.optional;
import static ai.prism.core.manifest.FieldSpec.required;
import static ai.prism.core.manifest.FieldSpec.requiredNullable;

import ai.prism.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The {@code metrics} block (spec §5.4): the captured online-loss stream and its totals as the
 * runner writes them, plus the held-out keys the host adds when held-out evaluation succeeds. A
 * lossless view of the JSON object: the scorer reads the raw {@link #json()}, not these accessors.
 */
public record MetricsBlock(JsonObject json) {
  static final FieldSpec ONLINE_LOSS = required("online_loss", FieldType.FLOAT_LIST);
  static final FieldSpec STEP0_LOSS = requiredNullable("step0_loss", FieldType.FLOAT);
  static final FieldSpec RANDOM_INIT_BASELINE_NATS =
      required("random_init_baseline_nats", FieldType.FLOAT);
  static final FieldSpec CONSUMED_BATCHES = required("consumed_batches", FieldType.INT);
  static final FieldSpec COVERED_BYTES = required("covered_bytes", FieldType.INT);
  static final FieldSpec TOTAL_BYTES_COVERED = required("total_bytes_covered", FieldType.INT);
  static final FieldSpec PREDICTED_TOKENS = required("predicted_tokens", FieldType.INT);
  static final FieldSpec TOKENS_SEEN = required("tokens_seen", FieldType.INT);
  static final FieldSpec SUM_NLL_NATS = required("sum_neg_log_likelihood_nats", FieldType.FLOAT);
  static final FieldSpec SUM_NLL_BITS = required("sum_neg_log2_likelihood_bits", FieldType.FLOAT);
  static final FieldSpec CUMULATIVE_CODELENGTH_BITS =
      required("cumulative_codelength_bits", FieldType.FLOAT);
  static final FieldSpec PREQUENTIAL_BPB = requiredNullable("prequential_bpb", FieldType.FLOAT);
  static final FieldSpec BITS_PER_BYTE = requiredNullable("bits_per_byte", FieldType.FLOAT);
  static final FieldSpec NAN_INF_BATCHES = required("nan_inf_batches", FieldType.INT);
  static final FieldSpec TRAIN_BPB_BASIS = required("train_bpb_basis", FieldType.STR);
  static final FieldSpec MODEL_PARAMS = requiredNullable("model_params", FieldType.INT);
  // Host-added when held-out evaluation succeeds (spec §5.4, §7.3).
  static final FieldSpec VAL_BPB_TRAINED = optional("val_bpb_trained", FieldType.FLOAT);
  static final FieldSpec VAL_BPB_RANDOM_INIT = optional("val_bpb_random_init", FieldType.FLOAT);
  static final FieldSpec HELDOUT_DELTA = optional("heldout_delta", FieldType.FLOAT);
  static final FieldSpec HELD_OUT_DELTA = optional("held_out_delta", FieldType.FLOAT);
  static final FieldSpec MEMORIZATION_FLAG = optional("memorization_flag", FieldType.BOOL);
  static final FieldSpec VAL_BPB_BASIS = optional("val_bpb_basis", FieldType.STR);
  static final FieldSpec VAL_COVERED_BYTES = optional("val_covered_bytes", FieldType.INT);
  static final FieldSpec TRAIN_BPB_CONVERGED = optional("train_bpb_converged", FieldType.FLOAT);
  static final FieldSpec GAP_BASIS = optional("gap_basis", FieldType.STR);
  static final FieldSpec TRAIN_HELDOUT_GAP = optional("train_heldout_gap", FieldType.FLOAT);
  static final FieldSpec TRAIN_VAL_GAP = optional("train_val_gap", FieldType.FLOAT);
  static final List<FieldSpec> FIELDS =
      List.of(ONLINE_LOSS, STEP0_LOSS, RANDOM_INIT_BASELINE_NATS, CONSUMED_BATCHES, COVERED_BYTES,
          TOTAL_BYTES_COVERED, PREDICTED_TOKENS, TOKENS_SEEN, SUM_NLL_NATS, SUM_NLL_BITS,
          CUMULATIVE_CODELENGTH_BITS, PREQUENTIAL_BPB, BITS_PER_BYTE, NAN_INF_BATCHES,
          TRAIN_BPB_BASIS, MODEL_PARAMS, VAL_BPB_TRAINED, VAL_BPB_RANDOM_INIT, HELDOUT_DELTA,
          HELD_OUT_DELTA, MEMORIZATION_FLAG, VAL_BPB_BASIS, VAL_COVERED_BYTES, TRAIN_BPB_CONVERGED,
          GAP_BASIS, TRAIN_HELDOUT_GAP, TRAIN_VAL_GAP);

  /** Rejects a null object. */
  public MetricsBlock {
    Objects.requireNonNull(json, "json");
  }

  /** A builder for a new, empty block. */
  public static Builder builder() {
    return new Builder(JsonObject.EMPTY);
  }

  /** A builder seeded with this block's fields (unknown ones included): the way to amend it. */
  public Builder toBuilder() {
    return new Builder(json);
  }

  /** Per-batch mean loss in nats, in capture order. */
  public Optional<List<Double>> onlineLoss() {
    return Fields.floats(json, ONLINE_LOSS);
  }

  public OptionalDouble step0Loss() {
    return Fields.number(json, STEP0_LOSS);
  }

  public OptionalDouble randomInitBaselineNats() {
    return Fields.number(json, RANDOM_INIT_BASELINE_NATS);
  }

  public OptionalLong consumedBatches() {
    return Fields.integer(json, CONSUMED_BATCHES);
  }

  public OptionalLong coveredBytes() {
    return Fields.integer(json, COVERED_BYTES);
  }

  public OptionalLong totalBytesCovered() {
    return Fields.integer(json, TOTAL_BYTES_COVERED);
  }

  public OptionalLong predictedTokens() {
    return Fields.integer(json, PREDICTED_TOKENS);
  }

  public OptionalLong tokensSeen() {
    return Fields.integer(json, TOKENS_SEEN);
  }

  public OptionalDouble sumNegLogLikelihoodNats() {
    return Fields.number(json, SUM_NLL_NATS);
  }

  public OptionalDouble sumNegLog2LikelihoodBits() {
    return Fields.number(json, SUM_NLL_BITS);
  }

  public OptionalDouble cumulativeCodelengthBits() {
    return Fields.number(json, CUMULATIVE_CODELENGTH_BITS);
  }

  public OptionalDouble prequentialBpb() {
    return Fields.number(json, PREQUENTIAL_BPB);
  }

  public OptionalDouble bitsPerByte() {
    return Fields.number(json, BITS_PER_BYTE);
  }

  public OptionalLong nanInfBatches() {
    return Fields.integer(json, NAN_INF_BATCHES);
  }

  /** {@code bytes} or {@code tokenizer}: what the train bpb was measured on. */
  public Optional<String> trainBpbBasis() {
    return Fields.string(json, TRAIN_BPB_BASIS);
  }

  public OptionalLong modelParams() {
    return Fields.integer(json, MODEL_PARAMS);
  }

  public OptionalDouble valBpbTrained() {
    return Fields.number(json, VAL_BPB_TRAINED);
  }

  public OptionalDouble valBpbRandomInit() {
    return Fields.number(json, VAL_BPB_RANDOM_INIT);
  }

  public OptionalDouble heldoutDelta() {
    return Fields.number(json, HELDOUT_DELTA);
  }

  public OptionalDouble heldOutDelta() {
    return Fields.number(json, HELD_OUT_DELTA);
  }

  public Optional<Boolean> memorizationFlag() {
    return Fields.bool(json, MEMORIZATION_FLAG);
  }

  public Optional<String> valBpbBasis() {
    return Fields.string(json, VAL_BPB_BASIS);
  }

  public OptionalLong valCoveredBytes() {
    return Fields.integer(json, VAL_COVERED_BYTES);
  }

  public OptionalDouble trainBpbConverged() {
    return Fields.number(json, TRAIN_BPB_CONVERGED);
  }

  /** {@code converged} or {@code prequential}. */
  public Optional<String> gapBasis() {
    return Fields.string(json, GAP_BASIS);
  }

  public OptionalDouble trainHeldoutGap() {
    return Fields.number(json, TRAIN_HELDOUT_GAP);
  }

  public OptionalDouble trainValGap() {
    return Fields.number(json, TRAIN_VAL_GAP);
  }

  void validate(Validator v, String path) {
    v.fields(path, json, FIELDS);
    v.agree(Validator.path(path, COVERED_BYTES.name()), json.get(COVERED_BYTES.name()),
        Validator.path(path, TOTAL_BYTES_COVERED.name()), json.get(TOTAL_BYTES_COVERED.name()));
    v.agree(Validator.path(path, PREDICTED_TOKENS.name()), json.get(PREDICTED_TOKENS.name()),
        Validator.path(path, TOKENS_SEEN.name()), json.get(TOKENS_SEEN.name()));
    v.agree(Validator.path(path, SUM_NLL_BITS.name()), json.get(SUM_NLL_BITS.name()),
        Validator.path(path, CUMULATIVE_CODELENGTH_BITS.name()),
        json.get(CUMULATIVE_CODELENGTH_BITS.name()));
    v.agree(Validator.path(path, PREQUENTIAL_BPB.name()), json.get(PREQUENTIAL_BPB.name()),
        Validator.path(path, BITS_PER_BYTE.name()), json.get(BITS_PER_BYTE.name()));
    v.agree(Validator.path(path, HELDOUT_DELTA.name()), json.get(HELDOUT_DELTA.name()),
        Validator.path(path, HELD_OUT_DELTA.name()), json.get(HELD_OUT_DELTA.name()));
    v.agree(Validator.path(path, TRAIN_HELDOUT_GAP.name()), json.get(TRAIN_HELDOUT_GAP.name()),
        Validator.path(path, TRAIN_VAL_GAP.name()), json.get(TRAIN_VAL_GAP.name()));
  }

  /**
   * Builds a {@link MetricsBlock}. Setters for fields the reference writes twice under two names
   * ({@code covered_bytes}/{@code total_bytes_covered}, ...) set both.
   */
  public static final class Builder extends BlockBuilder<Builder> {
    Builder(JsonObject from) {
      super(from);
    }

    @Override
    Builder self() {
      return this;
    }

    /** The per-batch losses; also sets {@code step0_loss} to the first one (null when empty). */
    public Builder onlineLoss(List<Double> losses) {
      putFloats(ONLINE_LOSS, losses);
      return putNullableFloat(STEP0_LOSS, losses.isEmpty() ? null : losses.get(0));
    }

    public Builder randomInitBaselineNats(double nats) {
      return putFloat(RANDOM_INIT_BASELINE_NATS, nats);
    }

    public Builder consumedBatches(long batches) {
      return putInt(CONSUMED_BATCHES, batches);
    }

    /** Sets {@code covered_bytes} and {@code total_bytes_covered}. */
    public Builder coveredBytes(long coveredBytes) {
      putInt(COVERED_BYTES, coveredBytes);
      return putInt(TOTAL_BYTES_COVERED, coveredBytes);
    }

    /** Sets {@code predicted_tokens} and {@code tokens_seen}. */
    public Builder predictedTokens(long tokens) {
      putInt(PREDICTED_TOKENS, tokens);
      return putInt(TOKENS_SEEN, tokens);
    }

    public Builder sumNegLogLikelihoodNats(double nats) {
      return putFloat(SUM_NLL_NATS, nats);
    }

    /** Sets {@code sum_neg_log2_likelihood_bits} and {@code cumulative_codelength_bits}. */
    public Builder sumNegLog2LikelihoodBits(double bits) {
      putFloat(SUM_NLL_BITS, bits);
      return putFloat(CUMULATIVE_CODELENGTH_BITS, bits);
    }

    /** Sets {@code prequential_bpb} and {@code bits_per_byte} (null when not computable). */
    public Builder prequentialBpb(Double bpb) {
      putNullableFloat(PREQUENTIAL_BPB, bpb);
      return putNullableFloat(BITS_PER_BYTE, bpb);
    }

    public Builder nanInfBatches(long batches) {
      return putInt(NAN_INF_BATCHES, batches);
    }

    public Builder trainBpbBasis(String basis) {
      return putString(TRAIN_BPB_BASIS, basis);
    }

    public Builder modelParams(Long params) {
      return putNullableInt(MODEL_PARAMS, params);
    }

    public Builder valBpbTrained(double bpb) {
      return putFloat(VAL_BPB_TRAINED, bpb);
    }

    public Builder valBpbRandomInit(double bpb) {
      return putFloat(VAL_BPB_RANDOM_INIT, bpb);
    }

    /** Sets {@code heldout_delta} and its alias {@code held_out_delta}. */
    public Builder heldoutDelta(double delta) {
      putFloat(HELDOUT_DELTA, delta);
      return putFloat(HELD_OUT_DELTA, delta);
    }

    public Builder memorizationFlag(boolean flag) {
      return putBool(MEMORIZATION_FLAG, flag);
    }

    public Builder valBpbBasis(String basis) {
      return putString(VAL_BPB_BASIS, basis);
    }

    public Builder valCoveredBytes(long bytes) {
      return putInt(VAL_COVERED_BYTES, bytes);
    }

    public Builder trainBpbConverged(double bpb) {
      return putFloat(TRAIN_BPB_CONVERGED, bpb);
    }

    public Builder gapBasis(String basis) {
      return putString(GAP_BASIS, basis);
    }

    /** Sets {@code train_heldout_gap} and its alias {@code train_val_gap}. */
    public Builder trainHeldoutGap(double gap) {
      putFloat(TRAIN_HELDOUT_GAP, gap);
      return putFloat(TRAIN_VAL_GAP, gap);
    }

    public MetricsBlock build() {
      return new MetricsBlock(json());
    }
  }
}

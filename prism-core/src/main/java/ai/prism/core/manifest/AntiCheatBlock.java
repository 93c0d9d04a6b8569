package ai.prism.core.manifest;

import static ai.prism.core.manifest.FieldSpec.optional;
import static ai.prism.core.manifest.FieldSpec.required;

import ai.prism.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The {@code anti_cheat} block (spec §5.7): step-0 anomaly, NaN/Inf batches, zero-forward, and the
 * memorization fields the host adds after held-out evaluation. A lossless view of the JSON object.
 */
public record AntiCheatBlock(JsonObject json) {
  static final FieldSpec STEP0_ANOMALY = required("step0_anomaly", FieldType.BOOL);
  static final FieldSpec STEP0_ANOMALY_THRESHOLD_NATS =
      required("step0_anomaly_threshold_nats", FieldType.FLOAT);
  static final FieldSpec NAN_INF_DETECTED = required("nan_inf_detected", FieldType.BOOL);
  static final FieldSpec NAN_INF_BATCHES = required("nan_inf_batches", FieldType.INT);
  static final FieldSpec NO_LEARNING = required("no_learning", FieldType.BOOL);
  static final FieldSpec ZERO_FORWARD = required("zero_forward", FieldType.BOOL);
  static final FieldSpec MEMORIZATION_FLAG = optional("memorization_flag", FieldType.BOOL);
  static final FieldSpec MEMORIZATION_GAP = optional("memorization_gap", FieldType.FLOAT);
  static final FieldSpec TRAIN_HELDOUT_GAP = optional("train_heldout_gap", FieldType.FLOAT);
  static final List<FieldSpec> FIELDS =
      List.of(STEP0_ANOMALY, STEP0_ANOMALY_THRESHOLD_NATS, NAN_INF_DETECTED, NAN_INF_BATCHES,
          NO_LEARNING, ZERO_FORWARD, MEMORIZATION_FLAG, MEMORIZATION_GAP, TRAIN_HELDOUT_GAP);

  /** Rejects a null object. */
  public AntiCheatBlock {
    Objects.requireNonNull(json, "json");
  }

  /** A builder for a new, empty block. */
  public static Builder builder() {
    return new Builder(JsonObject.EMPTY);
  }

  /** A builder seeded with this block's fields (unknown ones included). */
  public Builder toBuilder() {
    return new Builder(json);
  }

  public Optional<Boolean> step0Anomaly() {
    return Fields.bool(json, STEP0_ANOMALY);
  }

  public OptionalDouble step0AnomalyThresholdNats() {
    return Fields.number(json, STEP0_ANOMALY_THRESHOLD_NATS);
  }

  public Optional<Boolean> nanInfDetected() {
    return Fields.bool(json, NAN_INF_DETECTED);
  }

  public OptionalLong nanInfBatches() {
    return Fields.integer(json, NAN_INF_BATCHES);
  }

  public Optional<Boolean> noLearning() {
    return Fields.bool(json, NO_LEARNING);
  }

  public Optional<Boolean> zeroForward() {
    return Fields.bool(json, ZERO_FORWARD);
  }

  public Optional<Boolean> memorizationFlag() {
    return Fields.bool(json, MEMORIZATION_FLAG);
  }

  public OptionalDouble memorizationGap() {
    return Fields.number(json, MEMORIZATION_GAP);
  }

  public OptionalDouble trainHeldoutGap() {
    return Fields.number(json, TRAIN_HELDOUT_GAP);
  }

  void validate(Validator v, String path) {
    v.fields(path, json, FIELDS);
    v.agree(Validator.path(path, MEMORIZATION_GAP.name()), json.get(MEMORIZATION_GAP.name()),
        Validator.path(path, TRAIN_HELDOUT_GAP.name()), json.get(TRAIN_HELDOUT_GAP.name()));
  }

  /** Builds an {@link AntiCheatBlock}; unknown fields of the block it was seeded from are kept. */
  public static final class Builder extends BlockBuilder<Builder> {
    Builder(JsonObject from) {
      super(from);
    }

    @Override
    Builder self() {
      return this;
    }

    public Builder step0Anomaly(boolean anomaly) {
      return putBool(STEP0_ANOMALY, anomaly);
    }

    public Builder step0AnomalyThresholdNats(double nats) {
      return putFloat(STEP0_ANOMALY_THRESHOLD_NATS, nats);
    }

    /** Sets {@code nan_inf_batches} and {@code nan_inf_detected} ({@code batches > 0}). */
    public Builder nanInfBatches(long batches) {
      putInt(NAN_INF_BATCHES, batches);
      return putBool(NAN_INF_DETECTED, batches > 0);
    }

    /** Sets {@code zero_forward} and {@code no_learning} (the reference writes the same value). */
    public Builder zeroForward(boolean zeroForward) {
      putBool(ZERO_FORWARD, zeroForward);
      return putBool(NO_LEARNING, zeroForward);
    }

    public Builder memorizationFlag(boolean flag) {
      return putBool(MEMORIZATION_FLAG, flag);
    }

    /** Sets {@code memorization_gap} and {@code train_heldout_gap}. */
    public Builder memorizationGap(double gap) {
      putFloat(MEMORIZATION_GAP, gap);
      return putFloat(TRAIN_HELDOUT_GAP, gap);
    }

    public AntiCheatBlock build() {
      return new AntiCheatBlock(json());
    }
  }
}

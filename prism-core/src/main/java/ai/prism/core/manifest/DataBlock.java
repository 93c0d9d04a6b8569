package ai.prism.core.manifest;

import static ai.prism.core.manifest.FieldSpec.required;
import static ai.prism.core.manifest.FieldSpec.requiredNullable;

import ai.prism.core.json.JsonBool;
import ai.prism.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code data} block (spec §5.3): which locked shards were read, how many raw bytes the scored
 * batches covered (rounded, and the unrounded running total per batch), and consumption counters.
 * A lossless view of the JSON object, like every block.
 */
public record DataBlock(JsonObject json) {
  static final FieldSpec DATA_DIR = required("data_dir", FieldType.STR);
  static final FieldSpec SHARD_COUNT = required("shard_count", FieldType.INT);
  static final FieldSpec AVAILABLE_BYTES = required("available_bytes", FieldType.INT);
  static final FieldSpec SOURCE = required("source", FieldType.STR);
  static final FieldSpec RANDOM_TOKEN_FALLBACK = required("random_token_fallback", FieldType.BOOL);
  static final FieldSpec SINGLE_PASS = required("single_pass", FieldType.BOOL);
  static final FieldSpec COVERED_BYTES = required("covered_bytes", FieldType.INT);
  static final FieldSpec COVERED_BYTES_CUMULATIVE =
      required("covered_bytes_cumulative", FieldType.FLOAT_LIST);
  static final FieldSpec CONSUMED_DOCUMENTS = required("consumed_documents", FieldType.INT);
  static final FieldSpec CONSUMED_BATCHES = required("consumed_batches", FieldType.INT);
  static final FieldSpec CONSUMED_OFFSETS = required("consumed_offsets", FieldType.INT);
  static final FieldSpec DISTINCT_OFFSETS = required("distinct_offsets", FieldType.INT);
  static final FieldSpec STOPPED_REASON = requiredNullable("stopped_reason", FieldType.STR);
  static final List<FieldSpec> FIELDS =
      List.of(DATA_DIR, SHARD_COUNT, AVAILABLE_BYTES, SOURCE, RANDOM_TOKEN_FALLBACK, SINGLE_PASS,
          COVERED_BYTES, COVERED_BYTES_CUMULATIVE, CONSUMED_DOCUMENTS, CONSUMED_BATCHES,
          CONSUMED_OFFSETS, DISTINCT_OFFSETS, STOPPED_REASON);

  /** The reference's {@code source} value for the locked train split. */
  public static final String LOCKED_SOURCE = "locked-fineweb-edu-train";

  /** Rejects a null object. */
  public DataBlock {
    Objects.requireNonNull(json, "json");
  }

  /**
   * A builder for a new block, with {@code random_token_fallback} false and {@code single_pass}
   * true (the reference's constants).
   */
  public static Builder builder() {
    return new Builder(JsonObject.EMPTY).randomTokenFallback(false).singlePass(true);
  }

  /** A builder seeded with this block's fields (unknown ones included). */
  public Builder toBuilder() {
    return new Builder(json);
  }

  public Optional<String> dataDir() {
    return Fields.string(json, DATA_DIR);
  }

  public OptionalLong shardCount() {
    return Fields.integer(json, SHARD_COUNT);
  }

  public OptionalLong availableBytes() {
    return Fields.integer(json, AVAILABLE_BYTES);
  }

  public Optional<String> source() {
    return Fields.string(json, SOURCE);
  }

  public Optional<Boolean> randomTokenFallback() {
    return Fields.bool(json, RANDOM_TOKEN_FALLBACK);
  }

  public Optional<Boolean> singlePass() {
    return Fields.bool(json, SINGLE_PASS);
  }

  public OptionalLong coveredBytes() {
    return Fields.integer(json, COVERED_BYTES);
  }

  public Optional<List<Double>> coveredBytesCumulative() {
    return Fields.floats(json, COVERED_BYTES_CUMULATIVE);
  }

  public OptionalLong consumedDocuments() {
    return Fields.integer(json, CONSUMED_DOCUMENTS);
  }

  public OptionalLong consumedBatches() {
    return Fields.integer(json, CONSUMED_BATCHES);
  }

  public OptionalLong consumedOffsets() {
    return Fields.integer(json, CONSUMED_OFFSETS);
  }

  public OptionalLong distinctOffsets() {
    return Fields.integer(json, DISTINCT_OFFSETS);
  }

  public Optional<String> stoppedReason() {
    return Fields.string(json, STOPPED_REASON);
  }

  void validate(Validator v, String path) {
    v.fields(path, json, FIELDS);
    v.constant(path, json, RANDOM_TOKEN_FALLBACK.name(), JsonBool.FALSE);
    v.constant(path, json, SINGLE_PASS.name(), JsonBool.TRUE);
  }

  /** Builds a {@link DataBlock}; unknown fields of the block it was seeded from are kept. */
  public static final class Builder extends BlockBuilder<Builder> {
    Builder(JsonObject from) {
      super(from);
    }

    @Override
    Builder self() {
      return this;
    }

    public Builder dataDir(String dataDir) {
      return putString(DATA_DIR, dataDir);
    }

    public Builder shardCount(long shardCount) {
      return putInt(SHARD_COUNT, shardCount);
    }

    public Builder availableBytes(long availableBytes) {
      return putInt(AVAILABLE_BYTES, availableBytes);
    }

    public Builder source(String source) {
      return putString(SOURCE, source);
    }

    public Builder randomTokenFallback(boolean fallback) {
      return putBool(RANDOM_TOKEN_FALLBACK, fallback);
    }

    public Builder singlePass(boolean singlePass) {
      return putBool(SINGLE_PASS, singlePass);
    }

    public Builder coveredBytes(long coveredBytes) {
      return putInt(COVERED_BYTES, coveredBytes);
    }

    /** The unrounded running covered-byte total after each batch. */
    public Builder coveredBytesCumulative(List<Double> cumulative) {
      return putFloats(COVERED_BYTES_CUMULATIVE, cumulative);
    }

    public Builder consumedDocuments(long documents) {
      return putInt(CONSUMED_DOCUMENTS, documents);
    }

    public Builder consumedBatches(long batches) {
      return putInt(CONSUMED_BATCHES, batches);
    }

    public Builder consumedOffsets(long offsets) {
      return putInt(CONSUMED_OFFSETS, offsets);
    }

    public Builder distinctOffsets(long offsets) {
      return putInt(DISTINCT_OFFSETS, offsets);
    }

    public Builder stoppedReason(String stoppedReason) {
      return putString(STOPPED_REASON, stoppedReason);
    }

    public DataBlock build() {
      return new DataBlock(json());
    }
  }
}

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
 * The {@code run} block (spec §5.2): forced seed and determinism flags, process layout, device and
 * why the run stopped. A lossless view of the JSON object: accessors return a value only when the
 * field holds the type the reference writes; everything else stays in {@link #json()}.
 */
public record RunBlock(JsonObject json) {
  static final FieldSpec SEED = required("seed", FieldType.INT);
  static final FieldSpec FORCED_INIT = required("forced_init", FieldType.BOOL);
  static final FieldSpec DETERMINISTIC_ALGORITHMS =
      required("deterministic_algorithms", FieldType.BOOL);
  static final FieldSpec WORLD_SIZE = required("world_size", FieldType.INT);
  static final FieldSpec RANK = required("rank", FieldType.INT);
  static final FieldSpec LOCAL_RANK = required("local_rank", FieldType.INT);
  static final FieldSpec DEVICE = required("device", FieldType.STR);
  static final FieldSpec MASTER_ADDR = requiredNullable("master_addr", FieldType.STR);
  static final FieldSpec NPROC_PER_NODE = required("nproc_per_node", FieldType.INT);
  static final FieldSpec STOPPED_REASON = requiredNullable("stopped_reason", FieldType.STR);
  static final List<FieldSpec> FIELDS =
      List.of(SEED, FORCED_INIT, DETERMINISTIC_ALGORITHMS, WORLD_SIZE, RANK, LOCAL_RANK, DEVICE,
          MASTER_ADDR, NPROC_PER_NODE, STOPPED_REASON);

  /** Rejects a null object. */
  public RunBlock {
    Objects.requireNonNull(json, "json");
  }

  /** A builder for a new block, with {@code forced_init} and {@code deterministic_algorithms} true. */
  public static Builder builder() {
    return new Builder(JsonObject.EMPTY).forcedInit(true).deterministicAlgorithms(true);
  }

  /** A builder seeded with this block's fields (unknown ones included). */
  public Builder toBuilder() {
    return new Builder(json);
  }

  public OptionalLong seed() {
    return Fields.integer(json, SEED);
  }

  public Optional<Boolean> forcedInit() {
    return Fields.bool(json, FORCED_INIT);
  }

  public Optional<Boolean> deterministicAlgorithms() {
    return Fields.bool(json, DETERMINISTIC_ALGORITHMS);
  }

  public OptionalLong worldSize() {
    return Fields.integer(json, WORLD_SIZE);
  }

  public OptionalLong rank() {
    return Fields.integer(json, RANK);
  }

  public OptionalLong localRank() {
    return Fields.integer(json, LOCAL_RANK);
  }

  public Optional<String> device() {
    return Fields.string(json, DEVICE);
  }

  public Optional<String> masterAddr() {
    return Fields.string(json, MASTER_ADDR);
  }

  public OptionalLong nprocPerNode() {
    return Fields.integer(json, NPROC_PER_NODE);
  }

  public Optional<String> stoppedReason() {
    return Fields.string(json, STOPPED_REASON);
  }

  void validate(Validator v, String path) {
    v.fields(path, json, FIELDS);
    v.constant(path, json, FORCED_INIT.name(), JsonBool.TRUE);
    v.constant(path, json, DETERMINISTIC_ALGORITHMS.name(), JsonBool.TRUE);
  }

  /** Builds a {@link RunBlock}; unknown fields of the block it was seeded from are kept. */
  public static final class Builder extends BlockBuilder<Builder> {
    Builder(JsonObject from) {
      super(from);
    }

    @Override
    Builder self() {
      return this;
    }

    public Builder seed(long seed) {
      return putInt(SEED, seed);
    }

    public Builder forcedInit(boolean forcedInit) {
      return putBool(FORCED_INIT, forcedInit);
    }

    public Builder deterministicAlgorithms(boolean deterministic) {
      return putBool(DETERMINISTIC_ALGORITHMS, deterministic);
    }

    public Builder worldSize(long worldSize) {
      return putInt(WORLD_SIZE, worldSize);
    }

    public Builder rank(long rank) {
      return putInt(RANK, rank);
    }

    public Builder localRank(long localRank) {
      return putInt(LOCAL_RANK, localRank);
    }

    public Builder device(String device) {
      return putString(DEVICE, device);
    }

    /** The {@code MASTER_ADDR} environment value, or null. */
    public Builder masterAddr(String masterAddr) {
      return putString(MASTER_ADDR, masterAddr);
    }

    public Builder nprocPerNode(long nprocPerNode) {
      return putInt(NPROC_PER_NODE, nprocPerNode);
    }

    /** {@code token_budget}, {@code step_budget}, {@code wall_clock}, {@code data_exhausted} or null. */
    public Builder stoppedReason(String stoppedReason) {
      return putString(STOPPED_REASON, stoppedReason);
    }

    public RunBlock build() {
      return new RunBlock(json());
    }
  }
}

package ai.prism.core.manifest;

import static ai.prism.core.manifest.FieldSpec.optional;
import static ai.prism.core.manifest.FieldSpec.optionalNullable;
import static ai.prism.core.manifest.FieldSpec.required;

import ai.prism.core.json.JsonInt;
import ai.prism.core.json.JsonNull;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.JsonValue;
import ai.prism.core.manifest.ManifestProblem.Kind;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The typed, observability-only {@code compute} block (spec §5.6): GPUs leased, launch shape,
 * device, and the scored model's parameter count. Never read by the scorer. Reading is lenient like
 * every block; {@link Builder#build()} enforces the reference's {@code ComputeBlock} schema
 * (unknown keys forbidden, {@code gpu_count >= 0}, {@code world_size >= 1}, {@code nproc_per_node
 * >= 1}, non-empty {@code device}, {@code max_gpu_count >= 1}, {@code model_params >= 0}; unset
 * optional fields are omitted).
 */
public record ComputeBlock(JsonObject json) {
  /** The default {@code schema} value. */
  public static final String SCHEMA = "prism_compute.v1";

  static final FieldSpec SCHEMA_FIELD = optional("schema", FieldType.STR);
  static final FieldSpec GPU_COUNT = required("gpu_count", FieldType.INT);
  static final FieldSpec WORLD_SIZE = required("world_size", FieldType.INT);
  static final FieldSpec NPROC_PER_NODE = required("nproc_per_node", FieldType.INT);
  static final FieldSpec DEVICE = required("device", FieldType.STR);
  static final FieldSpec MAX_GPU_COUNT = optionalNullable("max_gpu_count", FieldType.INT);
  static final FieldSpec MODEL_PARAMS = optionalNullable("model_params", FieldType.INT);
  static final List<FieldSpec> FIELDS =
      List.of(SCHEMA_FIELD, GPU_COUNT, WORLD_SIZE, NPROC_PER_NODE, DEVICE, MAX_GPU_COUNT,
          MODEL_PARAMS);
  private static final Set<String> NAMES =
      Set.of("schema", "gpu_count", "world_size", "nproc_per_node", "device", "max_gpu_count",
          "model_params");

  /** Rejects a null object. */
  public ComputeBlock {
    Objects.requireNonNull(json, "json");
  }

  /** A builder for a new block with {@code schema} {@value #SCHEMA}. */
  public static Builder builder() {
    return new Builder(JsonObject.EMPTY).set(SCHEMA_FIELD.name(), new JsonString(SCHEMA));
  }

  /** A builder seeded with this block's fields. */
  public Builder toBuilder() {
    return new Builder(json);
  }

  public Optional<String> schema() {
    return Fields.string(json, SCHEMA_FIELD);
  }

  public OptionalLong gpuCount() {
    return Fields.integer(json, GPU_COUNT);
  }

  public OptionalLong worldSize() {
    return Fields.integer(json, WORLD_SIZE);
  }

  public OptionalLong nprocPerNode() {
    return Fields.integer(json, NPROC_PER_NODE);
  }

  public Optional<String> device() {
    return Fields.string(json, DEVICE);
  }

  public OptionalLong maxGpuCount() {
    return Fields.integer(json, MAX_GPU_COUNT);
  }

  public OptionalLong modelParams() {
    return Fields.integer(json, MODEL_PARAMS);
  }

  /** The problems of this block against the typed schema; empty when it is valid. */
  List<ManifestProblem> problems(String path) {
    Validator v = new Validator();
    validate(v, path);
    return v.problems();
  }

  void validate(Validator v, String path) {
    v.fields(path, json, FIELDS);
    for (String key : json.members().keySet()) {
      if (!NAMES.contains(key)) {
        v.add(Validator.path(path, key), Kind.UNKNOWN_FIELD,
            "unknown key (the compute block forbids extra keys)");
      }
    }
    if (json.get(SCHEMA_FIELD.name()) instanceof JsonString s && s.value().isEmpty()) {
      v.add(Validator.path(path, SCHEMA_FIELD.name()), Kind.OUT_OF_RANGE, "must not be empty");
    }
    if (json.get(DEVICE.name()) instanceof JsonString s && s.value().isEmpty()) {
      v.add(Validator.path(path, DEVICE.name()), Kind.OUT_OF_RANGE, "must not be empty");
    }
    atLeast(v, path, GPU_COUNT, 0);
    atLeast(v, path, WORLD_SIZE, 1);
    atLeast(v, path, NPROC_PER_NODE, 1);
    atLeast(v, path, MAX_GPU_COUNT, 1);
    atLeast(v, path, MODEL_PARAMS, 0);
  }

  private void atLeast(Validator v, String path, FieldSpec f, long min) {
    if (json.get(f.name()) instanceof JsonInt i && i.value().compareTo(BigInteger.valueOf(min)) < 0) {
      v.add(Validator.path(path, f.name()), Kind.OUT_OF_RANGE,
          "must be >= " + min + ", found " + i.value());
    }
  }

  /** Builds a {@link ComputeBlock}, rejecting values the reference's schema forbids. */
  public static final class Builder extends BlockBuilder<Builder> {
    Builder(JsonObject from) {
      super(from);
    }

    @Override
    Builder self() {
      return this;
    }

    public Builder schema(String schema) {
      return putString(SCHEMA_FIELD, schema);
    }

    /** GPUs actually leased for the scored run. */
    public Builder gpuCount(long gpuCount) {
      return putInt(GPU_COUNT, gpuCount);
    }

    public Builder worldSize(long worldSize) {
      return putInt(WORLD_SIZE, worldSize);
    }

    public Builder nprocPerNode(long nprocPerNode) {
      return putInt(NPROC_PER_NODE, nprocPerNode);
    }

    public Builder device(String device) {
      return putString(DEVICE, device);
    }

    /** The lease's maximum GPU count, or null to omit it. */
    public Builder maxGpuCount(Long maxGpuCount) {
      return maxGpuCount == null ? remove(MAX_GPU_COUNT.name()) : putInt(MAX_GPU_COUNT, maxGpuCount);
    }

    /** The scored model's realized parameter count, or null to omit it. */
    public Builder modelParams(Long modelParams) {
      return modelParams == null ? remove(MODEL_PARAMS.name()) : putInt(MODEL_PARAMS, modelParams);
    }

    /**
     * The block; null optional fields are omitted as the reference serializes them.
     *
     * @throws ManifestException listing every schema violation (missing field, out of range,
     *     unknown key)
     */
    public ComputeBlock build() {
      JsonObject json = json();
      for (FieldSpec f : List.of(MAX_GPU_COUNT, MODEL_PARAMS)) {
        if (json.get(f.name()) instanceof JsonNull) {
          json = json.without(f.name());
        }
      }
      ComputeBlock block = new ComputeBlock(json);
      List<ManifestProblem> problems = block.problems("$.compute");
      if (!problems.isEmpty()) {
        throw new ManifestException(problems);
      }
      return block;
    }
  }

  /** The value of a {@code _coerce_int}-style read: a non-bool JSON int, clamped to {@code min}. */
  static long coerceInt(JsonValue value, long fallback, long min) {
    if (value instanceof JsonInt i && i.fitsLong()) {
      return Math.max(min, i.value().longValue());
    }
    return Math.max(min, fallback);
  }
}

package ai.prism.core.manifest;

import static ai.prism.core.manifest.FieldSpec.required;

import ai.prism.core.json.JsonArray;
import ai.prism.core.json.JsonBool;
import ai.prism.core.json.JsonFloat;
import ai.prism.core.json.JsonInt;
import ai.prism.core.json.JsonNull;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonReadException;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.JsonValue;
import ai.prism.core.json.PyJson;
import ai.prism.core.json.Python;
import ai.prism.core.manifest.ManifestProblem.Kind;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The run manifest {@code prism_run_manifest.v2.json} (spec §5): authored by the capture runner,
 * amended by the host (compute block, held-out keys, replacement score block), read by the scorer.
 *
 * <p>A manifest is a lossless, immutable view of the JSON object the file holds: every field,
 * unknown ones and wrongly typed ones included, is kept exactly and written back exactly ({@link
 * #toJson()} is byte-identical to the reference's {@code json.dumps(m, indent=2, sort_keys=True)}).
 * Typed accessors return a block or value only when the JSON holds what the reference writes there;
 * {@link #validate()} lists everything else with its JSON path.
 */
public record RunManifest(JsonObject json) {
  /** The file name the runner writes in the artifacts directory. */
  public static final String FILE_NAME = "prism_run_manifest.v2.json";
  /** The only {@code schema_version} the host accepts. */
  public static final String SCHEMA_VERSION = "prism_run_manifest.v2";

  static final FieldSpec SCHEMA_VERSION_FIELD = required("schema_version", FieldType.STR);
  static final FieldSpec SUBMISSION_ID = required("submission_id", FieldType.STR);
  static final FieldSpec RUN_ID = required("run_id", FieldType.STR);
  static final FieldSpec MODE = required("mode", FieldType.STR);
  static final FieldSpec RUN = required("run", FieldType.OBJECT);
  static final FieldSpec COMPUTE = required("compute", FieldType.OBJECT);
  static final FieldSpec DATA = required("data", FieldType.OBJECT);
  static final FieldSpec METRICS = required("metrics", FieldType.OBJECT);
  static final FieldSpec SCORE = required("score", FieldType.OBJECT);
  static final FieldSpec ANTI_CHEAT = required("anti_cheat", FieldType.OBJECT);
  static final FieldSpec ARTIFACTS = required("artifacts", FieldType.OBJECT);
  static final FieldSpec MINER_REPORTED_IGNORED = required("miner_reported_ignored", FieldType.BOOL);
  static final List<FieldSpec> FIELDS =
      List.of(SCHEMA_VERSION_FIELD, SUBMISSION_ID, RUN_ID, MODE, RUN, COMPUTE, DATA, METRICS,
          SCORE, ANTI_CHEAT, ARTIFACTS, MINER_REPORTED_IGNORED);
  private static final List<String> MODES = List.of("gpu_proxy_eval", "full_scale_eval");

  /** Rejects a null object. */
  public RunManifest {
    Objects.requireNonNull(json, "json");
  }

  // ---- reading and writing ------------------------------------------------------------------

  /**
   * Reads a manifest file leniently (unknown and wrongly typed fields are kept).
   *
   * @throws JsonReadException when the file is missing, unreadable, not UTF-8 or not JSON
   * @throws ManifestException when the JSON is not an object
   */
  public static RunManifest read(Path file) {
    return of(PyJson.read(file));
  }

  /** Parses manifest text leniently; errors as {@link #read(Path)}. */
  public static RunManifest parse(String text) {
    return of(PyJson.parse(text));
  }

  /**
   * The manifest a JSON value holds.
   *
   * @throws ManifestException when {@code value} is not an object
   */
  public static RunManifest of(JsonValue value) {
    if (value instanceof JsonObject o) {
      return new RunManifest(o);
    }
    throw new ManifestException(
        List.of(new ManifestProblem("$", Kind.WRONG_TYPE,
            "Prism run manifest artifact is not a JSON object (found "
                + value.pythonTypeName() + ")")));
  }

  /** The text the reference writes: {@code json.dumps(m, indent=2, sort_keys=True)}, no newline. */
  public String toJson() {
    return PyJson.dumps(json, PyJson.Style.INDENTED);
  }

  /** Writes {@link #toJson()} to {@code file} atomically (temporary file, then move). */
  public void write(Path file) {
    PyJson.write(file, json, PyJson.Style.INDENTED);
  }

  // ---- typed access ---------------------------------------------------------------------------

  /**
   * A builder for a new manifest with {@code schema_version} {@value #SCHEMA_VERSION} and {@code
   * miner_reported_ignored} true.
   */
  public static Builder builder() {
    return new Builder(JsonObject.EMPTY)
        .set(SCHEMA_VERSION_FIELD.name(), new JsonString(SCHEMA_VERSION))
        .set(MINER_REPORTED_IGNORED.name(), JsonBool.TRUE);
  }

  /** A builder seeded with this manifest's fields (unknown ones included). */
  public Builder toBuilder() {
    return new Builder(json);
  }

  public Optional<String> schemaVersion() {
    return Fields.string(json, SCHEMA_VERSION_FIELD);
  }

  public Optional<String> submissionId() {
    return Fields.string(json, SUBMISSION_ID);
  }

  public Optional<String> runId() {
    return Fields.string(json, RUN_ID);
  }

  /** {@code gpu_proxy_eval} or {@code full_scale_eval}. */
  public Optional<String> mode() {
    return Fields.string(json, MODE);
  }

  public Optional<Boolean> minerReportedIgnored() {
    return Fields.bool(json, MINER_REPORTED_IGNORED);
  }

  public Optional<RunBlock> run() {
    return Fields.object(json, RUN).map(RunBlock::new);
  }

  public Optional<ComputeBlock> compute() {
    return Fields.object(json, COMPUTE).map(ComputeBlock::new);
  }

  public Optional<DataBlock> data() {
    return Fields.object(json, DATA).map(DataBlock::new);
  }

  public Optional<MetricsBlock> metrics() {
    return Fields.object(json, METRICS).map(MetricsBlock::new);
  }

  public Optional<ScoreBlock> score() {
    return Fields.object(json, SCORE).map(ScoreBlock::new);
  }

  public Optional<AntiCheatBlock> antiCheat() {
    return Fields.object(json, ANTI_CHEAT).map(AntiCheatBlock::new);
  }

  public Optional<ArtifactsBlock> artifacts() {
    return Fields.object(json, ARTIFACTS).map(ArtifactsBlock::new);
  }

  // ---- amending -----------------------------------------------------------------------------

  public RunManifest withRun(RunBlock run) {
    return new RunManifest(json.with(RUN.name(), run.json()));
  }

  public RunManifest withCompute(ComputeBlock compute) {
    return new RunManifest(json.with(COMPUTE.name(), compute.json()));
  }

  public RunManifest withData(DataBlock data) {
    return new RunManifest(json.with(DATA.name(), data.json()));
  }

  public RunManifest withMetrics(MetricsBlock metrics) {
    return new RunManifest(json.with(METRICS.name(), metrics.json()));
  }

  /** This manifest with its {@code score} block replaced (the host replaces it whole). */
  public RunManifest withScore(ScoreBlock score) {
    return new RunManifest(json.with(SCORE.name(), score.json()));
  }

  public RunManifest withAntiCheat(AntiCheatBlock antiCheat) {
    return new RunManifest(json.with(ANTI_CHEAT.name(), antiCheat.json()));
  }

  public RunManifest withArtifacts(ArtifactsBlock artifacts) {
    return new RunManifest(json.with(ARTIFACTS.name(), artifacts.json()));
  }

  /**
   * The host's re-authoring of the {@code compute} block (spec §5.6): {@code gpu_count} = leased
   * GPUs (at least 0); {@code world_size} = {@code run.world_size} when it is an int (at least 1),
   * else {@code max(gpu_count, 1)}; {@code nproc_per_node} = {@code run.nproc_per_node} when an int
   * (at least 1), else {@code world_size}; {@code device} = {@code run.device} when a non-empty
   * string, else {@code cuda} with GPUs and {@code cpu} without; {@code max_gpu_count} = the lease's
   * maximum when positive; {@code model_params} = the first non-negative int among {@code
   * metrics}, {@code compute} and {@code score}.
   *
   * @param leasedGpuCount GPUs actually leased for the run
   * @param maxGpuCount the lease's maximum GPU count, or null when unknown
   */
  public RunManifest withHostCompute(long leasedGpuCount, Long maxGpuCount) {
    JsonObject run = json.object(RUN.name()).orElse(JsonObject.EMPTY);
    long gpuCount = Math.max(0, leasedGpuCount);
    long worldSize = ComputeBlock.coerceInt(run.get("world_size"), Math.max(gpuCount, 1), 1);
    long nproc = ComputeBlock.coerceInt(run.get("nproc_per_node"), worldSize, 1);
    String device =
        run.get("device") instanceof JsonString s && !s.value().isEmpty()
            ? s.value()
            : gpuCount > 0 ? "cuda" : "cpu";
    Long max = maxGpuCount == null || maxGpuCount <= 0 ? null : maxGpuCount;
    ComputeBlock compute =
        ComputeBlock.builder()
            .gpuCount(gpuCount)
            .worldSize(worldSize)
            .nprocPerNode(nproc)
            .device(device)
            .maxGpuCount(max)
            .modelParams(recordedModelParams())
            .build();
    return withCompute(compute);
  }

  private Long recordedModelParams() {
    for (String block : List.of(METRICS.name(), COMPUTE.name(), SCORE.name())) {
      Optional<JsonObject> o = json.object(block);
      if (o.isPresent()
          && o.get().get("model_params") instanceof JsonInt i
          && i.fitsLong()
          && i.value().signum() >= 0) {
        return i.value().longValue();
      }
    }
    return null;
  }

  // ---- validation -----------------------------------------------------------------------------

  /**
   * Everything in this manifest that differs from what the reference writes: missing fields, wrong
   * JSON types, values outside the compute schema, unexpected constants, unknown compute keys, and
   * fields the runner always writes in agreement that disagree. Empty for a manifest written by the
   * reference runner (with or without the host's amendments).
   */
  public List<ManifestProblem> validate() {
    Validator v = new Validator();
    v.fields("$", json, FIELDS);
    v.constant("$", json, SCHEMA_VERSION_FIELD.name(), new JsonString(SCHEMA_VERSION));
    v.constant("$", json, MINER_REPORTED_IGNORED.name(), JsonBool.TRUE);
    if (json.get(MODE.name()) instanceof JsonString s && !MODES.contains(s.value())) {
      v.add("$.mode", Kind.UNEXPECTED_VALUE,
          "expected gpu_proxy_eval or full_scale_eval, found '" + s.value() + "'");
    }
    run().ifPresent(b -> b.validate(v, "$.run"));
    compute().ifPresent(b -> b.validate(v, "$.compute"));
    data().ifPresent(b -> b.validate(v, "$.data"));
    metrics().ifPresent(b -> b.validate(v, "$.metrics"));
    score().ifPresent(b -> b.validate(v, "$.score"));
    antiCheat().ifPresent(b -> b.validate(v, "$.anti_cheat"));
    artifacts().ifPresent(b -> b.validate(v, "$.artifacts"));
    crossChecks(v);
    return v.problems();
  }

  /** Agreements between blocks that the runner always writes (spec §4.11, §5). */
  private void crossChecks(Validator v) {
    JsonObject run = json.object(RUN.name()).orElse(JsonObject.EMPTY);
    JsonObject data = json.object(DATA.name()).orElse(JsonObject.EMPTY);
    JsonObject metrics = json.object(METRICS.name()).orElse(JsonObject.EMPTY);
    JsonObject anti = json.object(ANTI_CHEAT.name()).orElse(JsonObject.EMPTY);
    v.agree("$.run.stopped_reason", run.get("stopped_reason"),
        "$.data.stopped_reason", data.get("stopped_reason"));
    v.agree("$.metrics.covered_bytes", metrics.get("covered_bytes"),
        "$.data.covered_bytes", data.get("covered_bytes"));
    v.agree("$.metrics.consumed_batches", metrics.get("consumed_batches"),
        "$.data.consumed_batches", data.get("consumed_batches"));
    v.agree("$.metrics.nan_inf_batches", metrics.get("nan_inf_batches"),
        "$.anti_cheat.nan_inf_batches", anti.get("nan_inf_batches"));
    lengthAgrees(v, metrics.get("consumed_batches"), "$.metrics.online_loss",
        metrics.get("online_loss"));
    lengthAgrees(v, metrics.get("consumed_batches"), "$.data.covered_bytes_cumulative",
        data.get("covered_bytes_cumulative"));
    if (metrics.get("online_loss") instanceof JsonArray losses && metrics.has("step0_loss")) {
      JsonValue first = losses.size() == 0 ? JsonNull.INSTANCE : losses.get(0);
      v.agree("$.metrics.online_loss[0]", first, "$.metrics.step0_loss", metrics.get("step0_loss"));
    }
    if (data.get("covered_bytes_cumulative") instanceof JsonArray cumulative
        && cumulative.size() > 0
        && cumulative.get(cumulative.size() - 1) instanceof JsonFloat last
        && Double.isFinite(last.value())
        && data.get("covered_bytes") instanceof JsonInt) {
      v.agree("round($.data.covered_bytes_cumulative[-1])",
          JsonInt.of(Python.roundHalfEven(last.value())),
          "$.data.covered_bytes", data.get("covered_bytes"));
    }
  }

  private static void lengthAgrees(Validator v, JsonValue batches, String path, JsonValue list) {
    if (batches instanceof JsonInt n && list instanceof JsonArray a
        && n.value().compareTo(BigInteger.valueOf(a.size())) != 0) {
      v.add(path, Kind.INCONSISTENT,
          "has " + a.size() + " items but $.metrics.consumed_batches is " + n.value());
    }
  }

  /** Builds a {@link RunManifest} from typed blocks; unknown fields it was seeded with are kept. */
  public static final class Builder extends BlockBuilder<Builder> {
    Builder(JsonObject from) {
      super(from);
    }

    @Override
    Builder self() {
      return this;
    }

    /** Sets {@code submission_id} and {@code run_id} ({@code prism-reexec-<id>}). */
    public Builder submissionId(String submissionId) {
      putString(SUBMISSION_ID, submissionId);
      return putString(RUN_ID, "prism-reexec-" + submissionId);
    }

    public Builder runId(String runId) {
      return putString(RUN_ID, runId);
    }

    /** {@code gpu_proxy_eval} or {@code full_scale_eval}. */
    public Builder mode(String mode) {
      return putString(MODE, mode);
    }

    public Builder run(RunBlock run) {
      return putObject(RUN, run.json());
    }

    public Builder compute(ComputeBlock compute) {
      return putObject(COMPUTE, compute.json());
    }

    public Builder data(DataBlock data) {
      return putObject(DATA, data.json());
    }

    public Builder metrics(MetricsBlock metrics) {
      return putObject(METRICS, metrics.json());
    }

    public Builder score(ScoreBlock score) {
      return putObject(SCORE, score.json());
    }

    public Builder antiCheat(AntiCheatBlock antiCheat) {
      return putObject(ANTI_CHEAT, antiCheat.json());
    }

    public Builder artifacts(ArtifactsBlock artifacts) {
      return putObject(ARTIFACTS, artifacts.json());
    }

    public Builder minerReportedIgnored(boolean ignored) {
      return putBool(MINER_REPORTED_IGNORED, ignored);
    }

    public RunManifest build() {
      return new RunManifest(json());
    }
  }
}

package ai.prism.core.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.json.JsonArray;
import ai.prism.core.json.JsonFloat;
import ai.prism.core.json.JsonInt;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonReadException;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.PyJson;
import ai.prism.core.manifest.ManifestProblem.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fixtures were written by CPython 3.11 with the reference's own {@code json.dumps(manifest,
 * sort_keys=True, indent=2)}: {@code runner.json} as the runner authors a manifest, {@code
 * heldout.json} after the host's compute and held-out amendments (score block produced by the
 * reference scorer) plus fields a later version might add, {@code odd.json} with values of the wrong
 * type, NaN/Infinity tokens and a big int.
 */
class RunManifestTest {

  static String fixture(String name) throws IOException {
    try (InputStream in = Objects.requireNonNull(RunManifestTest.class.getResourceAsStream(name))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"runner.json", "heldout.json", "odd.json"})
  void readingThenWritingIsByteIdentical(String name, @TempDir Path dir) throws IOException {
    String text = fixture(name);
    RunManifest manifest = RunManifest.parse(text);
    assertEquals(text, manifest.toJson());
    Path file = dir.resolve(RunManifest.FILE_NAME);
    manifest.write(file);
    assertEquals(text, Files.readString(file));
    assertEquals(manifest, RunManifest.read(file));
  }

  @Test
  void referenceWrittenManifestsValidateClean() throws IOException {
    assertEquals(List.of(), RunManifest.parse(fixture("runner.json")).validate());
    assertEquals(List.of(), RunManifest.parse(fixture("heldout.json")).validate());
  }

  @Test
  void typedAccessorsReadEveryBlock() throws IOException {
    RunManifest m = RunManifest.parse(fixture("heldout.json"));
    assertEquals(RunManifest.SCHEMA_VERSION, m.schemaVersion().orElseThrow());
    assertEquals("sub-\u00e9t\u00e9-\uD83D\uDE00", m.submissionId().orElseThrow());
    assertEquals(1337, m.run().orElseThrow().seed().getAsLong());
    assertTrue(m.run().orElseThrow().masterAddr().isEmpty());
    assertEquals(8, m.compute().orElseThrow().maxGpuCount().getAsLong());
    DataBlock data = m.data().orElseThrow();
    assertEquals(192, data.coveredBytes().getAsLong());
    assertTrue(data.availableBytes().isEmpty(), "a 23-digit int does not fit a long...");
    assertEquals(new JsonInt(new java.math.BigInteger("12345678901234567890123")),
        data.json().get("available_bytes"), "...but is kept exactly");
    MetricsBlock metrics = m.metrics().orElseThrow();
    assertEquals(6, metrics.onlineLoss().orElseThrow().size());
    assertEquals(5.545177444479562, metrics.step0Loss().getAsDouble());
    assertEquals(3.25, metrics.heldoutDelta().getAsDouble());
    assertEquals("converged", metrics.gapBasis().orElseThrow());
    ScoreBlock score = m.score().orElseThrow();
    assertTrue(score.isScorerForm());
    assertEquals(List.of("memorization_gap"), score.flags().orElseThrow());
    assertEquals(0.08373494752822579, score.finalScore().getAsDouble());
    assertEquals(2.25, m.antiCheat().orElseThrow().memorizationGap().getAsDouble());
    assertEquals(ArtifactsBlock.TRAINED_STATE_FILE,
        m.artifacts().orElseThrow().trainedState().orElseThrow());
    assertFalse(RunManifest.parse(fixture("runner.json")).score().orElseThrow().isScorerForm());
  }

  @Test
  void wrongTypesAreKeptExactlyAndReportedWithPaths() throws IOException {
    RunManifest m = RunManifest.parse(fixture("odd.json"));
    MetricsBlock metrics = m.metrics().orElseThrow();
    assertTrue(metrics.coveredBytes().isEmpty());
    assertEquals(new JsonFloat(512.7), metrics.json().get("covered_bytes"));
    assertEquals(new JsonString("512"), m.data().orElseThrow().json().get("covered_bytes"));
    assertTrue(metrics.onlineLoss().isEmpty());
    assertTrue(m.artifacts().isEmpty(), "artifacts is a list in this file");
    List<String> problems =
        m.validate().stream().map(p -> p.path() + " " + p.kind()).collect(Collectors.toList());
    assertEquals(
        List.of(
            "$.artifacts WRONG_TYPE",
            "$.mode UNEXPECTED_VALUE",
            "$.run.world_size WRONG_TYPE",
            "$.compute.unexpected UNKNOWN_FIELD",
            "$.compute.world_size OUT_OF_RANGE",
            "$.data.covered_bytes WRONG_TYPE",
            "$.metrics.online_loss[4] WRONG_TYPE",
            "$.metrics.online_loss[5] WRONG_TYPE",
            "$.metrics.online_loss[6] WRONG_TYPE",
            "$.metrics.step0_loss WRONG_TYPE",
            "$.metrics.covered_bytes WRONG_TYPE",
            "$.metrics.sum_neg_log_likelihood_nats WRONG_TYPE",
            "$.metrics.total_bytes_covered INCONSISTENT",
            "$.metrics.tokens_seen INCONSISTENT",
            "$.anti_cheat.step0_anomaly WRONG_TYPE",
            "$.anti_cheat.nan_inf_detected WRONG_TYPE",
            "$.data.covered_bytes INCONSISTENT",
            "$.metrics.online_loss INCONSISTENT",
            "$.metrics.step0_loss INCONSISTENT"),
        problems);
    ManifestProblem first = m.validate().get(0);
    assertEquals("expected object, found list []", first.message());
  }

  @Test
  void buildingFromTypedValuesReproducesTheReferenceRunnerManifest() throws IOException {
    JsonObject fixture = RunManifest.parse(fixture("runner.json")).json();
    JsonObject fixtureData = fixture.object("data").orElseThrow();
    MetricsBlock fixtureMetrics = new MetricsBlock(fixture.object("metrics").orElseThrow());
    List<Double> losses = fixtureMetrics.onlineLoss().orElseThrow();
    double nats = fixtureMetrics.sumNegLogLikelihoodNats().getAsDouble();
    double bits = fixtureMetrics.sumNegLog2LikelihoodBits().getAsDouble();
    double bpb = fixtureMetrics.prequentialBpb().getAsDouble();
    double baseline = fixtureMetrics.randomInitBaselineNats().getAsDouble();
    RunManifest built =
        RunManifest.builder()
            .submissionId("sub-\u00e9t\u00e9-\uD83D\uDE00")
            .mode("gpu_proxy_eval")
            .run(RunBlock.builder().seed(1337).worldSize(1).rank(0).localRank(0).device("cpu")
                .masterAddr(null).nprocPerNode(1).stoppedReason("token_budget").build())
            .compute(ComputeBlock.builder().gpuCount(1).worldSize(1).nprocPerNode(1).device("cpu")
                .build())
            .data(DataBlock.builder().dataDir("/data/fineweb-edu/train").shardCount(2)
                .set("available_bytes", fixtureData.get("available_bytes"))
                .source(DataBlock.LOCKED_SOURCE).coveredBytes(192)
                .coveredBytesCumulative(List.of(32.0, 64.0, 96.5, 128.0, 160.25, 192.0))
                .consumedDocuments(7).consumedBatches(6).consumedOffsets(7).distinctOffsets(7)
                .stoppedReason("token_budget").build())
            .metrics(MetricsBlock.builder().onlineLoss(losses).randomInitBaselineNats(baseline)
                .consumedBatches(6).coveredBytes(192).predictedTokens(180)
                .sumNegLogLikelihoodNats(nats).sumNegLog2LikelihoodBits(bits).prequentialBpb(bpb)
                .nanInfBatches(0).trainBpbBasis("bytes").modelParams(1048576L).build())
            .score(ScoreBlock.builder().prequentialBpb(bpb).finalScore(1.0 / (1.0 + bpb))
                .coveredBytes(192).sumNegLog2LikelihoodBits(bits).tokensConsumed(180)
                .trainBpbBasis("bytes").antiCheatMultiplier(1.0).anomaly(false).build())
            .antiCheat(AntiCheatBlock.builder().step0Anomaly(false)
                .step0AnomalyThresholdNats(0.1 * baseline).nanInfBatches(0).zeroForward(false)
                .build())
            .artifacts(ArtifactsBlock.of(ArtifactsBlock.TRAINED_STATE_FILE))
            .build();
    assertEquals(fixture("runner.json"), built.toJson());
  }

  @Test
  void amendingKeepsUnknownFields() throws IOException {
    RunManifest m = RunManifest.parse(fixture("heldout.json"));
    MetricsBlock amended = m.metrics().orElseThrow().toBuilder().valCoveredBytes(4096).build();
    RunManifest out = m.withMetrics(amended);
    assertEquals(4096, out.metrics().orElseThrow().valCoveredBytes().getAsLong());
    assertEquals(m.metrics().orElseThrow().json().get("x_extra_metric"),
        out.metrics().orElseThrow().json().get("x_extra_metric"));
    assertEquals(m.json().get("x_future_block"), out.json().get("x_future_block"));
  }

  @Test
  void hostComputeReauthoringFollowsSpec56() throws IOException {
    RunManifest runner = RunManifest.parse(fixture("runner.json"));
    ComputeBlock leased = runner.withHostCompute(1, 8L).compute().orElseThrow();
    assertEquals(
        "{\"device\":\"cpu\",\"gpu_count\":1,\"max_gpu_count\":8,\"model_params\":1048576,"
            + "\"nproc_per_node\":1,\"schema\":\"prism_compute.v1\",\"world_size\":1}",
        PyJson.dumps(leased.json(), PyJson.Style.COMPACT));
    RunManifest noRun = RunManifest.builder().build();
    ComputeBlock bare = noRun.withHostCompute(1, null).compute().orElseThrow();
    assertEquals(1, bare.gpuCount().getAsLong());
    assertEquals(1, bare.worldSize().getAsLong());
    assertEquals(1, bare.nprocPerNode().getAsLong());
    assertEquals("cuda", bare.device().orElseThrow());
    assertFalse(bare.json().has("max_gpu_count"));
    assertFalse(bare.json().has("model_params"));
    assertEquals("cpu", noRun.withHostCompute(0, 0L).compute().orElseThrow().device().orElseThrow());
    RunManifest withParams = noRun.withMetrics(
        MetricsBlock.builder().modelParams(123456L).build());
    assertEquals(123456,
        withParams.withHostCompute(1, null).compute().orElseThrow().modelParams().getAsLong());
  }

  @Test
  void computeBlockRejectsWhatTheReferenceSchemaRejects() {
    ManifestException zeroWorld = assertThrows(ManifestException.class,
        () -> ComputeBlock.builder().gpuCount(1).worldSize(0).nprocPerNode(1).device("cpu").build());
    assertEquals("$.compute.world_size", zeroWorld.problems().get(0).path());
    assertEquals(Kind.OUT_OF_RANGE, zeroWorld.problems().get(0).kind());
    assertThrows(ManifestException.class,
        () -> ComputeBlock.builder().gpuCount(-1).worldSize(1).nprocPerNode(1).device("cpu").build());
    assertThrows(ManifestException.class,
        () -> ComputeBlock.builder().gpuCount(1).worldSize(1).nprocPerNode(1).device("").build());
    assertThrows(ManifestException.class,
        () -> ComputeBlock.builder().gpuCount(1).worldSize(1).nprocPerNode(1).device("cpu")
            .maxGpuCount(0L).build());
    ManifestException missing =
        assertThrows(ManifestException.class, () -> ComputeBlock.builder().gpuCount(1).build());
    assertEquals(List.of("$.compute.world_size", "$.compute.nproc_per_node", "$.compute.device"),
        missing.problems().stream().map(ManifestProblem::path).toList());
    ComputeBlock ok = ComputeBlock.builder().gpuCount(1).worldSize(1).nprocPerNode(1).device("cpu")
        .maxGpuCount(null).modelParams(null).build();
    assertFalse(ok.json().has("max_gpu_count"));
    assertFalse(ok.json().has("model_params"));
  }

  @Test
  void nonObjectRootAndBrokenFilesAreTypedErrors(@TempDir Path dir) throws IOException {
    ManifestException list = assertThrows(ManifestException.class, () -> RunManifest.parse("[1]"));
    assertEquals("$", list.problems().get(0).path());
    assertTrue(list.getMessage().contains("is not a JSON object"), list.getMessage());
    assertEquals(JsonReadException.Kind.SYNTAX,
        assertThrows(JsonReadException.class, () -> RunManifest.parse("{\"metrics\": {")).kind());
    Path truncated = dir.resolve("m.json");
    Files.writeString(truncated, fixture("runner.json").substring(0, 500));
    JsonReadException e = assertThrows(JsonReadException.class, () -> RunManifest.read(truncated));
    assertTrue(e.getMessage().startsWith(truncated.toString()), e.getMessage());
    assertEquals(JsonReadException.Kind.NOT_FOUND, assertThrows(JsonReadException.class,
        () -> RunManifest.read(dir.resolve("none.json"))).kind());
  }

  @Test
  void schemaVersionAndConstantsAreChecked() {
    RunManifest m = RunManifest.builder().set("schema_version", new JsonString("v1"))
        .score(ScoreBlock.builder().set("wall_clock_term", ai.prism.core.json.JsonBool.TRUE).build())
        .metrics(MetricsBlock.builder().set("online_loss", new JsonArray(List.of(JsonInt.of(1))))
            .build())
        .build();
    List<ManifestProblem> problems = m.validate();
    assertTrue(problems.contains(new ManifestProblem("$.schema_version", Kind.UNEXPECTED_VALUE,
        "expected \"prism_run_manifest.v2\", found str \"v1\"")), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.path().equals("$.score.wall_clock_term")
        && p.kind() == Kind.UNEXPECTED_VALUE), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.path().equals("$.run") && p.kind() == Kind.MISSING));
    assertTrue(problems.stream().noneMatch(p -> p.path().startsWith("$.metrics.online_loss")),
        "an int is a number in a float list");
  }
}

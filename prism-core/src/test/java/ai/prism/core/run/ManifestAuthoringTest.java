package ai.prism.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.capture.CaptureOptions;
import ai.prism.core.json.Python;
import ai.prism.core.manifest.ComputeBlock;
import ai.prism.core.manifest.RunManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spec §4.11 and the manifest cases of §9.5 that the runner authors. */
class ManifestAuthoringTest {
  @TempDir Path tmp;

  private RunManifest manifest() {
    RunFixture f = new RunFixture(tmp);
    f.builder.stepBudget(60L); // full (2, 16) batches only: no trailing partial batch
    return f.run(new Loops.Sgd().options(CaptureOptions.builder().batchSize(2).seqLen(16).build())).manifest();
  }

  @Test
  void scoreIdentitiesHoldExactly() {
    RunManifest m = manifest();
    double nats = J.num(m, "metrics.sum_neg_log_likelihood_nats");
    long covered = J.integer(m, "metrics.covered_bytes");
    double bits = nats / Math.log(2.0);
    assertEquals(bits, J.num(m, "metrics.sum_neg_log2_likelihood_bits"), 0.0);
    assertEquals(bits, J.num(m, "metrics.cumulative_codelength_bits"), 0.0);
    assertEquals(bits / covered, J.num(m, "metrics.prequential_bpb"), 0.0);
    assertEquals(bits / covered, J.num(m, "score.prequential_bpb"), 0.0);
    assertEquals(J.num(m, "metrics.prequential_bpb"), J.num(m, "metrics.bits_per_byte"), 0.0);
    assertNotEquals(1.0, J.num(m, "score.prequential_bpb"));
    assertEquals(covered, J.integer(m, "metrics.total_bytes_covered"));
    assertEquals(covered, J.integer(m, "score.covered_bytes"));
    assertEquals(covered, J.integer(m, "data.covered_bytes"));
    List<Double> cumulative = J.floats(m, "data.covered_bytes_cumulative");
    assertEquals(Python.roundHalfEven(cumulative.get(cumulative.size() - 1)), covered);
    assertTrue(J.integer(m, "metrics.predicted_tokens") > 0);
    assertEquals(J.integer(m, "metrics.predicted_tokens"), J.integer(m, "metrics.tokens_seen"));
    assertEquals(J.integer(m, "metrics.predicted_tokens"), J.integer(m, "score.tokens_consumed"));
    double bpb = bits / covered;
    assertEquals((1.0 / (1.0 + bpb)) * 1.0, J.num(m, "score.final_score"), 0.0);
    assertEquals("tokens_bytes", J.str(m, "score.compute_normalization"));
    assertTrue(!J.bool(m, "score.wall_clock_term"));
    assertEquals("prequential_bpb", J.str(m, "score.primary_metric"));
    assertEquals("prism_score.v2", J.str(m, "score.schema"));
    assertTrue(J.bool(m, "score.lower_is_better"));
    assertTrue(J.floats(m, "metrics.online_loss").size() >= 2);
    // The sum of the token-weighted losses is what was recorded.
    double sum = 0;
    for (double loss : J.floats(m, "metrics.online_loss")) {
      sum += loss * 2 * 15;
    }
    assertEquals(sum, nats, 1e-9 * nats);
  }

  @Test
  void everyFieldOfTheReferenceIsPresentAndTheModelValidates() {
    RunManifest m = manifest();
    assertEquals(List.of(), m.validate());
    assertEquals("prism_run_manifest.v2", J.str(m, "schema_version"));
    assertEquals("gpu_proxy_eval", J.str(m, "mode"));
    for (String path : List.of("run.seed", "run.forced_init", "run.deterministic_algorithms", "run.world_size",
        "run.rank", "run.local_rank", "run.device", "run.master_addr", "run.nproc_per_node", "run.stopped_reason",
        "data.data_dir", "data.shard_count", "data.available_bytes", "data.source", "data.random_token_fallback",
        "data.single_pass", "data.covered_bytes", "data.covered_bytes_cumulative", "data.consumed_documents",
        "data.consumed_batches", "data.consumed_offsets", "data.distinct_offsets", "data.stopped_reason",
        "metrics.model_params", "metrics.nan_inf_batches", "metrics.train_bpb_basis", "metrics.step0_loss",
        "anti_cheat.step0_anomaly", "anti_cheat.step0_anomaly_threshold_nats", "anti_cheat.nan_inf_detected",
        "anti_cheat.no_learning", "anti_cheat.zero_forward", "artifacts.trained_state", "score.anomaly",
        "score.anti_cheat_multiplier", "score.miner_reported_ignored", "score.train_bpb_basis")) {
      assertTrue(J.has(m, path), path);
    }
    assertEquals(TrainedState.FILE_NAME, J.str(m, "artifacts.trained_state"));
  }

  @Test
  void theComputeBlockParsesAndAgreesWithTheRunBlock() {
    RunManifest m = manifest();
    ComputeBlock compute = m.compute().orElseThrow();
    assertEquals("prism_compute.v1", J.str(m, "compute.schema"));
    assertEquals(1, J.integer(m, "compute.gpu_count"));
    assertEquals(J.integer(m, "run.world_size"), J.integer(m, "compute.world_size"));
    assertEquals(J.integer(m, "run.nproc_per_node"), J.integer(m, "compute.nproc_per_node"));
    assertEquals(J.str(m, "run.device"), J.str(m, "compute.device"));
    assertEquals(compute.json(), ComputeBlock.builder().gpuCount(1).worldSize(1).nprocPerNode(1).device("cpu").build().json());
  }

  @Test
  void aSuccessfulRunPrintsTheReferencesMetricsLine() {
    RunFixture f = new RunFixture(tmp);
    f.builder.stepBudget(7L);
    RunResult r = f.run(new Loops.Sgd().options(CaptureOptions.builder().batchSize(2).seqLen(16).build()));
    long available = J.integer(r.manifest(), "data.available_bytes");
    assertTrue(f.diagnostics().contains("PRISM_METRICS_JSON={\"available_bytes\":" + available + ".0,\"shard_count\":1.0,"
        + "\"covered_bytes\":224.0,\"consumed_batches\":7.0,\"online_loss_samples\":7.0}\n"), f.diagnostics());
  }

  @Test
  void theTrainedStateIsSavedRecordedAndOverwritesAPlantedFile() throws Exception {
    RunFixture f = new RunFixture(tmp);
    Files.createDirectories(f.artifacts);
    Files.writeString(f.artifacts.resolve(TrainedState.FILE_NAME), "planted");
    RunResult r = f.run(new Loops.Sgd().options(CaptureOptions.builder().batchSize(2).seqLen(16).build()).maxBatches(5));
    assertEquals(f.artifacts.resolve(TrainedState.FILE_NAME), r.trainedStatePath());
    assertTrue(Files.size(r.trainedStatePath()) > 256 * 256 * 4);
    assertEquals(TrainedState.FILE_NAME, J.str(r.manifest(), "artifacts.trained_state"));
  }
}

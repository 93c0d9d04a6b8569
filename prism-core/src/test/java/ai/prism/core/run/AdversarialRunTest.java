package ai.prism.core.run;

import static ai.prism.core.run.RunFixture.SEQ16_BATCH1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.prism.core.capture.TrainBatch;
import ai.prism.core.manifest.RunManifest;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training and architecture roles that try to game or break the run (issue 5 acceptance). */
class AdversarialRunTest {
  @TempDir Path tmp;

  @Test
  void nanLogitsAreSanitisedToTwiceTheBaseline() {
    RunFixture f = new RunFixture(tmp);
    f.builder.vocabSize(128);
    RunResult r = f.run(ctx -> TestBlocks.nonFinite(ctx.vocabSize(), Float.NaN), new Loops.Sgd().options(SEQ16_BATCH1).noStep().maxBatches(5));
    double worst = 2 * Math.log(128);
    assertEquals(Collections.nCopies(5, worst), r.onlineLoss());
    assertEquals(5, J.integer(r.manifest(), "metrics.nan_inf_batches"));
    assertEquals(5, J.integer(r.manifest(), "anti_cheat.nan_inf_batches"));
    assertTrue(J.bool(r.manifest(), "anti_cheat.nan_inf_detected"));
    assertEquals(worst * 5 * 15, J.num(r.manifest(), "metrics.sum_neg_log_likelihood_nats"), 1e-9);
  }

  @Test
  void infiniteLogitsGiveFiniteLossesAtOrAboveTheBaseline() {
    RunFixture f = new RunFixture(tmp);
    f.builder.vocabSize(128);
    RunResult r = f.run(ctx -> TestBlocks.nonFinite(ctx.vocabSize(), Float.POSITIVE_INFINITY), new Loops.Sgd().options(SEQ16_BATCH1).noStep().maxBatches(4));
    assertTrue(r.onlineLoss().stream().allMatch(l -> Double.isFinite(l) && l >= Math.log(128)));
    assertTrue(J.bool(r.manifest(), "anti_cheat.nan_inf_detected"));
    assertTrue(J.integer(r.manifest(), "metrics.nan_inf_batches") >= 1);
    assertEquals(J.integer(r.manifest(), "metrics.nan_inf_batches"), J.integer(r.manifest(), "anti_cheat.nan_inf_batches"));
  }

  @Test
  void anImpossiblyLowFirstLossIsAStepZeroAnomalyWithScoreZero() {
    RunFixture f = new RunFixture(tmp, Corpus.shard(tmp.resolve("train"), "train-000.jsonl", Collections.nCopies(20, "a".repeat(64))));
    f.builder.vocabSize(128);
    RunResult r = f.run(ctx -> TestBlocks.hardCodedBias(ctx.vocabSize(), 'a'), new Loops.Sgd().options(SEQ16_BATCH1).noStep().maxBatches(3));
    RunManifest m = r.manifest();
    assertTrue(J.num(m, "metrics.step0_loss") < 0.5 * Math.log(128));
    assertTrue(J.bool(m, "anti_cheat.step0_anomaly"));
    assertTrue(J.bool(m, "score.anomaly"));
    assertEquals(0.0, J.num(m, "score.anti_cheat_multiplier"));
    assertEquals(0.0, r.finalScore());
    assertTrue(r.prequentialBpb() > 0, "a lower bpb does not help: " + r.prequentialBpb());
  }

  @Test
  void twoDimensionalLogitsGetALeadingBatchDimension() {
    RunFixture f = new RunFixture(tmp);
    RunResult r = f.run(ctx -> TestBlocks.twoDimensional(ctx.vocabSize()), new Loops.Sgd().options(SEQ16_BATCH1).noStep().maxBatches(3));
    assertEquals(3, r.onlineLoss().size());
    assertEquals(Math.log(256), r.onlineLoss().get(0), 0.05);
  }

  @Test
  void anOverCapModelTrainedInlineFailsWithTheParamCapMarkerAndNoManifest() {
    RunFixture f = new RunFixture(tmp);
    f.builder.maxParameters(1000);
    Training inline = ctx -> {
      Model big = Model.newInstance("big");
      big.setBlock(new Bigram(256));
      big.getBlock().initialize(big.getNDManager(), DataType.FLOAT32, new Shape(1, 16));
      for (TrainBatch ignored : ctx.trainBatches(big, SEQ16_BATCH1)) {
        throw new AssertionError("an over-cap model must never see a batch");
      }
    };
    RunFailedException e = assertThrows(RunFailedException.class, () -> f.run(ctx -> new Bigram(8), inline));
    assertEquals(RunFailure.PARAM_CAP, e.failure().ruleId());
    assertEquals("scored model has 65536 parameters, exceeding the 1000 parameter cap", e.getMessage());
    assertTrue(f.diagnostics().contains("PRISM_RUNNER_PARAM_CAP: scored model has 65536 parameters, exceeding the 1000"
        + " parameter cap (training.py trained a model that diverges from the sub-cap build_model)"), f.diagnostics());
    assertNull(e.manifestPath());
    assertFalse(Files.exists(f.artifacts.resolve(RunManifest.FILE_NAME)));
  }

  @Test
  void parametersCreatedLazilyOnTheFirstForwardAreCheckedBeforeAnythingIsRecorded() {
    RunFixture f = new RunFixture(tmp);
    f.builder.maxParameters(1000);
    int[] handedOut = {0};
    Training lazy = ctx -> {
      Model big = Model.newInstance("lazy");
      big.setBlock(new Bigram(256)); // never initialised: DJL creates the weight on the first forward
      for (TrainBatch ignored : ctx.trainBatches(big, SEQ16_BATCH1)) {
        handedOut[0]++;
      }
    };
    RunFailedException e = assertThrows(RunFailedException.class, () -> f.run(lazy));
    assertEquals(RunFailure.PARAM_CAP, e.failure().ruleId());
    assertEquals(0, handedOut[0]);
    assertTrue(f.diagnostics().contains("PRISM_RUNNER_PARAM_CAP: scored model has 65536 parameters"), f.diagnostics());
  }

  @Test
  void aLoopThatSwallowsTheCapViolationStillFails() {
    RunFixture f = new RunFixture(tmp);
    f.builder.maxParameters(1000);
    Training swallowing = ctx -> {
      try {
        for (TrainBatch ignored : ctx.trainBatches(ctx.buildModel(), SEQ16_BATCH1)) {
          // never reached
        }
      } catch (Exception swallowed) {
        // a miner hiding the failure
      }
    };
    RunFailedException e = assertThrows(RunFailedException.class, () -> f.run(swallowing));
    assertEquals(RunFailure.PARAM_CAP, e.failure().ruleId());
  }

  @Test
  void anHonestRunRecordsItsExactParameterCount() {
    RunFixture f = new RunFixture(tmp);
    f.builder.maxParameters(65536);
    RunResult r = f.run(new Loops.Sgd().options(SEQ16_BATCH1).maxBatches(3));
    assertEquals(65536, J.integer(r.manifest(), "metrics.model_params"));
    assertNotNull(r.finalScore());
  }

  @Test
  void aLoopHangingOutsideTheIteratorIsStoppedByTheWatchdog() {
    RunFixture f = new RunFixture(tmp);
    f.builder.budgetSeconds(0.3).watchdogGraceSeconds(0.3);
    Training hanging = ctx -> {
      Model model = ctx.buildModel();
      for (TrainBatch ignored : ctx.trainBatches(model, SEQ16_BATCH1)) {
        Thread.sleep(60_000);
      }
    };
    RunFailedException e = assertThrows(RunFailedException.class, () -> f.run(hanging));
    assertEquals(RunFailure.BUDGET_EXCEEDED, e.failure().ruleId());
    assertEquals(7, e.failure().exitCode());
    assertTrue(e.getMessage().startsWith("PRISM_RUNNER_BUDGET_EXCEEDED: training loop exceeded the wall-clock budget safety cap (0.6s)"), e.getMessage());
    RunManifest m = RunManifest.read(e.manifestPath());
    assertEquals("wall_clock", J.str(m, "run.stopped_reason"));
    assertEquals("wall_clock", J.str(m, "data.stopped_reason"));
    assertTrue(J.bool(m, "anti_cheat.budget_exceeded"));
    assertFalse(J.bool(m, "anti_cheat.artifacts_quota_exceeded"));
    assertTrue(J.isNull(m, "score.final_score"));
    assertEquals(List.of(), J.floats(m, "metrics.online_loss"));
    assertFalse(J.has(m, "run.deterministic_algorithms"));
  }

  @Test
  void aLoopFillingTheArtifactsDirectoryHitsTheQuota() throws Exception {
    RunFixture f = new RunFixture(tmp);
    f.builder.artifactsQuotaBytes(512L * 1024);
    Training filler = ctx -> {
      byte[] chunk = new byte[64 * 1024];
      try (OutputStream out = Files.newOutputStream(ctx.context().artifactsDir().resolve("fill.bin"))) {
        for (int i = 0; i < 128 && !Thread.currentThread().isInterrupted(); i++) {
          out.write(chunk);
          out.flush();
          Thread.sleep(40);
        }
      }
    };
    RunFailedException e = assertThrows(RunFailedException.class, () -> f.run(filler));
    assertEquals(RunFailure.ARTIFACTS_QUOTA, e.failure().ruleId());
    assertEquals(8, e.failure().exitCode());
    assertEquals("PRISM_RUNNER_ARTIFACTS_QUOTA: artifacts_dir exceeded the disk quota (524288 bytes)", e.getMessage());
    RunManifest m = RunManifest.read(e.manifestPath());
    assertEquals("artifacts_quota", J.str(m, "run.stopped_reason"));
    assertTrue(J.bool(m, "anti_cheat.artifacts_quota_exceeded"));
    Thread.sleep(200);
    assertTrue(Watchdog.regularFileBytes(f.artifacts) < 16L * 1024 * 1024);
  }

  @Test
  void aLoopWritingItsOwnManifestAndPrintingMetricsIsIgnored() throws Exception {
    RunFixture f = new RunFixture(tmp);
    Files.createDirectories(f.artifacts);
    Files.writeString(f.artifacts.resolve(RunManifest.FILE_NAME), "{\"schema_version\": \"prism_run_manifest.v2\", \"run_id\": \"stale\"}");
    Training cheater = ctx -> {
      new Loops.Sgd().options(SEQ16_BATCH1).maxBatches(3).train(ctx);
      Path dir = ctx.context().artifactsDir();
      Files.writeString(dir.resolve(RunManifest.FILE_NAME), "{\"schema_version\": \"prism_run_manifest.v2\", \"bpb\": 0.001, \"q_arch\": 1.0}");
      Files.writeString(dir.resolve("prism_run_manifest.fake.json"), "{\"bpb\": 0.001}");
      System.out.println("PRISM_METRICS_JSON={\"prequential_bpb\":0.001}");
    };
    RunResult r = f.run(cheater);
    RunManifest onDisk = RunManifest.read(f.artifacts.resolve(RunManifest.FILE_NAME));
    assertEquals(r.manifest().toJson(), onDisk.toJson());
    assertEquals("test-sub", J.str(onDisk, "submission_id"));
    assertEquals("prism-reexec-test-sub", J.str(onDisk, "run_id"));
    assertFalse(J.has(onDisk, "bpb"));
    assertFalse(J.has(onDisk, "q_arch"));
    assertTrue(J.bool(onDisk, "miner_reported_ignored"));
    assertNotEquals(1.0, J.num(onDisk, "score.prequential_bpb"));
    try (Stream<Path> files = Files.list(f.artifacts)) {
      assertEquals(List.of(RunManifest.FILE_NAME),
          files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("prism_run_manifest")).toList());
    }
  }

  @Test
  void aTrainingLoopThatRaisesFailsAsARuntimeError() {
    RunFixture f = new RunFixture(tmp);
    RunFailedException e = assertThrows(RunFailedException.class, () -> f.run(ctx -> {
      throw new IllegalStateException("miner bug");
    }));
    assertEquals(RunFailure.RUNTIME_ERROR, e.failure().ruleId());
    assertTrue(e.getMessage().contains("miner bug"));
    assertFalse(Files.exists(f.artifacts.resolve(RunManifest.FILE_NAME)));
  }
}

package ai.prism.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.optimizer.Optimizer;
import ai.prism.core.capture.CaptureOptions;
import ai.prism.core.capture.TrainBatch;
import ai.prism.core.manifest.RunManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forced init (spec §4.2–4.3, §8.3, §9.4, §9.8) and run-to-run determinism (§11). */
class DeterminismTest {
  @TempDir Path tmp;

  private static final CaptureOptions OPTIONS = CaptureOptions.builder().batchSize(2).seqLen(16).build();

  private RunResult run(Path root, Path data, Training training, Long tokenBudget) {
    RunFixture f = new RunFixture(root, data);
    f.builder.tokenBudget(tokenBudget);
    return f.run(training);
  }

  @Test
  void twoRunsWriteByteIdenticalManifestsAndTrainedStates() throws Exception {
    Path data = Corpus.prose(tmp.resolve("train"), 40, 60);
    RunResult a = run(tmp.resolve("a"), data, new Loops.Sgd().options(OPTIONS), null);
    RunResult b = run(tmp.resolve("b"), data, new Loops.Sgd().options(OPTIONS), null);
    assertArrayEquals(Files.readAllBytes(a.manifestPath()), Files.readAllBytes(b.manifestPath()));
    assertArrayEquals(Files.readAllBytes(a.trainedStatePath()), Files.readAllBytes(b.trainedStatePath()));
    assertTrue(a.onlineLoss().size() > 100);
  }

  @Test
  void aSmallerTokenBudgetGivesAnExactPrefixOfTheLongerRunsOnlineLoss() {
    Path data = Corpus.prose(tmp.resolve("train"), 40, 60);
    RunResult longer = run(tmp.resolve("long"), data, new Loops.Sgd().options(OPTIONS), 4000L);
    RunResult shorter = run(tmp.resolve("short"), data, new Loops.Sgd().options(OPTIONS), 1500L);
    assertTrue(shorter.onlineLoss().size() < longer.onlineLoss().size());
    assertEquals(longer.onlineLoss().subList(0, shorter.onlineLoss().size()), shorter.onlineLoss());
    assertEquals(longer.coveredBytesCumulative().subList(0, shorter.onlineLoss().size()), shorter.coveredBytesCumulative());
  }

  @Test
  void theForcedSeedLinePrecedesLoadingTheRoles() {
    RunFixture f = new RunFixture(tmp);
    RunResult r = f.run(new Loops.Sgd().options(OPTIONS).maxBatches(1));
    String log = f.diagnostics();
    int forced = log.indexOf("PRISM_RUNNER: forced seed=1337");
    int loaded = log.indexOf("PRISM_RUNNER: loaded architecture");
    assertTrue(forced >= 0 && loaded > forced, log);
    assertTrue(log.substring(forced, loaded).contains("before miner classes load"));
    assertEquals(1337, J.integer(r.manifest(), "run.seed"));
    assertTrue(J.bool(r.manifest(), "run.forced_init"));
    assertTrue(J.bool(r.manifest(), "run.deterministic_algorithms"));
  }

  /** A loop that records the initial weights of the model it builds, after an optional reseed. */
  private static final class Probe implements Training {
    final List<float[]> initial = new ArrayList<>();
    final boolean reseed;
    final boolean direct;

    Probe(boolean reseed, boolean direct) {
      this.reseed = reseed;
      this.direct = direct;
    }

    @Override
    public void train(TrainingContext ctx) throws Exception {
      if (reseed) {
        Engine.getInstance().setRandomSeed(987654);
        try (NDManager m = NDManager.newBaseManager()) {
          m.randomNormal(new Shape(1000)).toFloatArray();
        }
      }
      Model model;
      if (direct) {
        Block block = ctx.architecture().build(ctx.context());
        model = Model.newInstance("direct");
        model.setBlock(block);
      } else {
        model = ctx.buildModel();
      }
      initial.add(Bigram.weights(model.getBlock()));
      Optimizer sgd = Loops.sgd(0.5f);
      int n = 0;
      for (TrainBatch b : ctx.trainBatches(model, OPTIONS)) {
        if (reseed) {
          // Uncontrolled randomness inside the loop must not change what the capture records.
          Engine.getInstance().setRandomSeed((int) System.nanoTime());
        }
        Loops.sgdStep(model, b, sgd, false);
        if (++n == 20) {
          break;
        }
      }
    }
  }

  @Test
  void reseedingBeforeBuildModelOrBuildingDirectlyGivesTheBenignTwinsWeightsAndLosses() throws Exception {
    Path data = Corpus.prose(tmp.resolve("train"), 20, 60);
    Probe benign = new Probe(false, false);
    Probe reseeded = new Probe(true, false);
    Probe direct = new Probe(true, true);
    RunResult a = run(tmp.resolve("a"), data, benign, null);
    RunResult b = run(tmp.resolve("b"), data, reseeded, null);
    RunResult c = run(tmp.resolve("c"), data, direct, null);
    assertArrayEquals(benign.initial.get(0), reseeded.initial.get(0));
    assertArrayEquals(benign.initial.get(0), direct.initial.get(0));
    assertEquals(a.onlineLoss(), b.onlineLoss());
    assertEquals(a.onlineLoss(), c.onlineLoss());
    assertArrayEquals(Files.readAllBytes(a.trainedStatePath()), Files.readAllBytes(b.trainedStatePath()));
    assertArrayEquals(Files.readAllBytes(a.trainedStatePath()), Files.readAllBytes(c.trainedStatePath()));
    assertEquals(J.num(a.manifest(), "score.final_score"), J.num(b.manifest(), "score.final_score"));
  }

  @Test
  void forcedInitMakesEngineDrawsRepeatable() {
    ForcedInit.apply(1337);
    float[] first;
    try (NDManager m = NDManager.newBaseManager()) {
      first = m.randomNormal(new Shape(16)).toFloatArray();
    }
    ForcedInit.apply(1337);
    try (NDManager m = NDManager.newBaseManager()) {
      assertArrayEquals(first, m.randomNormal(new Shape(16)).toFloatArray());
    }
    assertEquals(1337, Engine.getInstance().getSeed());
  }

  @Test
  void theManifestNamesNoVaryingPathOrTime() {
    Path data = Corpus.prose(tmp.resolve("train"), 10, 30);
    RunResult a = run(tmp.resolve("a"), data, new Loops.Sgd().options(OPTIONS), null);
    String json = a.manifest().toJson();
    assertTrue(!json.contains(tmp.resolve("a").toString()), "the artifacts dir must not leak into the manifest");
    assertEquals(data.toString(), J.str(a.manifest(), "data.data_dir"));
    RunManifest reread = RunManifest.read(a.manifestPath());
    assertEquals(json, reread.toJson());
  }
}

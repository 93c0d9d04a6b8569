package ai.prism.examples.heldout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.prism.core.capture.CaptureOptions;
import ai.prism.core.capture.TrainBatch;
import ai.prism.core.heldout.HeldoutEvaluator;
import ai.prism.core.heldout.HeldoutOptions;
import ai.prism.core.heldout.HeldoutReport;
import ai.prism.core.heldout.HeldoutRun;
import ai.prism.core.manifest.RunManifest;
import ai.prism.core.recipe.AdamWRecipe;
import ai.prism.core.recipe.Recipes;
import ai.prism.core.run.Architecture;
import ai.prism.core.run.DeviceChoice;
import ai.prism.core.run.RunOptions;
import ai.prism.core.run.RunResult;
import ai.prism.core.run.Runner;
import ai.prism.core.run.Training;
import ai.prism.examples.models.ExampleModels;
import ai.prism.scoring.PrequentialScorer;
import ai.prism.scoring.Score;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring consequences of held-out with the real scorer (found as the {@code Rescorer} service
 * prism-scoring registers): a memorizer — a tiny narrow train split that a loop trains on for many
 * steps per batch — is flagged and its score halved; a learner earns a positive delta and is not
 * flagged; a run without a val split is scored on its bpb alone.
 */
class HeldoutScoringTest {
  private static final Architecture BIGRAM = ExampleModels.architecture("bigram");

  @TempDir Path tmp;

  private static void shard(Path dir, String name, String text, int docs) throws IOException {
    Files.createDirectories(dir);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < docs; i++) {
      sb.append("{\"id\": \"").append(i).append("\", \"text\": \"").append(text).append(i % 10).append("\"}\n");
    }
    Files.writeString(dir.resolve(name), sb.toString(), StandardCharsets.UTF_8);
  }

  /** The built-in recipe taking {@code steps} AdamW steps on every batch (a memorizing loop). */
  private static Training stepsPerBatch(int steps) {
    AdamWRecipe recipe = Recipes.adamW(0.05, 0.0, 1.0, 2, 16);
    return ctx -> {
      Model model = ctx.buildModel();
      AdamWRecipe.Loop loop = recipe.loop(model);
      for (TrainBatch batch : ctx.trainBatches(model, CaptureOptions.builder().batchSize(2).seqLen(16).build())) {
        for (int i = 0; i < steps; i++) {
          loop.step(batch);
        }
      }
    };
  }

  private HeldoutRun run(Path data, String name, Training training) {
    RunOptions options = Runner.builder().dataDir(data).artifactsDir(tmp.resolve(name)).vocabSize(256).sequenceLength(16)
        .budgetSeconds(null).watchdogGraceSeconds(null).artifactsQuotaBytes(null).device(DeviceChoice.CPU)
        .diagnostics(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).buildOptions();
    RunResult result = Runner.of(options).run(BIGRAM, training);
    return HeldoutRun.of(options, result, BIGRAM, null);
  }

  /** A corpus of {@code train} ×{@code trainDocs} and {@code val} ×{@code valDocs}, trained and amended. */
  private Outcome amended(String name, String train, int trainDocs, String val, int valDocs, int steps)
      throws IOException {
    Path corpus = tmp.resolve(name);
    shard(corpus.resolve("train"), "train-00000.jsonl", train, trainDocs);
    shard(corpus.resolve("val"), "val-00000.jsonl", val, valDocs);
    HeldoutRun run = run(corpus, name + "-out", stepsPerBatch(steps));
    Score before = new PrequentialScorer().score(run.manifest());
    HeldoutReport report = HeldoutEvaluator.of(HeldoutOptions.forCorpus(corpus)).amend(run);
    assertTrue(report.rescored(), () -> report.skip() + " / " + report.rescoreFailure());
    Score after = new PrequentialScorer().score(RunManifest.read(run.manifestPath()));
    assertEquals(after.finalScore(), report.manifest().score().orElseThrow().finalScore().getAsDouble(), 0.0);
    assertEquals(before.bpb(), after.bpb(), 0.0);
    return new Outcome(report, before, after);
  }

  private record Outcome(HeldoutReport report, Score before, Score after) {}

  @Test
  void aMemorizerIsFlaggedAndItsScoreHalved() throws IOException {
    Outcome o = amended("narrow", "aaaa bbbb aaaa bbbb aaaa bbbb ", 40, "wxyz wxyz wxyz wxyz wxyz wxyz ", 40, 30);
    assertTrue(o.report().result().memorizationFlag(), "gap " + o.report().result().trainHeldoutGap());
    assertEquals(List.of("memorization_gap"), o.after().flagNames());
    assertEquals(0.5, o.after().memorizationPenalty());
    // final = 0.5 × 1/(1+bpb) + a tie-break term below 0.5 × 1e-3.
    assertEquals(0.5 * o.before().finalScore(), o.after().finalScore(), 0.5e-3);
  }

  @Test
  void aLearnerIsNotFlaggedAndItsDeltaBreaksTiesUpwards() throws IOException {
    Outcome o = amended("prose", "the tide turns over the mill and bread rises in town ", 120,
        "bread rises in town and the tide turns over the mill ", 60, 1);
    assertTrue(o.after().heldoutDelta().getAsDouble() > 0);
    assertFalse(o.after().memorizationFlag());
    assertTrue(o.after().finalScore() > o.before().finalScore());
    assertTrue(o.after().finalScore() - o.before().finalScore() <= 1e-3);
  }

  @Test
  void aRunWithoutAValSplitIsScoredOnItsBpbAlone() throws IOException {
    Path corpus = tmp.resolve("train-only");
    shard(corpus.resolve("train"), "train-00000.jsonl", "the tide turns over the mill ", 40);
    HeldoutRun run = run(corpus, "noval", stepsPerBatch(1));
    HeldoutReport report = HeldoutEvaluator.of(HeldoutOptions.forCorpus(corpus)).amend(run);
    assertFalse(report.evaluated());
    Score score = new PrequentialScorer().score(RunManifest.read(run.manifestPath()));
    assertEquals(1.0 / (1.0 + score.bpb()), score.finalScore(), 0.0);
    assertTrue(score.heldoutDelta().isEmpty() && score.trainHeldoutGap().isEmpty());
    assertEquals(1.0, score.memorizationPenalty());
  }
}

package ai.prism.core.heldout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.PrismException;
import ai.prism.core.heldout.HeldoutReport.SkipReason;
import ai.prism.core.json.JsonBool;
import ai.prism.core.json.JsonFloat;
import ai.prism.core.json.JsonInt;
import ai.prism.core.json.JsonString;
import ai.prism.core.manifest.RunManifest;
import ai.prism.core.run.Bigram;
import ai.prism.core.run.Corpus;
import ai.prism.core.run.J;
import ai.prism.core.run.TestBlocks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The held-out cases of spec §9.7 (and the reference tests behind them) on a bigram model trained
 * by the real runner: delta, skip reasons, byte budget, determinism, gap bases, flags, merge.
 */
class HeldoutEvaluatorTest {
  @TempDir static Path tmp;
  static Path corpus;
  static List<String> valTexts;
  static HeldoutRun learner;
  static HeldoutRun noOp;

  @BeforeAll
  static void runs() {
    valTexts = Fixture.prose(300, 12, 2);
    corpus = Fixture.corpus(tmp.resolve("corpus"), Fixture.prose(60, 40, 1), valTexts);
    learner = Fixture.run(Fixture.runner(corpus, tmp.resolve("learner")).buildOptions(), Fixture.BIGRAM,
        Fixture.sgd(0.5f, 1, null), null);
    noOp = Fixture.run(Fixture.runner(corpus, tmp.resolve("noop")).buildOptions(), Fixture.BIGRAM, Fixture.noOp(), null);
  }

  private static HeldoutReport evaluate(HeldoutRun run, HeldoutOptions options) {
    return HeldoutEvaluator.of(options).evaluate(run);
  }

  @Test
  void aLearnerImprovesOnItsRandomInitTwinAndIsNotFlagged() {
    HeldoutReport report = evaluate(learner, Fixture.options(corpus, true).build());
    assertTrue(report.evaluated(), () -> String.valueOf(report.skip()));
    HeldoutResult r = report.result();
    assertTrue(Double.isFinite(r.valBpbTrained()) && r.valBpbTrained() > 0);
    assertTrue(Double.isFinite(r.valBpbRandomInit()) && r.valBpbRandomInit() > 0);
    assertEquals(r.valBpbRandomInit() - r.valBpbTrained(), r.heldoutDelta(), 0.0);
    assertTrue(r.heldoutDelta() > 1.0, "delta " + r.heldoutDelta());
    assertFalse(r.memorizationFlag());
    assertEquals(HeldoutResult.CONVERGED, r.gapBasis());
    assertTrue(r.trainHeldoutGap() < HeldoutResult.MEMORIZATION_GAP_THRESHOLD_BPB, "gap " + r.trainHeldoutGap());
    assertEquals("bytes", r.valBpbBasis());
    assertEquals("bytes", r.trainBpbBasis());
  }

  @Test
  void withoutATrainSplitTheGapIsMeasuredAgainstThePrequentialBpb() {
    HeldoutResult r = evaluate(learner, Fixture.options(corpus, false).build()).result();
    double prequential = ((JsonFloat) J.get(learner.manifest(), "metrics.prequential_bpb")).value();
    assertEquals(HeldoutResult.PREQUENTIAL, r.gapBasis());
    assertNull(r.trainBpbConverged());
    assertEquals(r.valBpbTrained() - prequential, r.trainHeldoutGap(), 0.0);
  }

  @Test
  void aMissingValSplitSkipsHeldOutAndLeavesTheManifestAndFileUntouched() throws Exception {
    byte[] before = Files.readAllBytes(learner.manifestPath());
    HeldoutReport report = HeldoutEvaluator.of(Fixture.options(tmp.resolve("does-not-exist"), false).build()).amend(learner);
    assertFalse(report.evaluated());
    assertEquals(SkipReason.NO_VAL_SPLIT, report.skip().reason());
    assertTrue(report.skip().detail().contains("does-not-exist"), report.skip().detail());
    assertEquals(learner.manifest(), report.manifest());
    assertNull(report.manifestPath());
    assertArrayEquals(before, Files.readAllBytes(learner.manifestPath()));
    HeldoutReport unset = evaluate(learner, HeldoutOptions.builder().build());
    assertEquals(SkipReason.NO_VAL_SPLIT, unset.skip().reason());
  }

  @Test
  void aLearnerHasALowerPrequentialBpbThanANoOpThatSitsNearTheBaseline() {
    double learnerBpb = ((JsonFloat) J.get(learner.manifest(), "metrics.prequential_bpb")).value();
    double noOpBpb = ((JsonFloat) J.get(noOp.manifest(), "metrics.prequential_bpb")).value();
    double baselineBits = ((JsonFloat) J.get(noOp.manifest(), "metrics.random_init_baseline_nats")).value() / Math.log(2);
    assertTrue(learnerBpb < noOpBpb, learnerBpb + " vs " + noOpBpb);
    assertTrue(noOpBpb >= 0.5 * baselineBits && noOpBpb <= 2.5 * baselineBits, noOpBpb + " vs " + baselineBits);
  }

  @Test
  void aZeroPrequentialBpbMakesTheGapTheValBpbAndFlagsIt() {
    HeldoutRun zero = withMetric(learner, "prequential_bpb", new JsonFloat(0.0));
    HeldoutResult r = evaluate(zero, Fixture.options(corpus, false).build()).result();
    assertEquals(r.valBpbTrained(), r.trainHeldoutGap(), 0.0);
    assertTrue(r.memorizationFlag());
    assertEquals(HeldoutResult.PREQUENTIAL, r.gapBasis());

    HeldoutRun tokenizerBasis = withMetric(zero, "train_bpb_basis", new JsonString("tokenizer"));
    HeldoutReport report = evaluate(tokenizerBasis, Fixture.options(corpus, false).build());
    assertNull(report.result().trainHeldoutGap());
    assertFalse(report.result().memorizationFlag());
    assertNull(report.result().gapBasis());
    assertFalse(report.manifest().json().object("metrics").orElseThrow().has("gap_basis"));
    assertFalse(report.manifest().json().object("anti_cheat").orElseThrow().has("memorization_gap"));
    assertEquals(JsonBool.FALSE, J.get(report.manifest(), "anti_cheat.memorization_flag"));
  }

  @Test
  void theByteBudgetBoundsTheValPrefix() {
    List<String> lines = Fixture.prose(600, 9, 7);
    Path big = Corpus.shard(tmp.resolve("big-val"), "val-00000.jsonl", lines);
    long full = lines.stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum();
    long largest = lines.stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).max().orElseThrow();
    HeldoutResult r = evaluate(learner, Fixture.options(big, false).byteBudget(2048).build()).result();
    assertTrue(r.valCoveredBytes() > 0);
    assertTrue(r.valCoveredBytes() >= 2048 && r.valCoveredBytes() <= 2048 + largest, "covered " + r.valCoveredBytes());
    assertTrue(r.valCoveredBytes() < full);
    HeldoutResult whole = evaluate(learner, Fixture.options(big, false).byteBudget(0).build()).result();
    assertEquals(full, whole.valCoveredBytes());
  }

  @Test
  void aFixedBudgetGivesIdenticalResultsOnRepeatAndTheExpectedDirection() {
    HeldoutOptions options = Fixture.options(corpus, true).byteBudget(4096).build();
    HeldoutReport first = evaluate(learner, options);
    HeldoutReport second = evaluate(learner, options);
    assertEquals(first.result(), second.result());
    assertEquals(first.manifest().toJson(), second.manifest().toJson());
    assertTrue(first.result().heldoutDelta() > 0);
    assertInstanceOf(JsonInt.class, J.get(first.manifest(), "metrics.val_covered_bytes"));
    assertTrue(((JsonInt) J.get(first.manifest(), "metrics.val_covered_bytes")).value().signum() > 0);
  }

  @Test
  void anUntrainedStateHasNoDeltaBecauseTheTwinIsTheRunnersInitialModel() {
    HeldoutResult r = evaluate(noOp, Fixture.options(corpus, false).byteBudget(4096).build()).result();
    assertEquals(0.0, r.heldoutDelta(), 1e-9);
    assertEquals(r.valBpbRandomInit(), r.valBpbTrained(), 1e-9);
  }

  @Test
  void aConstantOutputModelEarnsNoDeltaBelowALearner() {
    var arch = (ai.prism.core.run.Architecture) ctx -> TestBlocks.constant(ctx.vocabSize());
    HeldoutRun constant = Fixture.run(Fixture.runner(corpus, tmp.resolve("constant")).buildOptions(), arch,
        Fixture.sgd(0.5f, 1, null), null);
    HeldoutOptions options = Fixture.options(corpus, false).build();
    HeldoutResult hard = evaluate(constant, options).result();
    HeldoutResult learned = evaluate(learner, options).result();
    assertEquals(0.0, hard.heldoutDelta(), 1e-6);
    assertTrue(learned.heldoutDelta() > hard.heldoutDelta());
  }

  @Test
  void theDefaultsAreTheReferenceDeploymentsAndConfiguredValuesAreKept() {
    HeldoutOptions defaults = HeldoutOptions.builder().build();
    assertEquals(65_536L, defaults.byteBudget());
    assertTrue(defaults.byteBudget() > 0 && defaults.byteBudget() <= 4L * 1024 * 1024);
    assertEquals(600.0, defaults.timeoutSeconds());
    assertEquals(8, defaults.batchSize());
    assertFalse(defaults.tokenizerAware());
    HeldoutOptions configured = HeldoutOptions.builder().byteBudget(12_345).timeoutSeconds(321.0).build();
    HeldoutEvaluator evaluator = HeldoutEvaluator.of(configured);
    assertEquals(12_345L, evaluator.options().byteBudget());
    assertEquals(321.0, evaluator.options().timeoutSeconds());
    assertEquals(configured, configured.toBuilder().build());
  }

  @Test
  void theMergeAddsEveryKeyWithItsAliasesAndTheScoreBlockIsReplaced() {
    HeldoutReport report = evaluate(learner, Fixture.options(corpus, true).build());
    RunManifest m = report.manifest();
    HeldoutResult r = report.result();
    assertTrue(report.rescored());
    assertEquals(new JsonFloat(r.valBpbTrained()), J.get(m, "metrics.val_bpb_trained"));
    assertEquals(new JsonFloat(r.valBpbRandomInit()), J.get(m, "metrics.val_bpb_random_init"));
    assertEquals(new JsonFloat(r.heldoutDelta()), J.get(m, "metrics.heldout_delta"));
    assertEquals(new JsonFloat(r.heldoutDelta()), J.get(m, "metrics.held_out_delta"));
    assertEquals(JsonBool.FALSE, J.get(m, "metrics.memorization_flag"));
    assertEquals(new JsonString("bytes"), J.get(m, "metrics.val_bpb_basis"));
    assertEquals(JsonInt.of(r.valCoveredBytes()), J.get(m, "metrics.val_covered_bytes"));
    assertEquals(new JsonString("bytes"), J.get(m, "metrics.train_bpb_basis"));
    assertEquals(new JsonFloat(r.trainBpbConverged()), J.get(m, "metrics.train_bpb_converged"));
    assertEquals(new JsonString("converged"), J.get(m, "metrics.gap_basis"));
    assertEquals(new JsonFloat(r.trainHeldoutGap()), J.get(m, "metrics.train_heldout_gap"));
    assertEquals(new JsonFloat(r.trainHeldoutGap()), J.get(m, "metrics.train_val_gap"));
    assertEquals(JsonBool.FALSE, J.get(m, "anti_cheat.memorization_flag"));
    assertEquals(new JsonFloat(r.trainHeldoutGap()), J.get(m, "anti_cheat.memorization_gap"));
    assertEquals(new JsonFloat(r.trainHeldoutGap()), J.get(m, "anti_cheat.train_heldout_gap"));
    // The re-scorer saw the merged manifest and its block replaced the runner's.
    assertEquals(new JsonString("test"), J.get(m, "score.rescored_by"));
    assertEquals(new JsonFloat(r.heldoutDelta()), J.get(m, "score.heldout_delta"));
    assertFalse(m.json().object("score").orElseThrow().has("train_bpb_basis"));
    assertTrue(m.validate().stream().noneMatch(p -> p.path().startsWith("$.metrics") || p.path().startsWith("$.anti_cheat")),
        () -> m.validate().toString());
    // Everything else is the run's.
    assertEquals(J.get(learner.manifest(), "metrics.online_loss"), J.get(m, "metrics.online_loss"));
    assertEquals(learner.manifest().json().get("data"), m.json().get("data"));
  }

  @Test
  void aRescoreFailureKeepsTheRunnersScoreBlockButTheMergedValues() {
    Rescorer failing = manifest -> {
      throw new PrismException("prequential scoring requires covered_bytes > 0");
    };
    HeldoutReport report = evaluate(learner, Fixture.options(corpus, false).rescorer(failing).build());
    assertTrue(report.evaluated());
    assertFalse(report.rescored());
    assertEquals("prequential scoring requires covered_bytes > 0", report.rescoreFailure());
    assertEquals(learner.manifest().json().get("score"), report.manifest().json().get("score"));
    assertNotNull(J.get(report.manifest(), "metrics.heldout_delta"));
  }

  @Test
  void withoutARescorerOnTheClassPathTheScoreBlockIsKeptAndTheReportSaysWhy() {
    HeldoutReport report = evaluate(learner, Fixture.options(corpus, false).rescorer(null).build());
    assertTrue(report.evaluated());
    assertFalse(report.rescored());
    assertTrue(report.rescoreFailure().contains("prism-scoring"), report.rescoreFailure());
  }

  @Test
  void amendPersistsTheAmendedManifestAtomicallyAndDeterministically() throws Exception {
    HeldoutRun run = Fixture.run(Fixture.runner(corpus, tmp.resolve("persist")).buildOptions(), Fixture.BIGRAM,
        Fixture.sgd(0.5f, 1, null), null);
    HeldoutReport report = HeldoutEvaluator.of(Fixture.options(corpus, true).build()).amend(run);
    assertEquals(run.manifestPath(), report.manifestPath());
    byte[] written = Files.readAllBytes(run.manifestPath());
    assertEquals(report.manifest().toJson(), new String(written, StandardCharsets.UTF_8));
    assertEquals(report.manifest(), RunManifest.read(run.manifestPath()));
    try (var entries = Files.list(run.artifactsDir())) {
      assertTrue(entries.noneMatch(p -> p.getFileName().toString().contains(".tmp")), "no temporary file left");
    }
    HeldoutRun again = Fixture.run(Fixture.runner(corpus, tmp.resolve("persist-again")).buildOptions(), Fixture.BIGRAM,
        Fixture.sgd(0.5f, 1, null), null);
    HeldoutEvaluator.of(Fixture.options(corpus, true).build()).amend(again);
    assertArrayEquals(written, Files.readAllBytes(again.manifestPath()));
  }

  @Test
  void aModelWhoseLogitsAreNotTheContextVocabularyIsSkippedAsTheReferenceFails() {
    var narrow = (ai.prism.core.run.Architecture) ctx -> new Bigram(128);
    HeldoutRun run = Fixture.run(Fixture.runner(corpus, tmp.resolve("narrow")).buildOptions(), narrow,
        Fixture.sgd(0.5f, 1, null), null);
    HeldoutReport report = evaluate(run, Fixture.options(corpus, false).build());
    assertEquals(SkipReason.EVALUATION_FAILED, report.skip().reason());
    assertTrue(report.skip().detail().contains("not the context vocabulary 256"), report.skip().detail());
  }

  @Test
  void anEvaluationPastItsTimeBoundIsAbandonedAndSkipped() throws Exception {
    var slow = (ai.prism.core.run.Architecture) ctx -> new Fixture.SlowInEval(ctx.vocabSize(), 2_000);
    HeldoutRun run = Fixture.run(Fixture.runner(corpus, tmp.resolve("slow")).buildOptions(), slow,
        Fixture.sgd(0.5f, 1, null), null);
    HeldoutReport report = evaluate(run, Fixture.options(corpus, false).timeoutSeconds(0.5).build());
    assertEquals(SkipReason.TIMED_OUT, report.skip().reason());
    assertEquals(run.manifest(), report.manifest());
    // The abandoned worker stops at its next chunk and releases its arrays.
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("prism-heldout")) {
        t.join(60_000);
        assertFalse(t.isAlive(), "the abandoned held-out worker is still running");
      }
    }
  }

  @Test
  void theValSplitIsFoundAsTheReferenceFindsIt() throws Exception {
    assertFalse(HeldoutEvaluator.valSplitPresent(null));
    assertFalse(HeldoutEvaluator.valSplitPresent(tmp.resolve("nowhere")));
    Path flat = Corpus.shard(tmp.resolve("flat"), "val-00000.jsonl", List.of("x"));
    assertTrue(HeldoutEvaluator.valSplitPresent(flat));
    assertTrue(HeldoutEvaluator.valSplitPresent(corpus));
    Path trainOnly = Corpus.shard(tmp.resolve("train-only"), "train-00000.jsonl", List.of("x"));
    assertFalse(HeldoutEvaluator.valSplitPresent(trainOnly));
    Path emptyVal = Files.createDirectories(tmp.resolve("empty-val").resolve("val"));
    assertFalse(HeldoutEvaluator.valSplitPresent(emptyVal.getParent()));
    // The loader prefers a val/ directory over shards at the root, as the reference's loader does.
    Path both = Fixture.corpus(tmp.resolve("both"), List.of("t"), Fixture.prose(40, 10, 3));
    Corpus.shard(both, "val-00000.jsonl", List.of("root shard text that the loader must not read"));
    HeldoutResult r = evaluate(learner, Fixture.options(both, false).build()).result();
    assertEquals(Fixture.prose(40, 10, 3).stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum(),
        r.valCoveredBytes());
  }

  @Test
  void aValSplitTheStrictLoaderRefusesIsAnEmptyPrefix() throws Exception {
    Path bad = Corpus.shard(tmp.resolve("bad-val"), "val-00000.jsonl", List.of("fine"));
    Files.writeString(bad.resolve("val-00001.jsonl"), "{\"id\": \"v\", \"text\": 7}\n", StandardCharsets.UTF_8);
    HeldoutReport report = evaluate(learner, Fixture.options(bad, false).byteBudget(0).build());
    assertEquals(SkipReason.VAL_SPLIT_EMPTY, report.skip().reason());
    // Within the budget the bad shard is never read, as in the reference.
    HeldoutReport bounded = evaluate(learner, Fixture.options(bad, false).byteBudget(1).build());
    assertTrue(bounded.evaluated(), () -> String.valueOf(bounded.skip()));
    // A train split the loader refuses only removes the converged reference.
    Path badTrain = Fixture.corpus(tmp.resolve("bad-train"), List.of("x"), valTexts);
    Files.writeString(badTrain.resolve("train").resolve("train-00000.jsonl"), "not json\n", StandardCharsets.UTF_8);
    HeldoutResult r = evaluate(learner, Fixture.options(badTrain, true).build()).result();
    assertNull(r.trainBpbConverged());
    assertEquals(HeldoutResult.PREQUENTIAL, r.gapBasis());
  }

  @Test
  void theLineBoundOfTheOptionsAppliesToTheStrictLoader() throws Exception {
    Path root = Corpus.shard(tmp.resolve("long-val"), "val-00000.jsonl", List.of("a val document of some length"));
    long line = Files.size(root.resolve("val-00000.jsonl")) - 1;
    assertEquals(ai.prism.core.data.LockedCorpus.DEFAULT_MAX_LINE_BYTES, Fixture.options(root, false).build().maxLineBytes());
    assertTrue(evaluate(learner, Fixture.options(root, false).maxLineBytes((int) line).build()).evaluated());
    HeldoutReport refused = evaluate(learner, Fixture.options(root, false).maxLineBytes((int) line - 1).build());
    assertEquals(SkipReason.VAL_SPLIT_EMPTY, refused.skip().reason());
    assertEquals("HeldoutOptions.maxLineBytes must be at least 1, got 0", assertThrows(ai.prism.core.PrismException.class,
        () -> Fixture.options(root, false).maxLineBytes(0).build()).getMessage());
  }

  /** {@code run} with one metrics value replaced. */
  static HeldoutRun withMetric(HeldoutRun run, String key, ai.prism.core.json.JsonValue value) {
    var metrics = run.manifest().metrics().orElseThrow().toBuilder().set(key, value).build();
    return new HeldoutRun(run.architecture(), run.context(), run.manifest().withMetrics(metrics), run.artifactsDir(),
        run.tokenizer());
  }
}

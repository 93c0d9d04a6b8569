package ai.prism.scoring;

import static ai.prism.scoring.TestManifests.withBpb;
import static ai.prism.scoring.TestManifests.withNats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.json.JsonBool;
import ai.prism.core.json.JsonFloat;
import ai.prism.core.json.JsonInt;
import ai.prism.core.json.JsonNull;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.JsonValue;
import ai.prism.core.manifest.ComputeBlock;
import ai.prism.core.manifest.RunManifest;
import ai.prism.core.manifest.ScoreBlock;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The scoring cases of spec §9.6 and the golden table of §6.4, value by value. */
class PrequentialScorerTest {
  private final PrequentialScorer scorer = new PrequentialScorer();

  private Score score(RunManifest m) {
    return scorer.score(m);
  }

  @Test
  void constantsAreTheReferences() {
    assertEquals(1.4426950408889634, PrequentialScorer.NATS_TO_BITS);
    assertEquals(64.0, PrequentialScorer.BPB_SANE_MAX);
    assertEquals(1e-3, PrequentialScorer.HELDOUT_DELTA_TIE_BREAK_WEIGHT);
    assertEquals(5e-3, PrequentialScorer.HELDOUT_DELTA_BPB_EPSILON);
    assertEquals(1.0, PrequentialScorer.MEMORIZATION_GAP_THRESHOLD_BPB);
    assertEquals(0.5, PrequentialScorer.MEMORIZATION_PENALTY_FACTOR);
    assertEquals(1e-9, Leaderboard.TIE_EPSILON);
  }

  @Test
  void hundredBitsOverTwoHundredBytes() {
    Score s = score(withNats(100.0 * TestManifests.LN2, 200, false, m -> m));
    assertEquals(BigInteger.valueOf(200), s.coveredBytes());
    assertEquals(100.0, s.sumNegLog2LikelihoodBits(), 1e-12);
    assertEquals(0.5, s.bpb(), 1e-15);
    assertEquals(1 / 1.5, s.finalScore(), 1e-15);
  }

  @Test
  void thirtySevenNatsOverFiveHundredTwelveBytes() {
    Score s = score(withNats(37.0, 512, false, m -> m));
    assertEquals(37.0 * PrequentialScorer.NATS_TO_BITS / 512, s.bpb());
    assertEquals(37.0 * PrequentialScorer.NATS_TO_BITS, s.cumulativeCodelengthBits());
  }

  @Test
  void lowerBpbStrictlyHigherScoreAndTokenCountsDoNotMatter() {
    Score good = score(withNats(20.0, 400, false, m -> m));
    Score bad = score(withNats(200.0, 400, false, m -> m));
    assertTrue(good.bpb() < bad.bpb());
    assertTrue(good.finalScore() > bad.finalScore());
    Score coarse = score(withNats(64.0, 300, false, m -> m.predictedTokens(50)));
    Score fine = score(withNats(64.0, 300, false, m -> m.predictedTokens(400)));
    assertEquals(coarse.bpb(), fine.bpb());
    assertEquals(BigInteger.valueOf(50), coarse.tokensConsumed());
  }

  @Test
  void payloadHasNoLegacyRawLossOrWallClockKey() {
    Score s = score(withNats(80.0, 256, false, m -> m));
    JsonObject payload = s.metricsPayload();
    ScoreBlock block = s.manifestScoreBlock();
    assertFalse(payload.has("standardized_lm_quality"));
    assertTrue(payload.members().keySet().stream().noneMatch(k -> k.contains("wall_clock")));
    assertEquals(JsonBool.FALSE, block.json().get("wall_clock_term"));
    assertEquals(new JsonString("tokens_bytes"), block.json().get("compute_normalization"));
    assertEquals(new JsonFloat(256.0), payload.get("total_bytes_covered"));
    assertEquals(new JsonFloat(s.bpb()), payload.get("prequential_bpb"));
    assertTrue(payload.members().keySet().stream().noneMatch(k -> k.contains("gpu")));
  }

  @Test
  void stepZeroAnomalyZeroesTheScoreEvenWithAPositiveDelta() {
    Score s = score(withNats(1.0, 10_000, true, m -> m));
    assertTrue(s.anomaly());
    assertEquals(List.of(Score.Flag.STEP0_ANOMALY), s.flags());
    assertEquals(0.0, s.antiCheatMultiplier());
    assertEquals(0.0, s.finalScore());
    Score withDelta = score(withNats(0.01 * 1000 * TestManifests.LN2, 1000, true,
        m -> m.heldoutDelta(0.9)));
    assertEquals(0.0, withDelta.finalScore());
    assertEquals(new JsonFloat(1.0), withDelta.metricsPayload().get("step0_anomaly"));
  }

  @Test
  void degenerateRunsFailWithTheReferenceReasons() {
    assertEquals(List.of("prequential scoring requires covered_bytes > 0"),
        assertThrows(ScoreValidationException.class,
            () -> score(withNats(10.0, 0, false, m -> m))).reasons());
    assertEquals(List.of("prequential bpb is not finite"),
        assertThrows(ScoreValidationException.class,
            () -> score(withNats(Double.POSITIVE_INFINITY, 100, false, m -> m))).reasons());
    assertEquals(List.of("prequential scoring requires a captured online-loss stream"),
        assertThrows(ScoreValidationException.class,
            () -> score(withNats(10.0, 100, false, m -> m.onlineLoss(List.of())))).reasons());
    assertEquals(List.of("prequential bpb must be positive"),
        assertThrows(ScoreValidationException.class,
            () -> score(withNats(-1.0, 100, false, m -> m))).reasons());
    assertEquals(List.of("v2 manifest is missing a metrics block"),
        assertThrows(ScoreValidationException.class,
            () -> scorer.score(JsonObject.EMPTY)).reasons());
    assertTrue(score(withNats(50.0, 128, false, m -> m)).flags().isEmpty(), "in band: no flag");
  }

  @Test
  void hundredBitsOverTwoHundredFiftyBytes() {
    Score s = score(withNats(100.0 * TestManifests.LN2, 250, false, m -> m));
    assertEquals(1 / 1.4, s.finalScore(), 1e-15);
    assertEquals(0.4, ((JsonFloat) s.metricsPayload().get("prequential_bpb")).value(), 1e-15);
    assertEquals(new JsonFloat(250.0), s.metricsPayload().get("total_bytes_covered"));
  }

  @Test
  void heldoutFieldsAppearInPayloadAndScoreBlock() {
    Score s = score(withBpb(1.0, m -> m.heldoutDelta(0.4).valBpbTrained(2.6).valBpbRandomInit(3.0)
        .set("train_heldout_gap", new JsonFloat(0.2))));
    JsonObject payload = s.metricsPayload();
    assertEquals(new JsonFloat(0.4), payload.get("heldout_delta"));
    assertEquals(new JsonFloat(0.4), payload.get("held_out_delta"));
    assertEquals(new JsonFloat(2.6), payload.get("val_bpb_trained"));
    assertEquals(new JsonFloat(3.0), payload.get("val_bpb_random_init"));
    assertEquals(new JsonFloat(0.2), payload.get("train_heldout_gap"));
    assertEquals(new JsonFloat(0.2), payload.get("train_val_gap"));
    JsonObject block = s.manifestScoreBlock().json();
    assertEquals(new JsonFloat(0.4), block.get("held_out_delta"));
    assertEquals(new JsonString("heldout_delta"), block.get("tie_breaker"));
    assertFalse(block.has("train_val_gap"));
    assertFalse(block.has("train_bpb_basis"));
  }

  /** Spec §6.4 golden values (covered_bytes 1000, nats = bpb × 1000 × ln 2). */
  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
    "0.5,    null, 0.49999999999999994,   0.6666666666666666",
    "1.0,    0.8,  0.9999999999999999,    0.5004139880113889",
    "1.0,   -0.5,  0.9999999999999999,    0.49971189703412716",
    "0.0001, 2.0,  9.999999999999999e-05, 1.0008640375790758",
    "70,     null, 70.0,                  0.014084507042253521"
  })
  void goldenTable(double bpb, Double delta, double expectedBpb, double expectedFinal) {
    Score s = score(withBpb(bpb, m -> delta == null ? m : m.set("heldout_delta", new JsonFloat(delta))));
    assertEquals(expectedBpb, s.bpb());
    assertEquals(expectedFinal, s.finalScore());
    assertEquals(bpb > 64, s.flags().contains(Score.Flag.BPB_OUT_OF_BAND));
  }

  @Test
  void goldenMemorizationRows() {
    Score gap = score(withBpb(1.0, m -> m.heldoutDelta(0.3).set("train_heldout_gap", new JsonFloat(2.5))));
    assertEquals(0.2500908081709637, gap.finalScore());
    assertEquals(0.5, gap.memorizationPenalty());
    assertEquals(List.of(Score.Flag.MEMORIZATION_GAP), gap.flags());
    Score benign = score(withBpb(1.0, m -> m.heldoutDelta(0.3).set("train_heldout_gap", new JsonFloat(0.1))));
    assertFalse(benign.memorizationFlag());
    assertTrue(gap.finalScore() < benign.finalScore());
    Score derived = score(withBpb(1.0, m -> m.valBpbTrained(4.0)));
    assertEquals(0.25, derived.finalScore());
    assertEquals(3.0, derived.trainHeldoutGap().getAsDouble()); // 4.0 - 0.9999999999999999 in Python
    Score gated = score(withBpb(1.0, m -> m.valBpbTrained(4.0).trainBpbBasis("tokenizer").valBpbBasis("bytes")));
    assertEquals(0.5, gated.finalScore());
    assertTrue(gated.trainHeldoutGap().isEmpty());
  }

  @Test
  void heldoutDeltaBreaksNearTiesOnly() {
    assertTrue(score(withBpb(1.0, m -> m.heldoutDelta(0.8))).finalScore()
        > score(withBpb(1.0, m -> m.heldoutDelta(0.1))).finalScore());
    assertTrue(score(withBpb(2.0, m -> m.heldoutDelta(0.8))).finalScore()
        > score(withBpb(2.0, m -> m.heldoutDelta(0.1))).finalScore());
    assertTrue(score(withBpb(0.50, m -> m.heldoutDelta(0.0))).finalScore()
        > score(withBpb(0.60, m -> m.heldoutDelta(1.0))).finalScore());
    assertTrue(score(withBpb(5.0, m -> m.heldoutDelta(-1.0))).finalScore()
        > score(withBpb(5.03, m -> m.heldoutDelta(1.0))).finalScore());
    Score antiLearner = score(withBpb(4.0, m -> m.heldoutDelta(-0.5)));
    Score noop = score(withBpb(3.0, m -> m.heldoutDelta(0.0)));
    assertTrue(antiLearner.finalScore() < noop.finalScore());
    assertEquals(-0.5, antiLearner.heldoutDelta().getAsDouble());
  }

  @Test
  void noHeldoutDataMeansNoTieBreakAndNoPenalty() {
    Score s = score(withBpb(0.5));
    assertTrue(s.heldoutDelta().isEmpty());
    assertTrue(s.trainHeldoutGap().isEmpty());
    assertFalse(s.memorizationFlag());
    assertEquals(1.0, s.memorizationPenalty());
    assertEquals(PrequentialScorer.bpbToFinalScore(s.bpb()), s.finalScore());
    assertFalse(s.metricsPayload().has("heldout_delta"));
  }

  @Test
  void tokenizerBasisGatesThePrequentialGap() {
    Score gpt2 = score(withBpb(1.0, m -> m.heldoutDelta(0.3).valBpbTrained(8.0)
        .trainBpbBasis("gpt2").valBpbBasis("bytes")));
    assertFalse(gpt2.memorizationFlag());
    assertTrue(gpt2.trainHeldoutGap().isEmpty());
    assertEquals(1.0, gpt2.memorizationPenalty());
    Score bytes = score(withBpb(1.0, m -> m.heldoutDelta(0.3).valBpbTrained(4.0)
        .trainBpbBasis("bytes").valBpbBasis("bytes")));
    assertTrue(bytes.memorizationFlag());
  }

  @Test
  void convergedReferenceDrivesTheGapAndBypassesBases() {
    Score memorizer = score(withBpb(2.5, m -> m.valBpbTrained(3.0).valBpbRandomInit(3.2)
        .heldoutDelta(0.2).trainBpbConverged(0.2).gapBasis("converged")));
    assertEquals(3.0 - 0.2, memorizer.trainHeldoutGap().getAsDouble());
    assertTrue(memorizer.memorizationFlag());
    assertEquals(0.5, memorizer.memorizationPenalty());
    Score crossBasis = score(withBpb(1.0, m -> m.valBpbTrained(3.0).trainBpbConverged(0.3)
        .gapBasis("converged").trainBpbBasis("gpt2").valBpbBasis("bytes")));
    assertEquals(3.0 - 0.3, crossBasis.trainHeldoutGap().getAsDouble());
    assertTrue(crossBasis.flags().contains(Score.Flag.MEMORIZATION_GAP));
    Score benign = score(withBpb(1.5, m -> m.valBpbTrained(1.4).valBpbRandomInit(2.6)
        .heldoutDelta(1.2).trainBpbConverged(1.2).gapBasis("converged")));
    assertEquals(1.4 - 1.2, benign.trainHeldoutGap().getAsDouble());
    assertFalse(benign.memorizationFlag());
    Score surfaced = score(withBpb(1.0, m -> m.valBpbTrained(3.0).trainBpbConverged(0.4)
        .gapBasis("converged")));
    assertEquals(new JsonFloat(0.4), surfaced.metricsPayload().get("train_bpb_converged"));
    assertEquals(new JsonString("converged"), surfaced.metricsPayload().get("gap_basis"));
    assertEquals(new JsonFloat(0.4), surfaced.manifestScoreBlock().json().get("train_bpb_converged"));
    assertEquals(new JsonString("converged"), surfaced.manifestScoreBlock().json().get("gap_basis"));
  }

  @Test
  void identicalManifestsScoreBitIdenticallyAndComputeIsIgnored() {
    RunManifest m = withBpb(1.234, 4096, x -> x.heldoutDelta(0.4).valBpbTrained(2.6)
        .valBpbRandomInit(3.0).set("train_heldout_gap", new JsonFloat(0.2)));
    Score a = score(m);
    Score b = score(RunManifest.parse(m.toJson()));
    assertEquals(a, b);
    assertEquals(a.metricsPayload(), b.metricsPayload());
    for (long gpus : List.of(1L, 2L, 4L, 8L)) {
      RunManifest scaled = m.withCompute(ComputeBlock.builder().gpuCount(gpus).worldSize(gpus)
          .nprocPerNode(gpus).device("cuda:0").maxGpuCount(8L).build());
      assertEquals(a, score(scaled));
    }
  }

  @Test
  void threeTokenizersStayComparable() {
    double gpt2 = score(withBpb(1.00, 8192, m -> m.predictedTokens(2000))).bpb();
    double llama = score(withBpb(1.02, 8192, m -> m.predictedTokens(2400))).bpb();
    double custom = score(withBpb(0.98, 8192, m -> m.predictedTokens(3100))).bpb();
    assertTrue(Math.abs(gpt2 - llama) <= 0.05 && Math.abs(gpt2 - custom) <= 0.05
        && Math.abs(llama - custom) <= 0.05);
  }

  @Test
  void endToEndFakeManifest() {
    Score s = score(withNats(2200.0, 4096, false, m -> m));
    assertEquals(2200.0 * PrequentialScorer.NATS_TO_BITS / 4096, s.bpb());
    assertTrue(s.finalScore() > 0);
    assertEquals(1.0, Weights.compute(List.of(new LeaderboardRow("sub", "hk", s.finalScore(),
        "2024-01-01T00:00:00+00:00"))).get("hk"));
  }

  /** Spec §11 quirks, each reproduced deliberately (see README). */
  @Test
  void referenceQuirksAreReproduced() {
    RunManifest base = withBpb(1.0);
    JsonObject metrics = base.json().object("metrics").orElseThrow();
    JsonObject anti = base.json().object("anti_cheat").orElseThrow();
    // A numeric string is accepted by float().
    Score numericString = scorer.score(base.json().with("metrics",
        metrics.with("sum_neg_log_likelihood_nats", new JsonString(" 1_386.29 "))));
    assertEquals(1386.29 * PrequentialScorer.NATS_TO_BITS / 1000, numericString.bpb());
    // The string "false" is truthy: an anomaly.
    Score falseString = scorer.score(base.json().with("anti_cheat",
        anti.with("step0_anomaly", new JsonString("false"))));
    assertEquals(0.0, falseString.finalScore());
    assertTrue(falseString.anomaly());
    // Across bases even an explicit memorization flag is ignored.
    Score explicit = scorer.score(base.json().with("metrics", metrics
        .with("memorization_flag", JsonBool.TRUE)
        .with("train_bpb_basis", new JsonString("tokenizer"))
        .with("val_bpb_basis", new JsonString("bytes"))));
    assertFalse(explicit.memorizationFlag());
    // A float covered_bytes is truncated; a numeric 0 in metrics does not fall through to data.
    Score truncated = scorer.score(base.json().with("metrics",
        metrics.with("covered_bytes", new JsonFloat(999.9))));
    assertEquals(BigInteger.valueOf(999), truncated.coveredBytes());
    assertThrows(ScoreValidationException.class, () -> scorer.score(base.json().with("metrics",
        metrics.with("covered_bytes", JsonInt.of(0)))));
    // float(True) is 1.0 nats.
    Score boolNats = scorer.score(base.json().with("metrics",
        metrics.with("sum_neg_log_likelihood_nats", JsonBool.TRUE)));
    assertEquals(PrequentialScorer.NATS_TO_BITS / 1000, boolNats.bpb());
  }

  @Test
  void rawCrashesBecomeValidationErrors() {
    JsonObject m = withBpb(1.0).json();
    JsonObject metrics = m.object("metrics").orElseThrow();
    List<JsonValue> badNats = List.of(JsonNull.INSTANCE, new JsonString("abc"), JsonObject.EMPTY);
    for (JsonValue nats : badNats) {
      ScoreValidationException e = assertThrows(ScoreValidationException.class, () ->
          scorer.score(m.with("metrics", metrics.with("sum_neg_log_likelihood_nats", nats))));
      assertTrue(e.getMessage().startsWith("metrics.sum_neg_log_likelihood_nats: "), e.getMessage());
    }
    assertEquals("metrics.covered_bytes: cannot convert float NaN to integer",
        assertThrows(ScoreValidationException.class, () -> scorer.score(m.with("metrics",
            metrics.with("covered_bytes", new JsonFloat(Double.NaN))))).getMessage());
    assertEquals("metrics.covered_bytes: cannot convert float infinity to integer",
        assertThrows(ScoreValidationException.class, () -> scorer.score(m.with("metrics",
            metrics.with("covered_bytes", new JsonFloat(Double.POSITIVE_INFINITY))))).getMessage());
    assertEquals("metrics.predicted_tokens: invalid literal for int() with base 10: '1.5'",
        assertThrows(ScoreValidationException.class, () -> scorer.score(m.with("metrics",
            metrics.with("predicted_tokens", new JsonString("1.5"))))).getMessage());
  }

  @Test
  void rescoringTheReferenceAmendedManifestReproducesItsScoreBlock() throws IOException {
    String text = resource("reference_manifest_heldout.json");
    RunManifest m = RunManifest.parse(text);
    Score s = scorer.score(m);
    assertEquals(m.score().orElseThrow(), s.manifestScoreBlock());
    assertEquals(text, m.withScore(s.manifestScoreBlock()).toJson());
  }

  @Test
  void rescoringTheRunnerManifestReproducesItsBpbAndFinalScore() throws IOException {
    String text = resource("reference_manifest_runner.json");
    RunManifest m = RunManifest.parse(text);
    Score s = scorer.score(m);
    ScoreBlock runner = m.score().orElseThrow();
    // The runner divides by ln 2, the scorer multiplies by 1/ln 2: equal here, may differ by 1 ULP.
    assertEquals(runner.prequentialBpb().getAsDouble(), s.bpb(), Math.ulp(s.bpb()));
    assertEquals(runner.finalScore().getAsDouble(), s.finalScore(), Math.ulp(s.finalScore()));
    assertEquals(runner.coveredBytes().getAsLong(), s.coveredBytes().longValueExact());
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = Objects.requireNonNull(
        PrequentialScorerTest.class.getResourceAsStream(name), name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

package ai.prism.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import ai.prism.core.json.JsonArray;
import ai.prism.core.json.JsonBool;
import ai.prism.core.json.JsonFloat;
import ai.prism.core.json.JsonInt;
import ai.prism.core.json.JsonNull;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.JsonValue;
import ai.prism.core.json.PyJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays {@code reference_vectors.json}: inputs run through the reference implementation's own
 * {@code score_prequential_bpb}, {@code rank_leaderboard}, {@code dedupe_best_per_hotkey} and
 * {@code weights._normalize} under CPython 3.11.7, with what it returned, raised or crashed with.
 * Scores must be bit-identical, validation errors must carry the same reasons, and where the
 * reference crashed with a raw exception the port must raise {@link ScoreValidationException}
 * naming the same Python error. Each leaderboard path (rank, dedupe, rank of the survivors, weights)
 * is recorded and replayed on its own, since a score that overflows the grid crashes some and not
 * others.
 */
class ReferenceVectorsTest {
  private static final PrequentialScorer SCORER = new PrequentialScorer();

  static JsonObject vectors() throws IOException {
    try (InputStream in = Objects.requireNonNull(
        ReferenceVectorsTest.class.getResourceAsStream("reference_vectors.json"))) {
      return (JsonObject) PyJson.parse(in.readAllBytes());
    }
  }

  @TestFactory
  Stream<DynamicTest> scoringMatchesTheReference() throws IOException {
    JsonArray cases = (JsonArray) vectors().get("scoring");
    assertTrue(cases.size() > 100);
    return cases.items().stream().map(v -> (JsonObject) v).map(c ->
        dynamicTest(((JsonString) c.get("name")).value(), () -> checkScore(c)));
  }

  private static void checkScore(JsonObject c) {
    JsonObject manifest = (JsonObject) c.get("manifest");
    if (c.get("ok").equals(JsonBool.FALSE)) {
      ScoreValidationException e =
          assertThrows(ScoreValidationException.class, () -> SCORER.score(manifest));
      if (c.get("reasons") instanceof JsonArray reasons) {
        assertEquals(strings(reasons), e.reasons());
      } else {
        assertCrashNamed(((JsonString) c.get("crash")).value(), e);
      }
      return;
    }
    Score s = SCORER.score(manifest);
    assertEquals(((JsonFloat) c.get("bpb")).value(), s.bpb(), "bpb");
    assertEquals(((JsonFloat) c.get("final_score")).value(), s.finalScore(), "final_score");
    assertEquals(strings((JsonArray) c.get("flags")), s.flagNames());
    assertEquals(((JsonInt) c.get("covered_bytes")).value(), s.coveredBytes());
    assertEquals(((JsonInt) c.get("tokens_consumed")).value(), s.tokensConsumed());
    JsonValue step0 = c.get("step0_loss");
    if (step0 instanceof JsonNull) {
      assertTrue(s.step0Loss().isEmpty());
    } else {
      assertEquals(((JsonFloat) step0).value(), s.step0Loss().getAsDouble());
    }
    assertEquals(c.get("score_block"), s.manifestScoreBlock().json());
    if (c.get("payload_error") instanceof JsonString error) {
      assertCrashNamed(error.value(),
          assertThrows(ScoreValidationException.class, s::metricsPayload));
    } else {
      assertEquals(c.get("metrics_payload"), s.metricsPayload());
    }
  }

  /** {@code "TypeError: message"} from Python: the port's reason ends with the same message. */
  private static void assertCrashNamed(String crash, ScoreValidationException e) {
    String message = crash.substring(crash.indexOf(": ") + 2);
    assertEquals(1, e.reasons().size());
    assertTrue(e.reasons().get(0).endsWith(message), e.reasons() + " vs " + crash);
  }

  @TestFactory
  Stream<DynamicTest> leaderboardAndWeightsMatchTheReference() throws IOException {
    JsonArray boards = (JsonArray) vectors().get("leaderboard");
    return boards.items().stream().map(v -> (JsonObject) v).map(b ->
        dynamicTest(((JsonString) b.get("name")).value(), () -> checkBoard(b)));
  }

  private static void checkBoard(JsonObject b) {
    List<LeaderboardRow> rows = new ArrayList<>();
    for (JsonValue v : ((JsonArray) b.get("rows")).items()) {
      JsonObject r = (JsonObject) v;
      rows.add(new LeaderboardRow(str(r, "submission_id"), str(r, "hotkey"),
          ((JsonFloat) r.get("final_score")).value(), str(r, "accepted_at")));
    }
    check(b, "ranked", () -> ids(Leaderboard.rank(rows)), ReferenceVectorsTest::strings);
    check(b, "deduped_first_seen", () -> ids(Leaderboard.dedupeBestPerHotkey(rows)),
        ReferenceVectorsTest::strings);
    check(b, "deduped", () -> ids(Leaderboard.board(rows)), ReferenceVectorsTest::strings);
    check(b, "weights", () -> Weights.compute(rows), ReferenceVectorsTest::weights);
    check(b, "weights_all_rows", () -> Weights.normalize(rows), ReferenceVectorsTest::weights);
  }

  /**
   * One path of a board: where the reference crashed ({@code KEY_crash}) the port raises {@link
   * ScoreValidationException}, otherwise it returns the recorded value.
   */
  private static <T> void check(JsonObject b, String key, Supplier<T> actual, Function<JsonValue, T> expected) {
    if (b.get(key + "_crash") instanceof JsonString crash) {
      assertThrows(ScoreValidationException.class, actual::get, key + ": " + crash.value());
    } else {
      assertEquals(expected.apply(b.get(key)), actual.get(), key);
    }
  }

  /** The vector file was written with sorted keys: the map's order is not compared. */
  private static Map<String, Double> weights(JsonValue expected) {
    Map<String, Double> want = new LinkedHashMap<>();
    ((JsonObject) expected).members().forEach((k, v) -> want.put(k, ((JsonFloat) v).value()));
    return want;
  }

  private static String str(JsonObject o, String key) {
    return ((JsonString) o.get(key)).value();
  }

  private static List<String> ids(List<LeaderboardRow> rows) {
    return rows.stream().map(LeaderboardRow::submissionId).toList();
  }

  private static List<String> strings(JsonValue a) {
    return ((JsonArray) a).items().stream().map(v -> ((JsonString) v).value()).toList();
  }
}

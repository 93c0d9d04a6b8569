package ai.prism.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.json.PyJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The leaderboard and dedupe cases of spec §9.6. */
class LeaderboardTest {
  private static final String T1 = "2024-01-01T00:00:00+00:00";
  private static final String T2 = "2024-01-02T00:00:00+00:00";

  private static LeaderboardRow row(String id, double score, String at) {
    return new LeaderboardRow(id, "hk-" + id, score, at);
  }

  private static LeaderboardRow row(String id, String hotkey, double score, String at) {
    return new LeaderboardRow(id, hotkey, score, at);
  }

  private static List<String> ids(List<LeaderboardRow> rows) {
    return rows.stream().map(LeaderboardRow::submissionId).toList();
  }

  private static double f(double bpb) {
    return PrequentialScorer.bpbToFinalScore(bpb);
  }

  @Test
  void lowerBpbCommittedLaterOutranksHigherBpbCommittedEarlier() {
    assertEquals(List.of("low-bpb", "high-bpb"),
        ids(Leaderboard.rank(List.of(row("high-bpb", f(2.0), T1), row("low-bpb", f(0.5), T2)))));
  }

  @Test
  void equalScoresGoToEarliestCommitWhateverTheInputOrder() {
    LeaderboardRow late = row("sub-late", 0.5, T2);
    LeaderboardRow early = row("sub-early", 0.5, T1);
    assertEquals(List.of("sub-early", "sub-late"), ids(Leaderboard.rank(List.of(late, early))));
    assertEquals(List.of("sub-early", "sub-late"), ids(Leaderboard.rank(List.of(early, late))));
  }

  @Test
  void scoresWithinTheEpsilonAreEqual() {
    assertEquals(List.of("sub-early", "sub-late"), ids(Leaderboard.rank(List.of(
        row("sub-late", 0.5 + 1e-11, T2), row("sub-early", 0.5, T1)))));
    assertEquals(List.of("sub-early", "sub-late"), ids(Leaderboard.rank(List.of(
        row("sub-late", 0.5 + Leaderboard.TIE_EPSILON / 100, T2), row("sub-early", 0.5, T1)))));
  }

  @Test
  void equalScoreAndTimeGoToTheSmallerId() {
    assertEquals(List.of("sub-a", "sub-b"),
        ids(Leaderboard.rank(List.of(row("sub-b", 0.5, T1), row("sub-a", 0.5, T1)))));
  }

  @Test
  void aRealDeltaDifferenceIsNotCollapsedByTheEpsilon() {
    PrequentialScorer scorer = new PrequentialScorer();
    double big = scorer.score(TestManifests.withBpb(1.0, 4096, m -> m.heldoutDelta(0.8))).finalScore();
    double small = scorer.score(TestManifests.withBpb(1.0, 4096, m -> m.heldoutDelta(0.1))).finalScore();
    assertEquals(List.of("big-delta-late", "small-delta-early"), ids(Leaderboard.rank(List.of(
        row("big-delta-late", big, T2), row("small-delta-early", small, T1)))));
    assertEquals(List.of("big-delta-late"), ids(Leaderboard.dedupeBestPerHotkey(List.of(
        row("big-delta-late", "hk", big, T2), row("small-delta-early", "hk", small, T1)))));
  }

  @Test
  void higherScoreHasTheHigherBucket() {
    assertTrue(Leaderboard.bucket(0.9) > Leaderboard.bucket(0.5));
    assertEquals(500_000_000.0, Leaderboard.bucket(0.5));
    assertEquals(0.0, Leaderboard.bucket(Double.NaN));
    assertEquals(0.0, Leaderboard.bucket(Double.POSITIVE_INFINITY));
    assertEquals(0.0, Leaderboard.bucket(Double.NEGATIVE_INFINITY));
    assertThrows(ScoreValidationException.class, () -> Leaderboard.bucket(1e300));
  }

  @Test
  void nonFiniteScoresShareBucketZeroAndAcceptedAtComparesAsText() {
    assertEquals(List.of("tiny", "nan", "zero"), ids(Leaderboard.rank(List.of(
        row("zero", 0.0, T2), row("nan", Double.NaN, T1), row("tiny", 2e-9, T2)))));
    assertEquals(List.of("offset", "z"), ids(Leaderboard.rank(List.of(
        row("z", 0.5, "2024-01-01T00:00:00Z"), row("offset", 0.5, "2024-01-01T00:00:00+00:00")))));
  }

  @Test
  void dedupeKeepsOneRowPerHotkeyByTheRankKey() {
    assertEquals(List.of("better"), ids(Leaderboard.dedupeBestPerHotkey(List.of(
        row("worse", "hk", f(2.0), T1), row("better", "hk", f(0.5), T2)))));
    assertEquals(List.of("early"), ids(Leaderboard.dedupeBestPerHotkey(List.of(
        row("late", "hk", 0.5, T2), row("early", "hk", 0.5, T1)))));
    assertEquals(List.of("sub-a"), ids(Leaderboard.dedupeBestPerHotkey(List.of(
        row("sub-b", "hk", 0.5, T1), row("sub-a", "hk", 0.5, T1)))));
    assertEquals(List.of("a", "b", "c"), ids(Leaderboard.dedupeBestPerHotkey(List.of(
        row("a", "alice", 0.3, T1), row("b", "bob", 0.7, T1), row("c", "carol", 1.0, T1)))));
  }

  @Test
  void anEqualLaterRowNeverReplacesTheKeptOne() {
    LeaderboardRow first = row("same", "hk", 0.5, T1);
    LeaderboardRow twin = row("same", "hk", 0.5, T1);
    assertTrue(Leaderboard.dedupeBestPerHotkey(List.of(first, twin)).get(0) == first);
  }

  @Test
  void dedupeHappensBeforeTheDisplayLimit() {
    List<LeaderboardRow> board = Leaderboard.board(List.of(
        row("alice-best", "alice", 0.9, T1), row("alice-second", "alice", 0.8, T2),
        row("bob-only", "bob", 0.7, "2024-01-03T00:00:00+00:00"),
        row("carol-only", "carol", 0.6, "2024-01-04T00:00:00+00:00")));
    assertEquals(List.of("alice-best", "bob-only"), ids(board.subList(0, 2)));
    assertEquals(List.of("alice-best", "bob-only", "carol-only"), ids(board));
  }

  @Test
  void boardShowsEachHotkeyOnceInScoreOrder() {
    List<LeaderboardRow> board = Leaderboard.board(List.of(
        row("alice-worse", "alice", 0.2, T1),
        row("alice-better", "alice", 0.8, "2024-01-01T00:01:00+00:00"),
        row("bob-only", "bob", 1.0, T1)));
    assertEquals(List.of("bob-only", "alice-better"), ids(board));
  }

  /**
   * The reference buckets lazily in dedupe: a hotkey's only row is never bucketed, so a score whose
   * bucket overflows still survives dedupe and gets its weight ({@code {'h1': 1.0, 'h2': 5e-301}}
   * in the reference), while ranking — which buckets every row — fails.
   */
  @Test
  void aLoneRowWhoseBucketOverflowsSurvivesDedupeAndWeightsButNotRank() {
    List<LeaderboardRow> rows = List.of(row("huge", "h1", 1e300, T1), row("b", "h2", 0.5, T1));
    assertEquals(List.of("huge", "b"), ids(Leaderboard.dedupeBestPerHotkey(rows)));
    assertEquals(Map.of("h1", 1.0, "h2", 5e-301), Weights.compute(rows));
    assertThrows(ScoreValidationException.class, () -> Leaderboard.rank(rows));
    assertThrows(ScoreValidationException.class, () -> Leaderboard.board(rows));
    assertThrows(ScoreValidationException.class, () -> Leaderboard.entries(rows));
    assertThrows(ScoreValidationException.class,
        () -> Leaderboard.rank(List.of(row("huge", "h1", 1e300, T1))), "one row is bucketed too");
  }

  /** A second row of the same hotkey is compared with the kept one, which buckets both. */
  @Test
  void aSecondRowOfTheSameHotkeyBucketsBothRows() {
    List<LeaderboardRow> hugeKept = List.of(row("huge", "h1", 1e300, T1), row("b", "h1", 0.5, T2));
    List<LeaderboardRow> hugeLater = List.of(row("b", "h1", 0.5, T1), row("huge", "h1", 1e300, T2));
    for (List<LeaderboardRow> rows : List.of(hugeKept, hugeLater)) {
      assertThrows(ScoreValidationException.class, () -> Leaderboard.dedupeBestPerHotkey(rows));
      assertThrows(ScoreValidationException.class, () -> Weights.compute(rows));
      assertEquals(Map.of("h1", 1.0), Weights.normalize(rows), "the bare normalization never buckets");
    }
  }

  @Test
  void epochIdIsTheFloorOfUnixSecondsOverTheEpochLength() {
    assertEquals(new Epoch(0, 21_600), Epoch.of(Instant.EPOCH));
    assertEquals(0, Epoch.of(Instant.ofEpochSecond(21_599, 999_999_999)).id());
    assertEquals(1, Epoch.of(Instant.ofEpochSecond(21_600)).id());
    Epoch e = Epoch.of(Instant.parse("2024-01-01T05:00:00Z"));
    assertEquals(1_704_067_200L / 21_600, e.id());
    assertEquals(Instant.parse("2024-01-01T00:00:00Z"), e.start());
    assertEquals(Instant.parse("2024-01-01T06:00:00Z"), e.end());
    assertEquals(28_401, Epoch.of(Instant.parse("2024-01-01T05:00:00Z"), 60_000).id());
  }

  @Test
  void epochRejectsANegativeIdAndANonPositiveLength() {
    assertThrows(ScoreValidationException.class, () -> new Epoch(-1, 21_600));
    assertThrows(ScoreValidationException.class, () -> new Epoch(0, 0));
    assertThrows(ScoreValidationException.class, () -> Epoch.of(Instant.EPOCH, -5));
    assertThrows(ScoreValidationException.class, () -> Epoch.of(Instant.ofEpochSecond(-1)),
        "before 1970 the epoch id is negative");
  }

  @Test
  void entryShowsHotkeySubmissionIdAndScoreRankedOneTwoInBpbOrder() {
    List<BoardEntry> entries = Leaderboard.entries(List.of(
        row("s2", "hk2", f(1.0), T1), row("s1", "hk1", 0.625, T2)));
    assertEquals(List.of(new BoardEntry(1, "hk1", 0.625, "s1"), new BoardEntry(2, "hk2", 0.5, "s2")),
        entries);
  }

  @Test
  void entriesWithEqualScoresGoToTheEarliestCommit() {
    List<LeaderboardRow> rows = List.of(row("late", 0.5, T2), row("early", 0.5, T1));
    assertEquals(List.of("early", "late"),
        Leaderboard.entries(rows).stream().map(BoardEntry::submissionId).toList());
    assertEquals(Leaderboard.entries(rows), Leaderboard.entries(List.of(rows.get(1), rows.get(0))));
  }

  @Test
  void entriesDedupeBeforeTheLimit() {
    List<BoardEntry> entries = Leaderboard.entries(List.of(
        row("alice-best", "alice", 0.9, T1), row("alice-second", "alice", 0.8, T2),
        row("bob-only", "bob", 0.7, "2024-01-03T00:00:00+00:00"),
        row("carol-only", "carol", 0.6, "2024-01-04T00:00:00+00:00")), 2);
    assertEquals(List.of(new BoardEntry(1, "alice", 0.9, "alice-best"), new BoardEntry(2, "bob", 0.7, "bob-only")),
        entries);
  }

  @Test
  void entriesStopAtTheDefaultLimitOfFifty() {
    List<LeaderboardRow> rows = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      rows.add(row("s" + i, 0.5 + i * 1e-6, T1));
    }
    List<BoardEntry> entries = Leaderboard.entries(rows);
    assertEquals(50, entries.size());
    assertEquals(new BoardEntry(1, "hk-s59", 0.5 + 59 * 1e-6, "s59"), entries.get(0));
    assertEquals(50, entries.get(49).rank());
    assertEquals(List.of(), Leaderboard.entries(List.of()));
    assertThrows(ScoreValidationException.class, () -> Leaderboard.entries(rows, 0));
    assertThrows(ScoreValidationException.class, () -> new BoardEntry(0, "h", 0.5, "s"));
  }

  @Test
  void entryJsonHasExactlyTheApiKeys() {
    assertEquals("{\"rank\":1,\"hotkey\":\"hk1\",\"score\":0.625,\"submission_id\":\"s1\"}",
        PyJson.dumps(new BoardEntry(1, "hk1", 0.625, "s1").json(), PyJson.Style.STRICT_LINE));
  }
}

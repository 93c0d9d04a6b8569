package ai.prism.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
}

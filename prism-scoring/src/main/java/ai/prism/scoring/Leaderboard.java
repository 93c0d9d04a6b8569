package ai.prism.scoring;

import ai.prism.core.json.Python;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Leaderboard order and per-hotkey dedupe as the reference computes them (spec §6.6). The rank key
 * (ascending is better) is {@code (−bucket, accepted_at, submission_id)} with {@code bucket =
 * floor(final_score / 1e-9 + 0.5)} (0 for a non-finite score) and strings compared by code point.
 */
public final class Leaderboard {
  /** Scores on the same {@code 1e-9} grid point tie and fall through to commit time. */
  public static final double TIE_EPSILON = 1e-9;

  private static final Comparator<Keyed> ORDER = Leaderboard::compare;

  private Leaderboard() {}

  /** A row with its precomputed bucket. */
  private record Keyed(LeaderboardRow row, double bucket) {}

  /** The rank-key order: higher bucket, then earlier {@code accepted_at}, then smaller id. */
  private static int compare(Keyed a, Keyed b) {
    if (a.bucket != b.bucket) {
      return a.bucket > b.bucket ? -1 : 1;
    }
    int byTime = Python.compare(a.row.acceptedAt(), b.row.acceptedAt());
    return byTime != 0 ? byTime : Python.compare(a.row.submissionId(), b.row.submissionId());
  }

  /**
   * The epsilon-grid bucket of a score: {@code floor(score / 1e-9 + 0.5)}, 0 when the score is not
   * finite. The value is an exact integer held in a double.
   *
   * @throws ScoreValidationException when the score is so large the bucket overflows (the
   *     reference raises OverflowError)
   */
  public static double bucket(double finalScore) {
    if (!Double.isFinite(finalScore)) {
      return 0.0;
    }
    double b = Math.floor(finalScore / TIE_EPSILON + 0.5);
    if (Double.isInfinite(b)) {
      throw new ScoreValidationException(
          "final_score " + Python.repr(finalScore) + " overflows the leaderboard epsilon grid");
    }
    return b;
  }

  /** All rows in rank order (best first); a stable sort, as Python's {@code sorted}. */
  public static List<LeaderboardRow> rank(List<LeaderboardRow> rows) {
    Keyed[] keyed = new Keyed[rows.size()];
    for (int i = 0; i < keyed.length; i++) {
      LeaderboardRow row = rows.get(i);
      keyed[i] = new Keyed(row, bucket(row.finalScore()));
    }
    Arrays.sort(keyed, ORDER);
    List<LeaderboardRow> out = new ArrayList<>(keyed.length);
    for (Keyed k : keyed) {
      out.add(k.row);
    }
    return out;
  }

  /**
   * One row per hotkey: the row with the smallest rank key, a later row replacing the kept one only
   * when strictly smaller. Survivors come in the order each hotkey first appears in {@code rows}
   * (Python dict order), not in rank order.
   */
  public static List<LeaderboardRow> dedupeBestPerHotkey(List<LeaderboardRow> rows) {
    Map<String, Keyed> best = new LinkedHashMap<>();
    for (LeaderboardRow row : rows) {
      Keyed candidate = new Keyed(row, bucket(row.finalScore()));
      Keyed current = best.get(row.hotkey());
      if (current == null || ORDER.compare(candidate, current) < 0) {
        best.put(row.hotkey(), candidate);
      }
    }
    return best.values().stream().map(Keyed::row).toList();
  }

  /** The board: the per-hotkey survivors in rank order (the reference's leaderboard without its display limit). */
  public static List<LeaderboardRow> board(List<LeaderboardRow> rows) {
    return rank(dedupeBestPerHotkey(rows));
  }
}

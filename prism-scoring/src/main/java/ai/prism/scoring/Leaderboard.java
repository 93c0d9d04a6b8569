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
 * {@link #entries} is the API's board; {@link Epoch} says which rows belong to an epoch.
 */
public final class Leaderboard {
  /** Scores on the same {@code 1e-9} grid point tie and fall through to commit time. */
  public static final double TIE_EPSILON = 1e-9;

  /** The number of entries the reference's leaderboard API shows. */
  public static final int DEFAULT_LIMIT = 50;

  private static final Comparator<Keyed> ORDER = Leaderboard::compare;
  private static final int INDEX_BITS = 21;
  private static final int MAX_PACKED_ROWS = 1 << INDEX_BITS;
  private static final double MAX_PACKED_BUCKET = 0x1p41;

  private Leaderboard() {}

  /** A row with its precomputed bucket. */
  private record Keyed(LeaderboardRow row, double bucket) {}

  /** The rank-key order: higher bucket, then earlier {@code accepted_at}, then smaller id. */
  private static int compare(Keyed a, Keyed b) {
    if (a.bucket != b.bucket) {
      return a.bucket > b.bucket ? -1 : 1;
    }
    return compareText(a.row, b.row);
  }

  /** Within a bucket: earlier {@code accepted_at} first, then the smaller id, by code point. */
  private static int compareText(LeaderboardRow a, LeaderboardRow b) {
    int byTime = Python.compare(a.acceptedAt(), b.acceptedAt());
    return byTime != 0 ? byTime : Python.compare(a.submissionId(), b.submissionId());
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
    double[] buckets = new double[rows.size()];
    boolean packable = rows.size() <= MAX_PACKED_ROWS;
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = bucket(rows.get(i).finalScore());
      packable &= Math.abs(buckets[i]) < MAX_PACKED_BUCKET;
    }
    return packable ? rankPacked(rows, buckets) : rankByComparator(rows, buckets);
  }

  /**
   * The common case (scores below about 2,200 and at most two million rows): one primitive sort of
   * {@code (−bucket, input index)} packed in a long, then the string keys only within equal buckets.
   */
  static List<LeaderboardRow> rankPacked(List<LeaderboardRow> rows, double[] buckets) {
    long[] packed = new long[buckets.length];
    for (int i = 0; i < packed.length; i++) {
      packed[i] = ((long) (MAX_PACKED_BUCKET - buckets[i]) << INDEX_BITS) | i;
    }
    Arrays.sort(packed);
    List<LeaderboardRow> out = new ArrayList<>(packed.length);
    for (int start = 0; start < packed.length; ) {
      long bucket = packed[start] >>> INDEX_BITS;
      int end = start + 1;
      while (end < packed.length && packed[end] >>> INDEX_BITS == bucket) {
        end++;
      }
      int from = out.size();
      for (int k = start; k < end; k++) {
        out.add(rows.get((int) (packed[k] & (MAX_PACKED_ROWS - 1))));
      }
      if (end - start > 1) {
        out.subList(from, out.size()).sort(Leaderboard::compareText);
      }
      start = end;
    }
    return out;
  }

  /** Any input: an object sort on the full key. */
  static List<LeaderboardRow> rankByComparator(List<LeaderboardRow> rows, double[] buckets) {
    Keyed[] keyed = new Keyed[rows.size()];
    for (int i = 0; i < keyed.length; i++) {
      keyed[i] = new Keyed(rows.get(i), buckets[i]);
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
   * (Python dict order), not in rank order. As in the reference, rank keys are computed only to
   * compare a row with the kept row of its hotkey: a hotkey's only row is never bucketed, so a
   * score whose bucket overflows fails here only when its hotkey has another row.
   *
   * @throws ScoreValidationException when a compared row's bucket overflows (see {@link #bucket})
   */
  public static List<LeaderboardRow> dedupeBestPerHotkey(List<LeaderboardRow> rows) {
    Map<String, LeaderboardRow> best = new LinkedHashMap<>();
    for (LeaderboardRow row : rows) {
      LeaderboardRow current = best.putIfAbsent(row.hotkey(), row);
      if (current != null && ranksBefore(row, current)) {
        best.put(row.hotkey(), row);
      }
    }
    return List.copyOf(best.values());
  }

  /** Whether {@code a}'s rank key is strictly smaller than {@code b}'s; buckets both, {@code a}'s first. */
  private static boolean ranksBefore(LeaderboardRow a, LeaderboardRow b) {
    Keyed ka = new Keyed(a, bucket(a.finalScore()));
    return compare(ka, new Keyed(b, bucket(b.finalScore()))) < 0;
  }

  /** The board: the per-hotkey survivors in rank order (the reference's leaderboard without its display limit). */
  public static List<LeaderboardRow> board(List<LeaderboardRow> rows) {
    return rank(dedupeBestPerHotkey(rows));
  }

  /** The API's board with its default limit: the first {@value #DEFAULT_LIMIT} entries of {@link #entries(List, int)}. */
  public static List<BoardEntry> entries(List<LeaderboardRow> rows) {
    return entries(rows, DEFAULT_LIMIT);
  }

  /**
   * The API's board (spec §6.6): the {@link #board} — dedupe over all rows, then rank — cut to its
   * first {@code limit} rows, as 1-based entries.
   *
   * @throws ScoreValidationException when {@code limit} is not positive, or as {@link #board}
   */
  public static List<BoardEntry> entries(List<LeaderboardRow> rows, int limit) {
    if (limit <= 0) {
      throw new ScoreValidationException("leaderboard limit must be positive, got " + limit);
    }
    List<LeaderboardRow> board = board(rows);
    List<BoardEntry> entries = new ArrayList<>(Math.min(limit, board.size()));
    for (LeaderboardRow row : board.subList(0, Math.min(limit, board.size()))) {
      entries.add(new BoardEntry(entries.size() + 1, row.hotkey(), row.finalScore(), row.submissionId()));
    }
    return List.copyOf(entries);
  }
}

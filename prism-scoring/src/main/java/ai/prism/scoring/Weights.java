package ai.prism.scoring;

import ai.prism.core.json.FloatSummation;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Normalized weights per hotkey (spec §6.7): each hotkey's best {@code max(0, final_score)} over
 * the sum of all bests; zero-score hotkeys are left out, and an empty map when the sum is not
 * positive. Reproduces the reference's float results exactly, including the NaN weight an infinite
 * score produces (∞/∞) and 0.0 for every other hotkey. The total is Python's {@code sum()}: CPython
 * 3.11's left-to-right sum by default, CPython 3.12's compensated sum on request ({@link
 * FloatSummation}); the two differ in the last bits of some boards.
 */
public final class Weights {
  private Weights() {}

  /**
   * The weights of the current epoch as the reference computes them under CPython 3.11: per-hotkey
   * dedupe ({@link Leaderboard#dedupeBestPerHotkey}) then {@link #normalize}.
   */
  public static Map<String, Double> compute(List<LeaderboardRow> rows) {
    return compute(rows, FloatSummation.SEQUENTIAL);
  }

  /** {@link #compute(List)} with the total summed as the given Python version's {@code sum()}. */
  public static Map<String, Double> compute(List<LeaderboardRow> rows, FloatSummation summation) {
    return normalize(Leaderboard.dedupeBestPerHotkey(rows), summation);
  }

  /** {@link #normalize(List, FloatSummation)} with CPython 3.11's left-to-right sum. */
  public static Map<String, Double> normalize(List<LeaderboardRow> rows) {
    return normalize(rows, FloatSummation.SEQUENTIAL);
  }

  /**
   * The reference's normalization of score rows: per hotkey the maximum of {@code max(0, score)}
   * (NaN counts as 0), summed in first-appearance order by {@code summation}, then divided. The map
   * keeps first-appearance order.
   */
  public static Map<String, Double> normalize(List<LeaderboardRow> rows, FloatSummation summation) {
    Map<String, Double> best = new LinkedHashMap<>();
    for (LeaderboardRow row : rows) {
      double score = Py.max(0.0, row.finalScore());
      best.put(row.hotkey(), Py.max(best.getOrDefault(row.hotkey(), 0.0), score));
    }
    double total = summation.sum(best.values());
    Map<String, Double> weights = new LinkedHashMap<>();
    if (total <= 0) {
      return Collections.unmodifiableMap(weights);
    }
    for (Map.Entry<String, Double> e : best.entrySet()) {
      if (e.getValue() > 0) {
        weights.put(e.getKey(), e.getValue() / total);
      }
    }
    return Collections.unmodifiableMap(weights);
  }
}

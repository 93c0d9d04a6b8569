package ai.prism.scoring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Normalized weights per hotkey (spec §6.7): each hotkey's best {@code max(0, final_score)} over
 * the sum of all bests; zero-score hotkeys are left out, and an empty map when the sum is not
 * positive. Reproduces the reference's float results exactly, including the NaN weight an infinite
 * score produces (∞/∞) and 0.0 for every other hotkey.
 */
public final class Weights {
  private Weights() {}

  /**
   * The weights of the current epoch as the reference computes them: per-hotkey dedupe ({@link
   * Leaderboard#dedupeBestPerHotkey}) then {@link #normalize}.
   */
  public static Map<String, Double> compute(List<LeaderboardRow> rows) {
    return normalize(Leaderboard.dedupeBestPerHotkey(rows));
  }

  /**
   * The reference's normalization of score rows: per hotkey the maximum of {@code max(0, score)}
   * (NaN counts as 0), summed left to right in first-appearance order, then divided. The map keeps
   * first-appearance order.
   */
  public static Map<String, Double> normalize(List<LeaderboardRow> rows) {
    Map<String, Double> best = new LinkedHashMap<>();
    for (LeaderboardRow row : rows) {
      double score = Py.max(0.0, row.finalScore());
      best.put(row.hotkey(), Py.max(best.getOrDefault(row.hotkey(), 0.0), score));
    }
    double total = 0.0;
    for (double score : best.values()) {
      total += score;
    }
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

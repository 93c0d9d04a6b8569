package ai.prism.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The weights cases of spec §6.7 and §9.6. */
class WeightsTest {
  private static final String T = "2024-01-01T00:00:00+00:00";

  private static LeaderboardRow row(String id, String hotkey, double score) {
    return new LeaderboardRow(id, hotkey, score, T);
  }

  @Test
  void bestScorePerHotkeyNotTheSum() {
    Map<String, Double> w = Weights.normalize(List.of(
        row("a-worse", "a", 0.2), row("a-better", "a", 0.8), row("b-only", "b", 1.0)));
    assertEquals(0.8 / 1.8, w.get("a"));
    assertEquals(1.0 / 1.8, w.get("b"));
    assertTrue(w.get("a") < w.get("b"));
    assertEquals(List.of("a", "b"), List.copyOf(w.keySet()), "first-appearance order");
  }

  @Test
  void distinctHotkeysNormalizeToOneWithinZeroAndOne() {
    Map<String, Double> w = Weights.compute(List.of(
        row("a", "a", 0.3), row("b", "b", 0.7), row("c", "c", 1.0)));
    assertEquals(1.0, w.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-15);
    assertTrue(w.values().stream().allMatch(v -> v >= 0 && v <= 1));
  }

  @Test
  void computeDedupesFirstLikeTheEpochWeights() {
    Map<String, Double> w = Weights.compute(List.of(
        row("alice-worse", "alice", 0.2), row("alice-better", "alice", 0.8), row("bob", "bob", 1.0)));
    assertEquals(Map.of("alice", 0.8 / 1.8, "bob", 1.0 / 1.8), w);
  }

  @Test
  void zeroScoresAreLeftOutAndANonPositiveTotalGivesNothing() {
    assertEquals(Map.of("b", 1.0), Weights.normalize(List.of(row("a", "a", 0.0), row("b", "b", 0.4))));
    assertEquals(Map.of(), Weights.normalize(List.of(
        row("a", "a", 0.0), row("b", "b", -1.0), row("c", "c", Double.NaN))));
    assertEquals(Map.of(), Weights.normalize(List.of()));
  }

  @Test
  void anInfiniteScoreGivesANanWeightAndZeroForTheOthers() {
    Map<String, Double> w = Weights.normalize(List.of(
        row("inf", "a", Double.POSITIVE_INFINITY), row("x", "b", 0.5), row("y", "c", 0.0)));
    assertTrue(Double.isNaN(w.get("a")));
    assertEquals(0.0, w.get("b"));
    assertEquals(2, w.size());
  }
}

package ai.prism.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.json.FloatSummation;
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

  /**
   * The total is Python's {@code sum()}, which CPython 3.12 made compensated. On this board the
   * reference's {@code _normalize} returns {@code {'a': 0.16666666666666666, 'b':
   * 0.3333333333333333, 'c': 0.4999999999999999}} under CPython 3.11.7 (total
   * 0.6000000000000001) and {@code {'a': 0.16666666666666669, 'b': 0.33333333333333337, 'c':
   * 0.5}} under CPython 3.12.1 (total 0.6), both run for real.
   */
  @Test
  void theTotalIsSummedAsTheChosenPythonVersionDoes() {
    List<LeaderboardRow> rows = List.of(row("a1", "a", 0.1), row("b", "b", 0.2),
        row("a2", "a", 0.05), row("c", "c", 0.3));
    Map<String, Double> py311 = Map.of("a", 0.16666666666666666, "b", 0.3333333333333333,
        "c", 0.4999999999999999);
    Map<String, Double> py312 = Map.of("a", 0.16666666666666669, "b", 0.33333333333333337, "c", 0.5);
    assertEquals(py311, Weights.normalize(rows));
    assertEquals(py311, Weights.normalize(rows, FloatSummation.SEQUENTIAL));
    assertEquals(py312, Weights.normalize(rows, FloatSummation.COMPENSATED));
    List<LeaderboardRow> distinct = List.of(row("a1", "a", 0.1), row("b", "b", 0.2), row("c", "c", 0.3));
    assertEquals(py311, Weights.compute(distinct));
    assertEquals(py312, Weights.compute(distinct, FloatSummation.COMPENSATED));
  }
}

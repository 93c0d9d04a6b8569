package ai.prism.bench;

import ai.prism.scoring.Leaderboard;
import ai.prism.scoring.LeaderboardRow;
import ai.prism.scoring.Weights;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Ranking a leaderboard of 1,000,000 rows (scores clustered so many share a 1e-9 bucket and fall
 * through to the accepted_at and id comparisons), the deduped board, and weights.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LeaderboardBenchmark {
  @Param({"1000000"})
  public int rows;

  @Param({"10000"})
  public int hotkeys;

  private List<LeaderboardRow> board;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(7);
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    board = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      double bpb = 1.0 + random.nextInt(20_000) * 1e-4;
      double score = 1.0 / (1.0 + bpb) + (random.nextInt(4) == 0 ? 0.0 : random.nextDouble() * 1e-6);
      String acceptedAt = start.plusSeconds(random.nextInt(21_600)).toString().replace("Z", "+00:00");
      board.add(new LeaderboardRow(
          "sub-" + Long.toHexString(random.nextLong()), "hk-" + random.nextInt(hotkeys), score, acceptedAt));
    }
  }

  /** All rows in rank order. */
  @Benchmark
  public List<LeaderboardRow> rank() {
    return Leaderboard.rank(board);
  }

  /** One row per hotkey, in rank order. */
  @Benchmark
  public List<LeaderboardRow> dedupedBoard() {
    return Leaderboard.board(board);
  }

  /** Weights over the per-hotkey survivors. */
  @Benchmark
  public Map<String, Double> weights() {
    return Weights.compute(board);
  }
}

package ai.prism.examples.cli;

import ai.prism.core.PrismException;
import ai.prism.core.json.JsonArray;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonValue;
import ai.prism.core.json.PyJson;
import ai.prism.scoring.Leaderboard;
import ai.prism.scoring.LeaderboardRow;
import ai.prism.scoring.ScoreValidationException;
import ai.prism.scoring.Weights;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prism leaderboard}: ranks rows, dedupes per hotkey and computes weights, as the reference does. */
@Command(
    name = "leaderboard",
    mixinStandardHelpOptions = true,
    description = {
      "Rank leaderboard rows, dedupe per hotkey and compute weights as the reference does.",
      "Prints one JSON line:",
      "  {\"ranked\":[ids],\"deduped\":[ids],\"weights\":{\"<hotkey>\":w}}",
      "ranked: every row, best first (epsilon-grid bucket, then accepted_at as text, then id).",
      "deduped: one row per hotkey (its best by the same key), best first: the leaderboard.",
      "weights: best max(0, final_score) per surviving hotkey over their sum (zero scores omitted).",
      "With --limit N a fourth key, board, holds the API's first N entries:",
      "  [{\"rank\":1,\"hotkey\":h,\"score\":final_score,\"submission_id\":id},...] (the API shows 50).",
      "ROWS is a JSON array of {\"submission_id\",\"hotkey\",\"final_score\",\"accepted_at\"}.",
      "Exit 0 on success, 1 when a score overflows the 1e-9 grid, 2 on a usage, I/O or format error."
    })
public final class LeaderboardCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ROWS", description = "Rows file (JSON array).")
  Path rowsFile;

  /** How the weights' total is summed. */
  @Mixin SumOption sum;

  @Option(names = "--limit", paramLabel = "N",
      description = "Also print the API board: its first N entries (rank, hotkey, score, submission_id).")
  Integer limit;

  @Override
  public Integer call() {
    if (limit != null && limit <= 0) {
      spec.commandLine().getErr().println("prism leaderboard: --limit must be positive: " + limit);
      return ScoreCommand.ERROR;
    }
    return run(spec, rowsFile, rows -> {
      Map<String, JsonValue> out = new LinkedHashMap<>();
      out.put("ranked", LeaderboardRows.ids(Leaderboard.rank(rows)));
      out.put("deduped", LeaderboardRows.ids(Leaderboard.board(rows)));
      out.put("weights", LeaderboardRows.weights(Weights.compute(rows, sum.summation)));
      if (limit != null) {
        out.put("board", new JsonArray(
            Leaderboard.entries(rows, limit).stream().map(e -> (JsonValue) e.json()).toList()));
      }
      return new JsonObject(out);
    });
  }

  /** Reads the rows, prints {@code result(rows)} as one strict JSON line; shared with {@code weights}. */
  static int run(CommandLine.Model.CommandSpec spec, Path rowsFile, Result result) {
    String name = "prism " + spec.name();
    List<LeaderboardRow> rows;
    try {
      rows = LeaderboardRows.read(rowsFile);
    } catch (IllegalArgumentException | PrismException e) {
      spec.commandLine().getErr().println(name + ": " + e.getMessage());
      return ScoreCommand.ERROR;
    }
    try {
      spec.commandLine().getOut().println(PyJson.dumps(result.of(rows), PyJson.Style.STRICT_LINE));
      spec.commandLine().getOut().flush();
      return ScoreCommand.SCORED;
    } catch (ScoreValidationException e) {
      spec.commandLine().getErr().println(name + ": " + e.getMessage());
      return ScoreCommand.INVALID;
    }
  }

  /** What a rows command prints. */
  interface Result {
    JsonObject of(List<LeaderboardRow> rows);
  }
}

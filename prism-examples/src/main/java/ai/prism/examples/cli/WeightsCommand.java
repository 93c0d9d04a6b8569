package ai.prism.examples.cli;

import ai.prism.scoring.Weights;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code prism weights}: the reference's weights over the per-hotkey survivors of a rows file. */
@Command(
    name = "weights",
    mixinStandardHelpOptions = true,
    description = {
      "Print the weights of leaderboard rows as the reference computes them.",
      "One JSON object {\"<hotkey>\":w}, hotkeys in the order they first appear: each surviving",
      "hotkey's best max(0, final_score) over the sum",
      "(zero scores omitted; an infinite score gives \"NaN\" as in the reference).",
      "Exit 0 on success, 1 when a score overflows the 1e-9 grid, 2 on a usage, I/O or format error."
    })
public final class WeightsCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ROWS", description = "Rows file (JSON array), as for leaderboard.")
  Path rowsFile;

  /** How the weights' total is summed. */
  @Mixin SumOption sum;

  @Override
  public Integer call() {
    return LeaderboardCommand.run(spec, rowsFile,
        rows -> LeaderboardRows.weights(Weights.compute(rows, sum.summation)));
  }
}

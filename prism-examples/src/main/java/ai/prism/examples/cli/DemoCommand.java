package ai.prism.examples.cli;

import ai.prism.core.recipe.AdamWRecipe;
import ai.prism.core.recipe.Recipes;
import ai.prism.core.run.DeviceChoice;
import ai.prism.core.run.PrismContext;
import ai.prism.core.run.RunOptions;
import ai.prism.core.run.Runner;
import ai.prism.examples.models.ExampleModels;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code prism demo}, the embedded default: the tiny decoder trained from scratch with the built-in recipe on
 * the bundled demo corpus, on the CPU, within a fixed token and wall-clock budget.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train the tiny decoder (the reference's tiny-1m, ~1.05M parameters) from scratch on the bundled demo",
      "corpus with the built-in AdamW recipe, on the CPU, recording its online loss before every update.",
      "Prints the prequential bits per byte and the score; writes the run manifest, loss-curve.png and",
      "report.md to the output directory. Stops at " + DemoCommand.TOKEN_BUDGET + " tokens or "
          + DemoCommand.BUDGET_SECONDS_TEXT + " s, whichever comes first."
    })
public final class DemoCommand implements Callable<Integer> {
  /** Tokens the demo trains on (batch 4 x 128 tokens per step). */
  static final long TOKEN_BUDGET = 200_000L;
  /** Graceful wall-clock budget: the stream stops after the batch that crosses it. */
  static final double BUDGET_SECONDS = 90.0;
  static final String BUDGET_SECONDS_TEXT = "90";
  static final int VOCAB_SIZE = 4096;
  static final int SEQUENCE_LENGTH = 128;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", defaultValue = "prism-out", paramLabel = "DIR", description = "output directory (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--data", paramLabel = "DIR", description = "train on this train split instead of the bundled demo corpus")
  Path data;

  @Option(names = "--verbose", description = "show the runner's diagnostic lines on stderr")
  boolean verbose;

  /** The demo's recipe: the reference tiny-1m loop's settings in the fused capture mode. */
  static AdamWRecipe recipe() {
    return Recipes.tinyDecoderReference().toBuilder().fused(true).build();
  }

  @Override
  public Integer call() {
    Path train = data != null ? data : DemoCorpusAccess.trainSplit();
    AdamWRecipe recipe = recipe();
    RunOptions.Builder options = Runner.builder()
        .dataDir(train)
        .vocabSize(VOCAB_SIZE)
        .sequenceLength(SEQUENCE_LENGTH)
        .tokenBudget(TOKEN_BUDGET)
        .budgetSeconds(BUDGET_SECONDS)
        .device(DeviceChoice.CPU);
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("model", "tiny-decoder: " + ExampleModels.names().get("tiny-decoder"));
    settings.put("training", recipe.toString());
    settings.put("data", data != null ? data.toString() : "bundled demo corpus (" + train + ")");
    settings.put("vocab size", Integer.toString(VOCAB_SIZE));
    settings.put("sequence length", Integer.toString(SEQUENCE_LENGTH));
    settings.put("budgets", Evaluation.budgets(TOKEN_BUDGET, null, BUDGET_SECONDS));
    settings.put("seed", Long.toString(PrismContext.DEFAULT_SEED));
    settings.put("device", "cpu");
    return Evaluation.run(options, ExampleModels.architecture("tiny-decoder"), recipe, settings, out, verbose,
        spec.commandLine());
  }
}

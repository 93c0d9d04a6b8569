package ai.prism.examples.cli;

import ai.prism.core.manifest.RunManifest;
import ai.prism.core.recipe.AdamWRecipe;
import ai.prism.core.recipe.Recipes;
import ai.prism.core.run.DeviceChoice;
import ai.prism.core.run.PrismContext;
import ai.prism.core.run.RunOptions;
import ai.prism.core.run.Runner;
import ai.prism.examples.data.DemoCorpus;
import ai.prism.examples.models.ExampleModels;
import ai.prism.scoring.PrequentialScorer;
import ai.prism.scoring.ScoreValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
      "Train and score the tiny decoder on the bundled demo corpus (the embedded default).",
      "Train the tiny decoder (the reference's tiny-1m, ~1.05M parameters) from scratch on the bundled demo",
      "corpus with the built-in AdamW recipe, on the CPU, recording its online loss before every update.",
      "Prints the prequential bits per byte and the score; writes the run manifest, loss-curve.png and",
      "report.md to the output directory. Stops at " + DemoCommand.TOKEN_BUDGET + " tokens or "
          + DemoCommand.BUDGET_SECONDS_TEXT + " s, whichever comes first.",
      "Then evaluates the trained model against its random-init twin on the corpus's val split (the held-out",
      "delta) and on its train split (the memorization gap), with the run's gpt2 tokenizer (the reference",
      "measures raw bytes: --heldout-tokenizer=bytes), and re-scores the run with them.",
      "With --data, trains on another train split, verified against its MANIFEST.json as evaluate does.",
      "With --examples, scores the bundled example manifests instead (a learner, a memorizer caught by the",
      "held-out gap, a step-0 anomaly, an out-of-band run, a zero-forward run) and prints a table."
    })
public final class DemoCommand implements Callable<Integer> {
  /** Tokens the demo trains on (batch 4 x 128 tokens per step). */
  static final long TOKEN_BUDGET = 200_000L;
  /** Graceful wall-clock budget: the stream stops after the batch that crosses it. */
  static final double BUDGET_SECONDS = 90.0;
  static final String BUDGET_SECONDS_TEXT = "90";
  static final int VOCAB_SIZE = 4096;
  static final int SEQUENCE_LENGTH = 128;
  /** The example manifests, under {@code ai/prism/examples/demo/} on the class path. */
  static final List<String> EXAMPLES =
      List.of("learner", "memorizer", "step0-anomaly", "out-of-band", "zero-forward");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", defaultValue = "prism-out", paramLabel = "DIR", description = "output directory (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--data", paramLabel = "DIR", description = "train on this train split instead of the bundled demo corpus")
  Path data;

  @Option(names = "--corpus-dir", paramLabel = "DIR",
      description = "where the demo corpus is materialized and reused (default: $XDG_CACHE_HOME/prism or ~/.cache/prism)")
  Path corpusDir;

  @Option(names = "--verbose", description = "show the runner's diagnostic lines on stderr")
  boolean verbose;

  @Option(names = "--examples", description = "score the bundled example manifests and print a table (no training)")
  boolean examples;

  @CommandLine.Mixin HeldoutCli heldout;

  @CommandLine.Mixin CorpusPin pin;

  /**
   * The demo's recipe: the reference tiny-1m loop as it is (AdamW lr 0.005, clip 1.0, batch 4, the gpt2
   * tokenizer folded modulo the vocabulary), in the fused capture mode.
   */
  static AdamWRecipe recipe() {
    return Recipes.tinyDecoderReference().toBuilder().referenceTokenizer("gpt2").fused(true).build();
  }

  @Override
  public Integer call() {
    if (examples) {
      return scoreExamples();
    }
    Path train = data != null ? data : demoTrainSplit(corpusDir != null ? corpusDir : defaultCacheDir());
    AdamWRecipe recipe = recipe();
    // The demo trains on gpt2 ids: byte-level held-out (the reference's) cannot see what it learned, so the
    // demo measures held-out with the run's tokenizer unless --heldout-tokenizer=bytes asks otherwise.
    heldout.preferRunTokenizer();
    heldout.resolveTokenizer(recipe.tokenizerName(), null, spec.commandLine());
    // The bundled corpus was verified against its own pin when materialized; --data is checked like evaluate's.
    if (data != null && !pin.runMayStart(data, heldout, "prism demo", spec.commandLine().getErr())) {
      return 2;
    }
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
        spec.commandLine(), heldout);
  }

  /**
   * The demo corpus's train split, materialized under {@code cache} (reused when an intact copy with the same
   * pin is already there).
   */
  static Path demoTrainSplit(Path cache) {
    Path dir = cache.resolve("demo-corpus-" + DemoCorpus.PIN_SHA.substring(0, 12));
    return DemoCorpus.materialize(dir).root().resolve("train");
  }

  private static Path defaultCacheDir() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("prism");
  }

  /** Scores the example manifests into a {@link ScoreTable} on stdout. */
  private int scoreExamples() {
    PrequentialScorer scorer = new PrequentialScorer();
    ScoreTable table = new ScoreTable();
    for (String name : EXAMPLES) {
      RunManifest manifest = RunManifest.parse(example(name));
      try {
        table.scored(name, scorer.score(manifest));
      } catch (ScoreValidationException e) {
        table.failed(name, e.getMessage());
      }
    }
    spec.commandLine().getOut().print(table.render());
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** The text of an example manifest. */
  static String example(String name) {
    String resource = "/ai/prism/examples/demo/" + name + ".json";
    try (InputStream in = Objects.requireNonNull(DemoCommand.class.getResourceAsStream(resource), resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package ai.prism.examples.cli;

import ai.prism.core.recipe.AdamWRecipe;
import ai.prism.core.recipe.Recipes;
import ai.prism.core.run.Architecture;
import ai.prism.core.run.DeviceChoice;
import ai.prism.core.run.RunOptions;
import ai.prism.core.run.Runner;
import ai.prism.core.run.Training;
import ai.prism.examples.models.ExampleModels;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code prism evaluate}: a real scored run of an example model (or an {@code Architecture} class) with the
 * built-in recipe (or a {@code Training} class) on a corpus, in this JVM, writing the manifest, loss curve and
 * report like {@code prism demo}.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train an example model or a model class from scratch on a corpus and score the run.",
      "Train a model from scratch in one pass over a corpus's train split, recording its online loss, and",
      "write the run manifest, loss-curve.png and report.md. Prints a JSON summary line on stdout.",
      "When the data directory (or its parent, for a train/ directory) holds MANIFEST.json, the corpus is verified",
      "against it first (see --expect-pin, --no-verify); a corpus without MANIFEST.json is used unchecked, as the",
      "reference's runner never reads it.",
      "Exit status: 0 scored, 1 the run failed (its manifest may still be written), 2 usage error or a corpus that",
      "fails verification."
    })
public final class EvaluateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--arch", required = true, paramLabel = "NAME|CLASS",
      description = "model: tiny-decoder, lstm, bigram, or a class implementing ai.prism.core.run.Architecture")
  String arch;

  @Option(names = "--training", defaultValue = "recipe", paramLabel = "recipe|CLASS",
      description = "training loop: 'recipe' (built-in AdamW recipe) or a class implementing ai.prism.core.run.Training (default: ${DEFAULT-VALUE})")
  String training;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "the train split directory (train-*.jsonl / *.jsonl / *.bin shards, or DIR/train/*.jsonl)")
  Path data;

  @Option(names = "--tokenizer", defaultValue = "bytes", paramLabel = "NAME",
      description = "recipe only: bytes, or a reference tokenizer name (gpt2, llama) (default: ${DEFAULT-VALUE})")
  String tokenizer;

  @Option(names = "--reference-tokenizer-dir", paramLabel = "DIR",
      description = "where staged reference tokenizers live (default: PRISM_REFERENCE_TOKENIZER_DIR)")
  Path referenceTokenizerDir;

  @Option(names = "--vocab-size", defaultValue = "4096", paramLabel = "N",
      description = "context vocabulary size; token ids are folded modulo it (default: ${DEFAULT-VALUE})")
  int vocabSize;

  @Option(names = "--seq-len", defaultValue = "128", paramLabel = "N",
      description = "context sequence length, the recipe's batch columns (default: ${DEFAULT-VALUE})")
  int seqLen;

  @Option(names = "--batch-size", defaultValue = "4", paramLabel = "N", description = "recipe rows per batch (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--lr", defaultValue = "0.005", paramLabel = "X", description = "recipe AdamW learning rate (default: ${DEFAULT-VALUE})")
  double lr;

  @Option(names = "--weight-decay", defaultValue = "0.01", paramLabel = "X", description = "recipe AdamW weight decay (default: ${DEFAULT-VALUE})")
  double weightDecay;

  @Option(names = "--clip", defaultValue = "1.0", paramLabel = "X", description = "recipe global gradient-norm clip (default: ${DEFAULT-VALUE})")
  double clip;

  @Option(names = "--fused", description = "recipe: record the online loss from the training forward (no second forward)")
  boolean fused;

  @Option(names = "--token-budget", paramLabel = "N", description = "stop after this many tokens")
  Long tokenBudget;

  @Option(names = "--step-budget", paramLabel = "N", description = "stop after this many batches")
  Long stepBudget;

  @Option(names = "--budget-seconds", paramLabel = "S",
      description = "graceful wall-clock budget in seconds (default: the reference's 1200)")
  Double budgetSeconds;

  @Option(names = "--max-line-bytes", defaultValue = "33554432", paramLabel = "N",
      description = "longest shard line the stream and held-out accept; a longer one fails the run (default: ${DEFAULT-VALUE})")
  int maxLineBytes;

  @Option(names = "--seed", defaultValue = "1337", paramLabel = "N", description = "forced seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu", description = "device (default: ${DEFAULT-VALUE})")
  String device;

  @Option(names = "--out", defaultValue = "prism-out", paramLabel = "DIR", description = "output directory (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--verbose", description = "show the runner's diagnostic lines on stderr")
  boolean verbose;

  @CommandLine.Mixin HeldoutCli heldout;

  @CommandLine.Mixin CorpusPin pin;

  @Override
  public Integer call() {
    Architecture architecture;
    Training loop;
    AdamWRecipe recipe = null;
    DeviceChoice deviceChoice;
    try {
      architecture = ExampleModels.architecture(arch);
      if (training.equals("recipe")) {
        recipe = Recipes.adamW(lr, weightDecay, clip, batchSize, null).toBuilder()
            .referenceTokenizer(tokenizer)
            .fused(fused)
            .build();
        loop = recipe;
      } else {
        loop = ExampleModels.instantiate(training, Training.class, "--training", "'recipe'");
      }
      deviceChoice = DeviceChoice.valueOf(device.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    heldout.resolveTokenizer(recipe == null ? null : recipe.tokenizerName(), referenceTokenizerDir, spec.commandLine());
    if (!pin.runMayStart(data, heldout, "prism evaluate", spec.commandLine().getErr())) {
      return 2;
    }
    RunOptions.Builder options = Runner.builder()
        .dataDir(data)
        .vocabSize(vocabSize)
        .sequenceLength(seqLen)
        .seed(seed)
        .tokenBudget(tokenBudget)
        .stepBudget(stepBudget)
        .maxLineBytes(maxLineBytes)
        .device(deviceChoice)
        .referenceTokenizerDir(referenceTokenizerDir);
    if (budgetSeconds != null) {
      options.budgetSeconds(budgetSeconds);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("model", arch);
    settings.put("training", recipe == null ? training : recipe.toString());
    settings.put("data", data.toString());
    settings.put("vocab size", Integer.toString(vocabSize));
    settings.put("sequence length", Integer.toString(seqLen));
    settings.put("budgets", Evaluation.budgets(tokenBudget, stepBudget,
        budgetSeconds == null ? RunOptions.DEFAULT_BUDGET_SECONDS : budgetSeconds));
    settings.put("seed", Long.toString(seed));
    settings.put("device", device);
    return Evaluation.run(options, architecture, loop, settings, out, verbose, spec.commandLine(), heldout);
  }
}

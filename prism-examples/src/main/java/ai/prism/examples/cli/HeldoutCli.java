package ai.prism.examples.cli;

import ai.prism.core.PrismException;
import ai.prism.core.heldout.HeldoutEvaluator;
import ai.prism.core.heldout.HeldoutOptions;
import ai.prism.core.heldout.HeldoutReport;
import ai.prism.core.heldout.HeldoutResult;
import ai.prism.core.heldout.HeldoutRun;
import ai.prism.core.json.JsonBool;
import ai.prism.core.json.JsonFloat;
import ai.prism.core.json.JsonInt;
import ai.prism.core.json.JsonNull;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.JsonValue;
import ai.prism.core.run.Architecture;
import ai.prism.core.run.RunOptions;
import ai.prism.core.run.RunResult;
import ai.prism.core.tokenizer.Tokenizer;
import ai.prism.scoring.PrequentialRescorer;
import ai.prism.tokenizers.ReferenceTokenizers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The held-out options shared by {@code evaluate}, {@code run} and {@code demo}, and the step they
 * drive after a successful run: held-out evaluation on the corpus's val split (on by default when
 * there is one), the amended and re-scored manifest written over the run's.
 */
final class HeldoutCli {
  /** The value of a bare {@code --heldout-tokenizer}: the tokenizer the run trained with. */
  static final String RUN_TOKENIZER = "run";

  @Option(names = "--no-heldout", description = "skip held-out evaluation (the run is scored on its bpb alone)")
  boolean disabled;

  @Option(names = "--val", paramLabel = "DIR",
      description = "where the secret val split is (DIR/val/val-*.jsonl or DIR/val-*.jsonl); default: the --data"
          + " directory or its parent, when either has one")
  Path val;

  @Option(names = "--heldout-bytes", paramLabel = "N", defaultValue = "65536",
      description = "UTF-8 bytes of the val (and converged-train) prefix; 0 for the whole split (default: ${DEFAULT-VALUE})")
  long byteBudget;

  @Option(names = "--heldout-timeout", paramLabel = "S", defaultValue = "600",
      description = "abandon held-out after S seconds and score on bpb alone (default: ${DEFAULT-VALUE})")
  double timeoutSeconds;

  @Option(names = "--heldout-tokenizer", paramLabel = "NAME", arity = "0..1", fallbackValue = RUN_TOKENIZER,
      description = "measure held-out with a tokenizer's ids and byte weights instead of raw bytes (not the"
          + " reference's behaviour): bare, the run's own tokenizer; or bytes, gpt2, llama, a tokenizer.json")
  String tokenizer;

  /** The data directory's val split location: {@code --val}, else {@code data} or its parent when either has one. */
  Path valDirectory(Path data) {
    if (val != null) {
      return val;
    }
    Path absolute = data.toAbsolutePath().normalize();
    if (HeldoutEvaluator.valSplitPresent(absolute)) {
      return absolute;
    }
    Path parent = absolute.getParent();
    return parent != null && HeldoutEvaluator.valSplitPresent(parent) ? parent : null;
  }

  private Tokenizer measuring;

  /** Makes a bare {@code --heldout-tokenizer} (the run's tokenizer) the default when none was given. */
  void preferRunTokenizer() {
    if (tokenizer == null) {
      tokenizer = RUN_TOKENIZER;
    }
  }

  /**
   * Resolves the tokenizer held-out measures with: none (raw bytes, the default); for a bare {@code
   * --heldout-tokenizer}, the run's ({@code runTokenizerName}; {@code bytes} means none).
   *
   * @throws CommandLine.ParameterException when the name is unknown or a bare flag cannot name the run's tokenizer
   */
  void resolveTokenizer(String runTokenizerName, Path referenceTokenizerDir, CommandLine commandLine) {
    if (tokenizer == null || disabled) {
      return;
    }
    String name = tokenizer.equals(RUN_TOKENIZER) ? runTokenizerName : tokenizer;
    if (name == null) {
      throw new CommandLine.ParameterException(commandLine,
          "--heldout-tokenizer: this run's tokenizer is not known here; name it (--heldout-tokenizer=gpt2)");
    }
    if (name.equalsIgnoreCase("bytes")) {
      return;
    }
    try {
      measuring = ReferenceTokenizers.byName(name, referenceTokenizerDir);
    } catch (IllegalArgumentException | PrismException e) {
      throw new CommandLine.ParameterException(commandLine, "--heldout-tokenizer: " + e.getMessage(), e);
    }
  }

  /**
   * Held-out evaluation of a finished run (or the {@code DISABLED} report): evaluated in this JVM
   * with {@code architecture}, merged, re-scored with prism-scoring and written over the run's
   * manifest; one line on {@code stderr} says what happened.
   */
  HeldoutReport evaluate(RunOptions options, RunResult result, Architecture architecture, PrintWriter stderr) {
    if (disabled) {
      return HeldoutEvaluator.disabled(result.manifest());
    }
    return evaluate(options(options, measuring != null).build(),
        HeldoutRun.of(options, result, architecture, measuring), stderr);
  }

  /**
   * Like {@link #evaluate(RunOptions, RunResult, Architecture, PrintWriter)} for a bundle whose
   * architecture must not run in this JVM: it is evaluated in a child JVM with {@code -Xmx} {@code
   * heap} and the run's network policy ({@code --network}).
   */
  HeldoutReport evaluateBundle(RunOptions options, RunResult result, Path bundle, String heap, PrintWriter stderr) {
    if (disabled) {
      return HeldoutEvaluator.disabled(result.manifest());
    }
    return evaluate(options(options, false).childMaxHeap(heap)
            .childNetwork(options.isolation().network()).build(),
        HeldoutRun.ofBundle(options, result, bundle), stderr);
  }

  private static HeldoutReport evaluate(HeldoutOptions options, HeldoutRun run, PrintWriter stderr) {
    HeldoutReport report = HeldoutEvaluator.of(options).amend(run);
    stderr.println(describe(report));
    stderr.flush();
    return report;
  }

  /** The evaluator settings for a run with {@code run}'s data directory and line bound. */
  HeldoutOptions.Builder options(RunOptions run, boolean tokenizerAware) {
    Path data = run.context().dataDir();
    return HeldoutOptions.builder()
        .valDataDir(valDirectory(data))
        .trainDataDir(data)
        .maxLineBytes(run.maxLineBytes())
        .byteBudget(byteBudget)
        .timeoutSeconds(timeoutSeconds)
        .tokenizerAware(tokenizerAware)
        .rescorer(new PrequentialRescorer());
  }

  /** {@code result} carrying the report's manifest (amended by held-out, or the run's own when skipped). */
  static RunResult amended(RunResult result, HeldoutReport report) {
    return new RunResult(report.manifest(), result.manifestPath(), result.trainedStatePath(), result.onlineLoss(),
        result.coveredBytesCumulative(), result.prequentialBpb(), result.finalScore(), result.stoppedReason(),
        result.device());
  }

  /** One human line about the outcome. */
  static String describe(HeldoutReport report) {
    if (!report.evaluated()) {
      return "prism: held-out skipped (" + report.skip().reason().name().toLowerCase(Locale.ROOT) + "): "
          + report.skip().detail();
    }
    HeldoutResult r = report.result();
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
        "prism: held-out delta %+.4f bpb (val %.4f trained vs %.4f random init, %s basis, %d bytes)",
        r.heldoutDelta(), r.valBpbTrained(), r.valBpbRandomInit(), r.valBpbBasis(), r.valCoveredBytes()));
    if (r.trainHeldoutGap() != null) {
      line.append(String.format(Locale.ROOT, "; train/held-out gap %+.4f (%s)", r.trainHeldoutGap(), r.gapBasis()));
    }
    line.append(r.memorizationFlag() ? "; MEMORIZATION FLAG (score halved)" : "; not flagged");
    if (report.rescoreFailure() != null) {
      line.append("; re-score failed, score block kept: ").append(report.rescoreFailure());
    }
    return line.toString();
  }

  /** The report as the {@code heldout} member of a command's JSON summary line. */
  static JsonObject summary(HeldoutReport report) {
    Map<String, JsonValue> m = new LinkedHashMap<>();
    m.put("evaluated", JsonBool.of(report.evaluated()));
    if (!report.evaluated()) {
      m.put("skipped", new JsonString(report.skip().reason().name().toLowerCase(Locale.ROOT)));
      m.put("reason", new JsonString(report.skip().detail()));
      return new JsonObject(m);
    }
    HeldoutResult r = report.result();
    m.put("heldout_delta", new JsonFloat(r.heldoutDelta()));
    m.put("val_bpb_trained", new JsonFloat(r.valBpbTrained()));
    m.put("val_bpb_random_init", new JsonFloat(r.valBpbRandomInit()));
    m.put("val_bpb_basis", new JsonString(r.valBpbBasis()));
    m.put("val_covered_bytes", JsonInt.of(r.valCoveredBytes()));
    m.put("train_bpb_converged", r.trainBpbConverged() == null ? JsonNull.INSTANCE : new JsonFloat(r.trainBpbConverged()));
    m.put("train_heldout_gap", r.trainHeldoutGap() == null ? JsonNull.INSTANCE : new JsonFloat(r.trainHeldoutGap()));
    m.put("gap_basis", r.gapBasis() == null ? JsonNull.INSTANCE : new JsonString(r.gapBasis()));
    m.put("memorization_flag", JsonBool.of(r.memorizationFlag()));
    m.put("rescored", JsonBool.of(report.rescored()));
    return new JsonObject(m);
  }

  /** The report as a {@code report.md} settings value. */
  static String setting(HeldoutReport report) {
    if (!report.evaluated()) {
      return "skipped: " + report.skip().detail();
    }
    HeldoutResult r = report.result();
    return String.format(Locale.ROOT, "val prefix of %d bytes, %s basis%s", r.valCoveredBytes(), r.valBpbBasis(),
        r.gapBasis() == null ? ", no gap (bases differ)" : ", gap on the " + r.gapBasis() + " train bpb");
  }
}

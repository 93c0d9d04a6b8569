package ai.prism.examples.cli;

import ai.prism.core.PrismException;
import ai.prism.core.heldout.HeldoutReport;
import ai.prism.core.json.JsonBool;
import ai.prism.core.json.JsonFloat;
import ai.prism.core.json.JsonInt;
import ai.prism.core.json.JsonNull;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.JsonValue;
import ai.prism.core.json.PyJson;
import ai.prism.core.run.DeviceChoice;
import ai.prism.core.run.JavaBundle;
import ai.prism.core.run.RunFailedException;
import ai.prism.core.run.RunFailure;
import ai.prism.core.run.RunOptions;
import ai.prism.core.run.RunResult;
import ai.prism.core.run.Runner;
import ai.prism.scoring.PrequentialScorer;
import ai.prism.scoring.Score;
import ai.prism.scoring.ScoreValidationException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code prism run [--isolated] BUNDLE --data DIR ...}: one scored run of a Java bundle (a
 * directory or jar whose {@code prism.yaml} names the architecture and training classes).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a Java bundle through one scored pass over a locked corpus and print its score as JSON.",
      "Run a Java bundle through one scored pass over the locked train split and write",
      "prism_run_manifest.v2.json (and trained_state.params) to --out.",
      "Prints one JSON line on stdout:",
      "  {\"ok\":true,\"manifest\":M,\"prequential_bpb\":B,\"final_score\":S,...}  (exit 0)",
      "  {\"ok\":false,\"rule_id\":R,\"reason\":T,\"exit_code\":C,\"manifest\":M|null}  (exit 1)",
      "final_score is prism-scoring's score of the manifest, after held-out evaluation when the",
      "corpus has a val split (see --no-heldout, --val; with --isolated the bundle's architecture",
      "is evaluated in a second child JVM); \"heldout\" says what held-out did.",
      "Exit 2 on usage errors, an unreadable bundle or data directory, or a corpus that fails verification",
      "against its MANIFEST.json (checked when --data or its parent holds one; see --expect-pin, --no-verify).",
      "--isolated runs the roles in a child JVM with its own heap, the watchdog's exit codes",
      "(7 wall clock, 8 artifacts quota) and, where `unshare -n` works, no network."
    })
public final class RunCommand implements Callable<Integer> {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int ERROR = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BUNDLE", description = "Bundle directory or jar with prism.yaml.")
  Path bundle;

  @Option(names = "--isolated", description = "Run the roles in a child JVM (for untrusted bundles).")
  boolean isolated;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Locked train split directory.")
  Path data;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "prism-out", description = "Artifacts directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--seed", defaultValue = "1337", description = "Forced seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--vocab-size", defaultValue = "4096", description = "Model vocabulary (default: ${DEFAULT-VALUE}).")
  int vocabSize;

  @Option(names = "--seq-len", defaultValue = "128", description = "Context sequence length (default: ${DEFAULT-VALUE}).")
  int sequenceLength;

  @Option(names = "--max-parameters", defaultValue = "150000000", description = "Parameter cap, 0 for none (default: ${DEFAULT-VALUE}).")
  long maxParameters;

  @Option(names = "--token-budget", paramLabel = "N", description = "Stop after N streamed tokens.")
  Long tokenBudget;

  @Option(names = "--step-budget", paramLabel = "N", description = "Stop after N batches.")
  Long stepBudget;

  @Option(names = "--max-line-bytes", paramLabel = "N", defaultValue = "33554432",
      description = "Longest shard line the stream and held-out accept; a longer one fails the run (default: ${DEFAULT-VALUE}).")
  int maxLineBytes;

  @Option(names = "--budget-seconds", paramLabel = "S", defaultValue = "1200", description = "Graceful wall-clock budget (default: ${DEFAULT-VALUE}).")
  double budgetSeconds;

  @Option(names = "--grace-seconds", paramLabel = "S", defaultValue = "120", description = "Watchdog grace beyond the budget (default: ${DEFAULT-VALUE}).")
  double graceSeconds;

  @Option(names = "--artifacts-quota", paramLabel = "BYTES", defaultValue = "2147483648", description = "Artifacts quota (default: ${DEFAULT-VALUE}).")
  long artifactsQuota;

  @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--submission-id", defaultValue = "container", description = "Submission id in the manifest (default: ${DEFAULT-VALUE}).")
  String submissionId;

  @Option(names = "--heap", defaultValue = "4g", description = "--isolated: the child's -Xmx (default: ${DEFAULT-VALUE}).")
  String heap;

  @Option(names = "--timeout", paramLabel = "S", description = "--isolated: host timeout; the child is killed after max(S, budget + grace + 60) s (default 1800).")
  Double timeout;

  @Option(names = "--network", defaultValue = "best-effort", description = "--isolated: best-effort, required or off (default: ${DEFAULT-VALUE}).")
  String network;

  @Option(names = "--reference-tokenizer-dir", paramLabel = "DIR",
      description = "Where staged reference tokenizers live (default: PRISM_REFERENCE_TOKENIZER_DIR).")
  Path referenceTokenizerDir;

  @CommandLine.Mixin HeldoutCli heldout;

  @CommandLine.Mixin CorpusPin pin;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    PrintStream diagnostics = new PrintStream(new WriterOutputStream(stderr), true, StandardCharsets.UTF_8);
    ProgressLine progress = ProgressLine.forStderr(stderr);
    RunOptions options;
    try {
      options = Runner.builder()
          .dataDir(data)
          .artifactsDir(out)
          .seed(seed)
          .vocabSize(vocabSize)
          .sequenceLength(sequenceLength)
          .maxParameters(maxParameters)
          .tokenBudget(tokenBudget)
          .stepBudget(stepBudget)
          .maxLineBytes(maxLineBytes)
          .budgetSeconds(budgetSeconds)
          .watchdogGraceSeconds(graceSeconds)
          .artifactsQuotaBytes(artifactsQuota)
          .device(DeviceChoice.valueOf(device.toUpperCase(Locale.ROOT)))
          .submissionId(submissionId)
          .listener(progress)
          .diagnostics(diagnostics)
          .isolation(new RunOptions.Isolation(heap, List.of(), timeout,
              RunOptions.NetworkPolicy.valueOf(network.toUpperCase(Locale.ROOT).replace('-', '_'))))
          .buildOptions();
    } catch (IllegalArgumentException | PrismException e) {
      stderr.println("prism run: " + e.getMessage());
      return ERROR;
    }
    if (isolated && heldout.tokenizer != null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--heldout-tokenizer is not available with --isolated (the held-out child JVM measures raw bytes)");
    }
    heldout.resolveTokenizer(null, referenceTokenizerDir, spec.commandLine());
    if (!pin.runMayStart(data, heldout, "prism run", stderr)) {
      return ERROR;
    }
    Map<String, JsonValue> line = new LinkedHashMap<>();
    int exit;
    try {
      RunResult result = run(options, progress, stderr);
      line.put("ok", JsonBool.TRUE);
      line.put("manifest", new JsonString(result.manifestPath().toString()));
      line.put("prequential_bpb", number(result.prequentialBpb()));
      line.put("final_score", scorerFinalScore(result));
      line.put("runner_final_score", number(result.finalScore()));
      line.put("stopped_reason", result.stoppedReason() == null ? JsonNull.INSTANCE : new JsonString(result.stoppedReason()));
      line.put("consumed_batches", JsonInt.of(result.onlineLoss().size()));
      line.put("trained_state", result.trainedStatePath() == null ? JsonNull.INSTANCE : new JsonString(result.trainedStatePath().toString()));
      line.put("device", new JsonString(result.device()));
      line.put("heldout", HeldoutCli.summary(held));
      exit = OK;
    } catch (RunFailedException e) {
      RunFailure failure = e.failure();
      line.put("ok", JsonBool.FALSE);
      line.put("rule_id", new JsonString(failure.ruleId()));
      line.put("reason", new JsonString(failure.message()));
      line.put("exit_code", JsonInt.of(failure.exitCode()));
      line.put("manifest", e.manifestPath() == null ? JsonNull.INSTANCE : new JsonString(e.manifestPath().toString()));
      stderr.println("prism run: " + failure.ruleId() + ": " + failure.message());
      exit = FAILED;
    } catch (PrismException e) {
      stderr.println("prism run: " + e.getMessage());
      return ERROR;
    }
    stdout.println(PyJson.dumps(new JsonObject(line), PyJson.Style.STRICT_LINE));
    stdout.flush();
    return exit;
  }

  /** The held-out report of the last successful {@link #run}. */
  private HeldoutReport held;

  /**
   * Runs the bundle, ends its progress line, then runs held-out; the result carries the amended
   * manifest.
   */
  private RunResult run(RunOptions options, ProgressLine progress, PrintWriter stderr) {
    Runner runner = Runner.of(options);
    try (JavaBundle opened = isolated ? null : JavaBundle.open(bundle)) {
      RunResult result;
      try {
        result = isolated ? runner.runIsolated(bundle) : runner.run(opened);
      } finally {
        progress.finish();
      }
      held = isolated
          ? heldout.evaluateBundle(options, result, bundle, heap, stderr)
          : heldout.evaluate(options, result, opened.newArchitecture(), stderr);
      return HeldoutCli.amended(result, held);
    }
  }

  private static JsonValue scorerFinalScore(RunResult result) {
    try {
      Score score = new PrequentialScorer().score(result.manifest());
      return new JsonFloat(score.finalScore());
    } catch (ScoreValidationException e) {
      return JsonNull.INSTANCE;
    }
  }

  private static JsonValue number(Double value) {
    return value == null ? JsonNull.INSTANCE : new JsonFloat(value);
  }

  /** Bridges picocli's stderr writer to the runner's {@link PrintStream}: whole UTF-8 lines at a time. */
  private static final class WriterOutputStream extends java.io.OutputStream {
    private final PrintWriter writer;
    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

    WriterOutputStream(PrintWriter writer) {
      this.writer = writer;
    }

    @Override
    public synchronized void write(int b) {
      pending.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      pending.write(b, off, len);
    }

    @Override
    public synchronized void flush() {
      writer.write(pending.toString(StandardCharsets.UTF_8));
      pending.reset();
      writer.flush();
    }
  }
}

package ai.prism.examples.cli;

import ai.prism.core.PrismException;
import ai.prism.core.capture.BatchRecord;
import ai.prism.core.heldout.HeldoutReport;
import ai.prism.core.json.JsonArray;
import ai.prism.core.json.JsonFloat;
import ai.prism.core.json.JsonInt;
import ai.prism.core.json.JsonNull;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.JsonValue;
import ai.prism.core.json.PyJson;
import ai.prism.core.run.Architecture;
import ai.prism.core.run.RunFailedException;
import ai.prism.core.run.RunOptions;
import ai.prism.core.run.RunResult;
import ai.prism.core.run.Runner;
import ai.prism.core.run.Training;
import ai.prism.examples.report.CurveRecorder;
import ai.prism.examples.report.RunReport;
import ai.prism.scoring.PrequentialScorer;
import ai.prism.scoring.Score;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * One run through the {@link Runner} with the CLI's outputs, shared by {@code demo} and {@code evaluate}:
 * progress on stderr, the manifest (written by the runner, then amended by held-out evaluation when the corpus
 * has a val split), {@code loss-curve.png} and {@code report.md} in the output directory, a one-line JSON
 * summary on stdout and a human summary on stderr.
 */
final class Evaluation {
  /** Exit status when the run failed (the training loop raised, zero forward, cap exceeded, watchdog). */
  static final int RUN_FAILED = 1;

  private Evaluation() {}

  /**
   * Runs and reports. {@code settings} describes the run for report.md, in display order.
   *
   * @return the exit status: 0, or {@link #RUN_FAILED}
   */
  static int run(
      RunOptions.Builder options,
      Architecture architecture,
      Training training,
      Map<String, String> settings,
      Path out,
      boolean verbose,
      CommandLine commandLine,
      HeldoutCli heldout) {
    PrintWriter stdout = commandLine.getOut();
    PrintWriter stderr = commandLine.getErr();
    CurveRecorder curve = new CurveRecorder();
    ProgressLine progress = ProgressLine.forStderr(stderr);
    Runner runner =
        options
            .artifactsDir(out)
            .listener(record -> {
              curve.onBatch(record);
              progress.onBatch(record);
            })
            .diagnostics(verbose ? System.err : new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
            .build();
    long start = System.nanoTime();
    RunResult result;
    try {
      result = runner.run(architecture, training);
    } catch (RunFailedException e) {
      progress.finish();
      stderr.println("prism: run failed [" + e.failure().ruleId() + "]: " + e.getMessage()
          + (e.manifestPath() == null ? "" : " (manifest: " + e.manifestPath() + ")"));
      return RUN_FAILED;
    } catch (PrismException e) {
      progress.finish();
      stderr.println("prism: run failed: " + e.getMessage());
      return RUN_FAILED;
    }
    progress.finish();
    double seconds = (System.nanoTime() - start) / 1e9;
    long heldoutStart = System.nanoTime();
    HeldoutReport held = heldout.evaluate(runner.options(), result, architecture, stderr);
    double heldoutSeconds = (System.nanoTime() - heldoutStart) / 1e9;
    result = HeldoutCli.amended(result, held);
    Score score = new PrequentialScorer().score(result.manifest());
    List<BatchRecord> records = curve.records();
    Map<String, String> reported = new LinkedHashMap<>(settings);
    reported.put("wall time", String.format(Locale.ROOT, "%.1f s", seconds));
    reported.put("throughput", String.format(Locale.ROOT, "%.0f predicted tokens/s",
        score.tokensConsumed().doubleValue() / seconds));
    reported.put("held-out", HeldoutCli.setting(held)
        + (held.evaluated() ? String.format(Locale.ROOT, ", %.1f s", heldoutSeconds) : ""));
    RunReport.Written written = RunReport.write(out, result, score, records, reported);
    JsonObject line = summary(result, score, seconds, written).with("heldout", HeldoutCli.summary(held));
    stdout.println(PyJson.dumps(line, PyJson.Style.STRICT_LINE));
    stdout.flush();
    stderr.printf(Locale.ROOT, "prism: prequential bpb %.4f, final score %.6f, flags %s; report %s%n",
        score.bpb(), score.finalScore(), score.flagNames().isEmpty() ? "none" : String.join(", ", score.flagNames()),
        written.report());
    return 0;
  }

  /** The budgets as report text, e.g. {@code tokens 200000, wall clock 100 s}. */
  static String budgets(Long tokens, Long steps, double seconds) {
    StringBuilder text = new StringBuilder();
    if (tokens != null) {
      text.append("tokens ").append(tokens).append(", ");
    }
    if (steps != null) {
      text.append("batches ").append(steps).append(", ");
    }
    return text.append(String.format(Locale.ROOT, "wall clock %.0f s", seconds)).toString();
  }

  private static JsonObject summary(RunResult result, Score score, double seconds, RunReport.Written written) {
    Map<String, JsonValue> line = new LinkedHashMap<>();
    line.put("bpb", new JsonFloat(score.bpb()));
    line.put("final_score", new JsonFloat(score.finalScore()));
    line.put("flags", new JsonArray(score.flagNames().stream().<JsonValue>map(JsonString::new).toList()));
    line.put("batches", JsonInt.of(score.onlineLossSamples()));
    line.put("covered_bytes", new JsonInt(score.coveredBytes()));
    line.put("predicted_tokens", new JsonInt(score.tokensConsumed()));
    line.put("stopped_reason", result.stoppedReason() == null ? JsonNull.INSTANCE : new JsonString(result.stoppedReason()));
    line.put("device", new JsonString(result.device()));
    line.put("seconds", new JsonFloat(Math.round(seconds * 1000) / 1000.0));
    line.put("manifest", new JsonString(result.manifestPath().toString()));
    line.put("report", new JsonString(written.report().toString()));
    line.put("loss_curve", new JsonString(written.chart().toString()));
    return new JsonObject(line);
  }
}

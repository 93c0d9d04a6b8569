package ai.prism.examples.report;

import ai.prism.core.PrismException;
import ai.prism.core.capture.BatchRecord;
import ai.prism.core.manifest.MetricsBlock;
import ai.prism.core.manifest.RunManifest;
import ai.prism.core.run.RunResult;
import ai.prism.scoring.Score;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Writes a run's human-readable outputs next to its manifest: {@value #CHART_FILE} (online loss and running bpb
 * against covered bytes) and {@value #REPORT_FILE} (settings, bpb, score, flags and, when the manifest carries
 * held-out results, the held-out delta and the train/held-out gap). Files are written atomically.
 */
public final class RunReport {
  /** The loss-curve file name. */
  public static final String CHART_FILE = "loss-curve.png";
  /** The report file name. */
  public static final String REPORT_FILE = "report.md";

  /** Where the outputs were written. */
  public record Written(Path report, Path chart) {}

  private RunReport() {}

  /**
   * Writes the chart and the report into {@code dir}.
   *
   * @param result the finished run
   * @param score the run's score (prism-scoring applied to {@code result.manifest()})
   * @param curve the recorded batches (from a {@link CurveRecorder} installed as the run's listener)
   * @param settings what the run was asked to do, in display order (setting name to value)
   */
  public static Written write(Path dir, RunResult result, Score score, List<BatchRecord> curve, Map<String, String> settings) {
    Path chart = dir.resolve(CHART_FILE);
    Path report = dir.resolve(REPORT_FILE);
    writeAtomically(chart, LossCurveChart.png("prism: online loss and running bpb", curve));
    writeAtomically(report, markdown(result, score, settings).getBytes(StandardCharsets.UTF_8));
    return new Written(report, chart);
  }

  /** The report text. */
  static String markdown(RunResult result, Score score, Map<String, String> settings) {
    StringBuilder md = new StringBuilder("# prism run report\n\n");
    md.append(String.format(Locale.ROOT, "Prequential **%.4f bits per byte**, final score **%.6f**.%n%n", score.bpb(),
        score.finalScore()));
    md.append("## Settings\n\n");
    table(md, settings);
    md.append("\n## Result\n\n");
    table(md, resultRows(result, score));
    Map<String, String> heldout = heldoutRows(score);
    if (!heldout.isEmpty()) {
      md.append("\n## Held-out\n\n");
      table(md, heldout);
    }
    md.append("\n## Loss curve\n\n![online loss and running bpb against covered bytes](").append(CHART_FILE)
        .append(")\n\n## Files\n\n- `").append(RunManifest.FILE_NAME).append("`: the run manifest (v2)\n");
    if (result.trainedStatePath() != null) {
      md.append("- `").append(result.trainedStatePath().getFileName()).append("`: the trained parameters\n");
    }
    md.append("- `").append(CHART_FILE).append("`: the loss curve\n");
    return md.toString();
  }

  private static Map<String, String> resultRows(RunResult result, Score score) {
    MetricsBlock metrics = result.manifest().metrics().orElseThrow();
    Map<String, String> rows = new LinkedHashMap<>();
    rows.put("prequential bpb", format(score.bpb(), "%.4f"));
    rows.put("final score", format(score.finalScore(), "%.6f"));
    rows.put("flags", score.flagNames().isEmpty() ? "none" : String.join(", ", score.flagNames()));
    rows.put("anti-cheat multiplier", format(score.antiCheatMultiplier(), "%.1f"));
    rows.put("batches", Integer.toString(score.onlineLossSamples()));
    rows.put("covered bytes", score.coveredBytes().toString());
    rows.put("predicted tokens", score.tokensConsumed().toString());
    OptionalDouble baseline = metrics.randomInitBaselineNats();
    rows.put("step-0 loss", score.step0Loss().isPresent()
        ? format(score.step0Loss().getAsDouble(), "%.4f") + " nats"
            + (baseline.isPresent() ? " (uniform baseline " + format(baseline.getAsDouble(), "%.4f") + ")" : "")
        : "none");
    rows.put("bpb basis", metrics.trainBpbBasis().orElse("bytes"));
    metrics.modelParams().ifPresent(p -> rows.put("model parameters", String.format(Locale.ROOT, "%,d", p)));
    rows.put("stopped reason", result.stoppedReason() == null ? "loop ended early" : result.stoppedReason());
    rows.put("device", result.device());
    return rows;
  }

  private static Map<String, String> heldoutRows(Score score) {
    Map<String, String> rows = new LinkedHashMap<>();
    score.heldoutDelta().ifPresent(v -> rows.put("held-out delta (bpb)", format(v, "%+.4f")));
    score.valBpbTrained().ifPresent(v -> rows.put("val bpb, trained", format(v, "%.4f")));
    score.valBpbRandomInit().ifPresent(v -> rows.put("val bpb, random init", format(v, "%.4f")));
    score.trainBpbConverged().ifPresent(v -> rows.put("train bpb, converged", format(v, "%.4f")));
    score.trainHeldoutGap().ifPresent(v -> rows.put("train/held-out gap (bpb)", format(v, "%+.4f")
        + score.gapBasis().map(b -> " (" + b + " basis)").orElse("")));
    if (!rows.isEmpty()) {
      rows.put("memorization flag", Boolean.toString(score.memorizationFlag()));
      rows.put("memorization penalty", format(score.memorizationPenalty(), "%.2f"));
    }
    return rows;
  }

  private static void table(StringBuilder md, Map<String, String> rows) {
    md.append("| | |\n| --- | --- |\n");
    rows.forEach((k, v) -> md.append("| ").append(cell(k)).append(" | ").append(cell(v)).append(" |\n"));
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  private static String format(double value, String pattern) {
    return String.format(Locale.ROOT, pattern, value);
  }

  private static void writeAtomically(Path file, byte[] bytes) {
    Path target = file.toAbsolutePath();
    Path temp = null;
    try {
      Files.createDirectories(target.getParent());
      // A fixed sibling name (not createTempFile) so the file gets the umask's usual permissions.
      temp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
      Files.write(temp, bytes);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (IOException e) {
      throw new PrismException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the write already failed; that error is the one reported
        }
      }
    }
  }
}

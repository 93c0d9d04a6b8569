package ai.prism.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.capture.BatchRecord;
import ai.prism.core.manifest.RunManifest;
import ai.prism.core.run.RunResult;
import ai.prism.scoring.PrequentialScorer;
import ai.prism.scoring.Score;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {

  private static RunManifest example(String name) throws IOException {
    try (InputStream in = RunReportTest.class.getResourceAsStream("/ai/prism/examples/demo/" + name + ".json")) {
      return RunManifest.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static RunResult result(RunManifest manifest, Path dir) {
    var metrics = manifest.metrics().orElseThrow();
    return new RunResult(manifest, dir.resolve(RunManifest.FILE_NAME), null, metrics.onlineLoss().orElseThrow(),
        List.of(), metrics.prequentialBpb().getAsDouble(), null, "token_budget", "cpu");
  }

  private static List<BatchRecord> curve(List<Double> losses) {
    List<BatchRecord> records = new ArrayList<>();
    double nats = 0;
    for (int i = 0; i < losses.size(); i++) {
      nats += losses.get(i) * 508;
      records.add(new BatchRecord(i, losses.get(i), true, 508, 512, 512.0 * (i + 1), nats));
    }
    return records;
  }

  @Test
  void writesSettingsResultChartAndHeldOutWhenTheManifestHasIt(@TempDir Path dir) throws IOException {
    RunManifest manifest = example("memorizer");
    Score score = new PrequentialScorer().score(manifest);
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("model", "tiny-decoder");
    settings.put("odd | value", "a|b");
    RunResult result = result(manifest, dir);
    RunReport.Written written = RunReport.write(dir, result, score, curve(result.onlineLoss()), settings);
    String md = Files.readString(written.report());
    assertTrue(md.startsWith("# prism run report\n"), md);
    assertTrue(md.contains("| model | tiny-decoder |"), md);
    assertTrue(md.contains("| odd \\| value | a\\|b |"), md);
    assertTrue(md.contains("| flags | memorization_gap |"), md);
    assertTrue(md.contains("## Held-out"), md);
    assertTrue(md.contains(String.format(java.util.Locale.ROOT, "| held-out delta (bpb) | %+.4f |",
        score.heldoutDelta().getAsDouble())), md);
    assertTrue(md.contains("| memorization penalty | 0.50 |"), md);
    assertTrue(md.contains("train/held-out gap (bpb)"), md);
    assertEquals(960, ImageIO.read(written.chart().toFile()).getWidth());
    try (var files = Files.list(dir)) {
      assertEquals(List.of("loss-curve.png", "report.md"),
          files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary files left");
    }
  }

  @Test
  void omitsTheHeldOutSectionWithoutHeldOutResults(@TempDir Path dir) throws IOException {
    RunManifest manifest = example("step0-anomaly");
    Score score = new PrequentialScorer().score(manifest);
    RunResult result = result(manifest, dir);
    String md = RunReport.markdown(result, score, Map.of("model", "bigram"));
    assertFalse(md.contains("Held-out"), md);
    assertTrue(md.contains("| flags | step0_anomaly |"), md);
    assertTrue(md.contains("| anti-cheat multiplier | 0.0 |"), md);
    assertTrue(md.contains("| final score | 0.000000 |"), md);
  }
}

package ai.prism.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.json.JsonArray;
import ai.prism.core.json.JsonFloat;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.PyJson;
import ai.prism.core.manifest.RunManifest;
import ai.prism.scoring.PrequentialScorer;
import ai.prism.scoring.Score;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The acceptance run of the embedded default: the whole demo, end to end (about a minute on 2 cores). */
class DemoCommandTest {

  @Test
  void theDemoTrainsTheTinyDecoderOnTheDemoCorpusBelowFiveBitsPerByte(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("prism-out");
    CliTest.Run run = CliTest.prism("demo", "--corpus-dir", dir.resolve("cache").toString(), "--out", out.toString());
    assertEquals(0, run.exit(), run.err());
    JsonObject line = (JsonObject) PyJson.parse(run.out().strip());
    double bpb = ((JsonFloat) line.get("bpb")).value();
    assertTrue(bpb < 5.0, "demo bpb " + bpb);
    assertEquals(JsonArray.EMPTY, line.get("flags"));
    // The budget binds (tokens, or the wall clock on a very slow machine), never the data.
    String stopped = ((JsonString) line.get("stopped_reason")).value();
    assertTrue(List.of("token_budget", "wall_clock").contains(stopped), stopped);

    RunManifest manifest = RunManifest.read(out.resolve(RunManifest.FILE_NAME));
    Score score = new PrequentialScorer().score(manifest);
    assertEquals(bpb, score.bpb(), 0.0, "stdout reports the scorer's bpb of the written manifest");
    assertEquals(((JsonFloat) line.get("final_score")).value(), score.finalScore(), 0.0);
    assertEquals("tokenizer", manifest.metrics().orElseThrow().trainBpbBasis().orElseThrow());
    assertEquals(1_049_216L, manifest.metrics().orElseThrow().modelParams().orElseThrow());
    assertTrue(score.step0Loss().getAsDouble() > Math.log(4096) * 0.5, "no step-0 anomaly");

    String report = Files.readString(out.resolve("report.md"));
    assertTrue(report.contains(String.format(java.util.Locale.ROOT, "Prequential **%.4f bits per byte**", bpb)), report);
    assertTrue(report.contains("tokenizer=gpt2"), report);
    assertTrue(report.contains("| flags | none |"), report);
    BufferedImage chart = ImageIO.read(out.resolve("loss-curve.png").toFile());
    assertEquals(960, chart.getWidth());
    assertEquals(540, chart.getHeight());
    assertTrue(Files.size(out.resolve("trained_state.params")) > 4_000_000L, "trained parameters saved");
    assertTrue(run.err().contains("prism: batch "), "progress on stderr: " + run.err());

    // Held-out on the demo corpus's val split, measured with the run's gpt2 tokenizer.
    JsonObject heldout = (JsonObject) line.get("heldout");
    assertEquals(ai.prism.core.json.JsonBool.TRUE, heldout.get("evaluated"), run.err());
    assertEquals(new JsonString("tokenizer"), heldout.get("val_bpb_basis"));
    assertTrue(((JsonFloat) heldout.get("heldout_delta")).value() > 0, heldout.toString());
    assertEquals(score.heldoutDelta().getAsDouble(), ((JsonFloat) heldout.get("heldout_delta")).value(), 0.0);
    assertTrue(score.trainHeldoutGap().isPresent());
    assertTrue(report.contains("## Held-out"), report);
    assertTrue(report.contains("| train/held-out gap (bpb) |"), report);
  }
}

package ai.prism.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.json.JsonFloat;
import ai.prism.core.json.JsonInt;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.PyJson;
import ai.prism.core.manifest.RunManifest;
import ai.prism.core.run.PrismContext;
import ai.prism.core.run.Training;
import ai.prism.core.run.TrainingContext;
import ai.prism.examples.models.BigramModel;
import ai.prism.scoring.PrequentialScorer;
import ai.prism.scoring.Score;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

  /** An Architecture class as {@code --arch CLASS} names it: public, no-argument constructor. */
  public static final class SmallBigram implements ai.prism.core.run.Architecture {
    @Override
    public ai.djl.nn.Block build(PrismContext ctx) {
      return new BigramModel(ctx.vocabSize());
    }
  }

  /** A Training class that iterates the stream without ever updating (the spec's no-op loop). */
  public static final class NoOpTraining implements Training {
    @Override
    public void train(TrainingContext ctx) {
      var model = ctx.buildModel();
      for (var ignored : ctx.trainBatches(model)) {
        // predict-only: the capture records the loss of the untrained model
      }
    }
  }

  private static Path corpus(Path dir) throws IOException {
    Path train = Files.createDirectories(dir.resolve("train"));
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      lines.append("{\"text\": \"Document ").append(i)
          .append(": the quick brown fox jumps over the lazy dog, again and again.\"}\n");
    }
    Files.writeString(train.resolve("train-000.jsonl"), lines, StandardCharsets.UTF_8);
    return train;
  }

  private static JsonObject summary(CliTest.Run run) {
    String[] lines = run.out().split("\n");
    assertEquals(1, lines.length, run.out());
    return (JsonObject) PyJson.parse(lines[0]);
  }

  @Test
  void evaluatesTheTinyDecoderWithinAStepBudget(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("out");
    CliTest.Run run = CliTest.prism("evaluate", "--arch", "tiny-decoder", "--data", corpus(dir).toString(), "--vocab-size", "512",
        "--seq-len", "32", "--batch-size", "2", "--step-budget", "3", "--fused", "--device", "cpu", "--out", out.toString());
    assertEquals(0, run.exit(), run.err());
    JsonObject line = summary(run);
    assertEquals(JsonInt.of(3), line.get("batches"));
    assertEquals(JsonInt.of(3 * 2 * 31), line.get("predicted_tokens"));
    assertEquals(new JsonString("step_budget"), line.get("stopped_reason"));
    RunManifest manifest = RunManifest.read(out.resolve(RunManifest.FILE_NAME));
    Score score = new PrequentialScorer().score(manifest);
    assertEquals(new JsonFloat(score.bpb()), line.get("bpb"));
    assertEquals(BigInteger.valueOf(3 * 2 * 32), score.coveredBytes());
    // At vocab 512 the untrained decoder sits near ln(512) = 6.24 nats, i.e. about 9 bits per byte.
    assertTrue(score.bpb() > 6 && score.bpb() < 12, "bpb " + score.bpb());
    String report = Files.readString(out.resolve("report.md"));
    assertTrue(report.contains("| model | tiny-decoder |"), report);
    assertTrue(report.contains("fused=true"), report);
    assertTrue(report.contains(String.format(java.util.Locale.ROOT, "| prequential bpb | %.4f |", score.bpb())), report);
    BufferedImage chart = ImageIO.read(out.resolve("loss-curve.png").toFile());
    assertEquals(960, chart.getWidth());
    assertTrue(run.err().contains("prism: prequential bpb"), run.err());
  }

  @Test
  void evaluatesTheLstmAndBigramAndClassNamedRoles(@TempDir Path dir) throws IOException {
    Path data = corpus(dir);
    for (String arch : new String[] {"lstm", "bigram", SmallBigram.class.getName()}) {
      CliTest.Run run = CliTest.prism("evaluate", "--arch", arch, "--data", data.toString(), "--vocab-size", "256", "--seq-len", "16",
          "--step-budget", "2", "--out", dir.resolve(arch).toString());
      assertEquals(0, run.exit(), arch + ": " + run.err());
      assertEquals(JsonInt.of(2), summary(run).get("batches"), arch);
    }
    // A zero-initialised bigram predicts uniformly: with a training class that never updates, every batch
    // scores exactly ln(256) nats, i.e. 8 * 127/128 bits per covered byte.
    CliTest.Run noOp = CliTest.prism("evaluate", "--arch", "bigram", "--training", NoOpTraining.class.getName(), "--data",
        data.toString(), "--vocab-size", "256", "--seq-len", "128", "--token-budget", "2048", "--out",
        dir.resolve("noop").toString());
    assertEquals(0, noOp.exit(), noOp.err());
    JsonFloat bpb = (JsonFloat) summary(noOp).get("bpb");
    assertEquals(8.0 * 127 / 128, bpb.value(), 1e-5); // ln(256) rounded to float32
  }

  @Test
  void seedAndBudgetSecondsReachTheRun(@TempDir Path dir) throws IOException {
    Path data = corpus(dir);
    Path out = dir.resolve("seeded");
    CliTest.Run seeded = CliTest.prism("evaluate", "--arch", "bigram", "--data", data.toString(), "--vocab-size", "256",
        "--seq-len", "16", "--step-budget", "2", "--seed", "7", "--budget-seconds", "321", "--no-heldout", "--out",
        out.toString());
    assertEquals(0, seeded.exit(), seeded.err());
    RunManifest manifest = RunManifest.read(out.resolve(RunManifest.FILE_NAME));
    assertEquals(JsonInt.of(7), manifest.json().object("run").orElseThrow().get("seed"));
    assertTrue(Files.readString(out.resolve("report.md")).contains("wall clock 321 s"));
    // A wall-clock budget of 0 stops before the first batch: the zero-forward failure.
    CliTest.Run zero = CliTest.prism("evaluate", "--arch", "bigram", "--data", data.toString(), "--vocab-size", "256",
        "--seq-len", "16", "--budget-seconds", "0", "--no-heldout", "--out", dir.resolve("zero").toString());
    assertEquals(1, zero.exit(), zero.err());
    assertTrue(zero.err().contains("zero-batch / no-forward run"), zero.err());
  }

  @Test
  void reportsUsageErrorsWithExitTwo(@TempDir Path dir) throws IOException {
    Path data = corpus(dir);
    CliTest.Run unknown = CliTest.prism("evaluate", "--arch", "transformer-xl", "--data", data.toString());
    assertEquals(2, unknown.exit());
    assertTrue(unknown.err().contains("--arch 'transformer-xl' is neither tiny-decoder, lstm, bigram nor a class"),
        unknown.err());
    CliTest.Run wrongType = CliTest.prism("evaluate", "--arch", "java.lang.String", "--data", data.toString());
    assertEquals(2, wrongType.exit());
    assertTrue(wrongType.err().contains("does not implement ai.prism.core.run.Architecture"), wrongType.err());
    CliTest.Run badTraining = CliTest.prism("evaluate", "--arch", "bigram", "--training", "no.such.Loop", "--data", data.toString());
    assertEquals(2, badTraining.exit());
    assertTrue(badTraining.err().contains("--training 'no.such.Loop'"), badTraining.err());
    CliTest.Run badDevice = CliTest.prism("evaluate", "--arch", "bigram", "--device", "tpu", "--data", data.toString());
    assertEquals(2, badDevice.exit());
    CliTest.Run badLr = CliTest.prism("evaluate", "--arch", "bigram", "--lr", "-1", "--data", data.toString());
    assertEquals(2, badLr.exit());
    assertTrue(badLr.err().contains("invalid AdamW learning rate: -1.0"), badLr.err());
  }

  @Test
  void theLineBoundIsAnOption(@TempDir Path dir) throws IOException {
    CliTest.Run run = CliTest.prism("evaluate", "--arch", "bigram", "--data", corpus(dir).toString(), "--max-line-bytes", "32",
        "--vocab-size", "256", "--device", "cpu", "--out", dir.resolve("out").toString());
    assertEquals(1, run.exit(), run.err());
    assertTrue(run.err().contains("line too long in shard train-000.jsonl line 1 (offset 0): more than 32 bytes"), run.err());
  }

  @Test
  void aRunThatFailsExitsOneAndSaysWhy(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("no-such-corpus");
    CliTest.Run run = CliTest.prism("evaluate", "--arch", "bigram", "--data", missing.toString(), "--out", dir.resolve("out").toString());
    assertEquals(1, run.exit(), run.err());
    assertTrue(run.err().contains("prism: run failed"), run.err());
    assertTrue(run.err().contains("no random-token fallback"), run.err());
    assertEquals("", run.out());
  }
}

package ai.prism.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.json.JsonBool;
import ai.prism.core.json.JsonFloat;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.PyJson;
import ai.prism.core.manifest.RunManifest;
import ai.prism.examples.cli.CliTest.Run;
import ai.prism.scoring.PrequentialScorer;
import ai.prism.scoring.Score;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prism run}: Java bundles end to end, scored by prism-scoring unchanged. */
class RunCommandTest {
  @TempDir Path tmp;

  private static Run prism(String... args) {
    return CliTest.prism(args);
  }

  private static JsonObject json(Run run) {
    return (JsonObject) PyJson.parse(run.out().trim());
  }

  private Path bundle(String architecture, String training) throws IOException, URISyntaxException {
    Path dir = Files.createDirectories(tmp.resolve("bundle-" + architecture + "-" + training).resolve("clibundle"));
    Path root = Path.of(clibundle.OneHotArchitecture.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (Stream<Path> classes = Files.list(root.resolve("clibundle"))) {
      for (Path c : classes.toList()) {
        Files.copy(c, dir.resolve(c.getFileName().toString()));
      }
    }
    Files.writeString(dir.getParent().resolve("prism.yaml"),
        "architecture: {class: clibundle." + architecture + "}\ntraining: {class: clibundle." + training + "}\n");
    return dir.getParent();
  }

  private Path corpus(String text, int docs) throws IOException {
    Path data = Files.createDirectories(tmp.resolve("train"));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < docs; i++) {
      sb.append("{\"id\": \"").append(i).append("\", \"text\": \"").append(text).append(" ").append(i).append("\"}\n");
    }
    Files.writeString(data.resolve("train-000.jsonl"), sb.toString(), StandardCharsets.UTF_8);
    return data;
  }

  private String[] args(Path bundle, Path data, Path out, String... extra) {
    String[] base = {"run", bundle.toString(), "--data", data.toString(), "--out", out.toString(), "--vocab-size", "128",
        "--seq-len", "16", "--device", "cpu", "--submission-id", "cli-test"};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  @Test
  void aBundleOnDjlsStockTrainerRunsAndItsManifestScoresUnchanged() throws Exception {
    Path data = corpus("the quick brown fox jumps over the lazy dog", 200);
    Path out = tmp.resolve("out");
    Run run = prism(args(bundle("OneHotArchitecture", "TrainerTraining"), data, out, "--step-budget", "150"));
    assertEquals(0, run.exit(), run.err());
    JsonObject json = json(run);
    assertEquals(JsonBool.TRUE, json.get("ok"));
    assertEquals(new JsonString("step_budget"), json.get("stopped_reason"));
    RunManifest manifest = RunManifest.read(out.resolve(RunManifest.FILE_NAME));
    Score score = new PrequentialScorer().score(manifest);
    double runnerBpb = manifest.metrics().orElseThrow().prequentialBpb().getAsDouble();
    // The scorer multiplies by 1/ln 2 where the runner divides by ln 2 (spec §0.2): a few ulps apart.
    assertEquals(runnerBpb, score.bpb(), 4 * Math.ulp(runnerBpb));
    assertEquals(score.finalScore(), ((JsonFloat) json.get("final_score")).value(), 0.0);
    assertEquals(1.0 / (1.0 + score.bpb()), score.finalScore(), 1e-12);
    assertEquals(150, manifest.data().orElseThrow().consumedBatches().getAsLong());
    double losses = manifest.metrics().orElseThrow().onlineLoss().orElseThrow().get(0);
    double last = manifest.metrics().orElseThrow().onlineLoss().orElseThrow().get(149);
    assertTrue(last < losses, "the stock-trainer loop learns: " + losses + " -> " + last);
    assertTrue(run.err().contains("prism: batch 150 | "), run.err());
  }

  @Test
  void aStepZeroAnomalyScoresZeroWithPrismScoring() throws Exception {
    Path data = corpus("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 50);
    Path out = tmp.resolve("out");
    Run run = prism(args(bundle("BiasedArchitecture", "TrainerTraining"), data, out, "--step-budget", "10"));
    assertEquals(0, run.exit(), run.err());
    Score score = new PrequentialScorer().score(RunManifest.read(out.resolve(RunManifest.FILE_NAME)));
    assertTrue(score.anomaly());
    assertEquals(0.0, score.finalScore());
    assertEquals(0.0, ((JsonFloat) json(run).get("final_score")).value());
  }

  @Test
  void isolatedZeroForwardRunsFailWithTheReferenceReason() throws Exception {
    Path data = corpus("some text for the stream", 20);
    Path out = tmp.resolve("out");
    Run run = prism(args(bundle("OneHotArchitecture", "NeverIteratesTraining"), data, out, "--isolated", "--heap", "512m"));
    assertEquals(1, run.exit(), run.err());
    JsonObject json = json(run);
    assertEquals(JsonBool.FALSE, json.get("ok"));
    assertEquals(new JsonString("prism:runtime-error"), json.get("rule_id"));
    assertTrue(((JsonString) json.get("reason")).value().contains("zero-batch / no-forward run"), run.out());
    assertEquals(new JsonString(out.resolve(RunManifest.FILE_NAME).toString()), json.get("manifest"));
  }

  @Test
  void usageErrorsExitTwo() throws Exception {
    Run missingData = prism("run", tmp.toString());
    assertEquals(2, missingData.exit());
    Path data = corpus("x y z", 5);
    Run badDevice = prism(args(tmp.resolve("nowhere"), data, tmp.resolve("o"), "--device", "tpu"));
    assertEquals(2, badDevice.exit());
    Run noBundle = prism(args(tmp.resolve("nowhere"), data, tmp.resolve("o")));
    assertEquals(2, noBundle.exit());
    assertTrue(noBundle.err().contains("is neither a directory nor a .jar file"), noBundle.err());
  }
}

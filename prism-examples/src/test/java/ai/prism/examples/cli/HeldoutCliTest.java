package ai.prism.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.json.JsonBool;
import ai.prism.core.json.JsonFloat;
import ai.prism.core.json.JsonInt;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.PyJson;
import ai.prism.core.manifest.RunManifest;
import ai.prism.core.data.SourceDocument;
import ai.prism.examples.cli.CliTest.Run;
import ai.prism.examples.data.DemoCorpus;
import ai.prism.scoring.PrequentialScorer;
import ai.prism.scoring.Score;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Held-out through the CLI: on by default when the corpus has a val split ({@code evaluate}, {@code
 * run}, {@code run --isolated}), {@code --no-heldout} (on {@code evaluate}, {@code run} and {@code
 * demo}), no val split, the flags forwarded, the
 * re-scored manifest and the report.
 */
class HeldoutCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> DEMO = DemoCorpus.documents().stream().map(SourceDocument::text).toList();

  @TempDir Path tmp;

  /** A corpus root with train/ and (optionally) val/: documents of the demo corpus's prose. */
  private Path corpus(String name, boolean withVal) throws IOException {
    Path root = tmp.resolve(name);
    shard(root.resolve("train"), "train-00000.jsonl", DEMO.subList(0, 40));
    if (withVal) {
      shard(root.resolve("val"), "val-00000.jsonl", DEMO.subList(900, 920));
    }
    return root;
  }

  private static void shard(Path dir, String name, List<String> texts) throws IOException {
    Files.createDirectories(dir);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < texts.size(); i++) {
      sb.append(JSON.writeValueAsString(Map.of("id", name + i, "text", texts.get(i)))).append('\n');
    }
    Files.writeString(dir.resolve(name), sb.toString(), StandardCharsets.UTF_8);
  }

  private static String[] evaluate(Path data, Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("evaluate", "--arch", "bigram", "--data", data.toString(),
        "--out", out.toString(), "--vocab-size", "256", "--seq-len", "32", "--batch-size", "4", "--lr", "0.05",
        "--token-budget", "60000", "--device", "cpu"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  private static JsonObject line(Run run) {
    return (JsonObject) PyJson.parse(run.out().strip());
  }

  private static JsonObject heldout(Run run) {
    return (JsonObject) line(run).get("heldout");
  }

  @Test
  void evaluateDoesHeldOutByDefaultAndTheScoreIsTheReScoredManifests() throws Exception {
    Path out = tmp.resolve("out");
    Run run = CliTest.prism(evaluate(corpus("c", true).resolve("train"), out));
    assertEquals(0, run.exit(), run.err());
    JsonObject held = heldout(run);
    assertEquals(JsonBool.TRUE, held.get("evaluated"));
    assertEquals(JsonBool.TRUE, held.get("rescored"));
    assertEquals(new JsonString("bytes"), held.get("val_bpb_basis"));
    assertEquals(new JsonString("converged"), held.get("gap_basis"));
    double delta = ((JsonFloat) held.get("heldout_delta")).value();
    assertTrue(delta > 0, "a learning model improves on its random-init twin: " + delta);
    assertEquals(JsonBool.FALSE, held.get("memorization_flag"));

    RunManifest manifest = RunManifest.read(out.resolve(RunManifest.FILE_NAME));
    assertTrue(manifest.score().orElseThrow().isScorerForm(), "the score block was replaced by the scorer's");
    assertEquals(delta, manifest.score().orElseThrow().heldoutDelta().getAsDouble(), 0.0);
    assertEquals(delta, manifest.metrics().orElseThrow().heldOutDelta().getAsDouble(), 0.0);
    Score score = new PrequentialScorer().score(manifest);
    assertEquals(score.finalScore(), ((JsonFloat) line(run).get("final_score")).value(), 0.0);
    assertEquals(score.finalScore(), manifest.score().orElseThrow().finalScore().getAsDouble(), 0.0);
    assertTrue(score.finalScore() > PrequentialScorer.bpbToFinalScore(score.bpb()), "a positive delta adds its tie-break");
    assertTrue(manifest.validate().isEmpty(), () -> manifest.validate().toString());

    String report = Files.readString(out.resolve("report.md"));
    assertTrue(report.contains("## Held-out"), report);
    assertTrue(report.contains("| held-out delta (bpb) |"), report);
    assertTrue(report.contains("| held-out | val prefix of"), report);
    assertTrue(run.err().contains("prism: held-out delta +"), run.err());
  }

  @Test
  void noHeldoutOrNoValSplitScoresOnBpbAlone() throws Exception {
    Path corpus = corpus("c", true);
    for (String[] args : List.of(evaluate(corpus.resolve("train"), tmp.resolve("off"), "--no-heldout"),
        evaluate(corpus("noval", false).resolve("train"), tmp.resolve("noval-out")))) {
      Run run = CliTest.prism(args);
      assertEquals(0, run.exit(), run.err());
      JsonObject held = heldout(run);
      assertEquals(JsonBool.FALSE, held.get("evaluated"));
      RunManifest manifest = RunManifest.read(Path.of(((JsonString) line(run).get("manifest")).value()));
      assertFalse(manifest.json().object("metrics").orElseThrow().has("heldout_delta"));
      assertFalse(manifest.score().orElseThrow().isScorerForm());
      Score score = new PrequentialScorer().score(manifest);
      assertEquals(1.0 / (1.0 + score.bpb()), score.finalScore(), 0.0);
      assertEquals(score.finalScore(), ((JsonFloat) line(run).get("final_score")).value(), 0.0);
    }
    Run off = CliTest.prism(evaluate(corpus.resolve("train"), tmp.resolve("off2"), "--no-heldout"));
    assertEquals(new JsonString("disabled"), heldout(off).get("skipped"));
    Run noVal = CliTest.prism(evaluate(corpus("noval2", false).resolve("train"), tmp.resolve("noval2-out")));
    assertEquals(new JsonString("no_val_split"), heldout(noVal).get("skipped"));
    assertTrue(noVal.err().contains("prism: held-out skipped (no_val_split)"), noVal.err());
  }

  @Test
  void theHeldOutFlagsAreForwarded() throws Exception {
    Path corpus = corpus("c", true);
    Path elsewhere = tmp.resolve("elsewhere");
    List<String> val = DEMO.subList(800, 840);
    shard(elsewhere.resolve("val"), "val-00000.jsonl", val);
    int largest = val.stream().mapToInt(t -> t.getBytes(StandardCharsets.UTF_8).length).max().orElseThrow();
    Run run = CliTest.prism(evaluate(corpus.resolve("train"), tmp.resolve("out"), "--val", elsewhere.toString(),
        "--heldout-bytes", "2048", "--heldout-timeout", "321", "--tokenizer", "gpt2", "--heldout-tokenizer"));
    assertEquals(0, run.exit(), run.err());
    JsonObject held = heldout(run);
    long covered = ((JsonInt) held.get("val_covered_bytes")).value().longValueExact();
    assertTrue(covered >= 2048 && covered <= 2048 + largest, "covered " + covered);
    assertEquals(new JsonString("tokenizer"), held.get("val_bpb_basis"));
    Run badTokenizer = CliTest.prism(evaluate(corpus.resolve("train"), tmp.resolve("o2"), "--heldout-tokenizer=nope"));
    assertEquals(2, badTokenizer.exit(), badTokenizer.err());
  }

  private Path bundle() throws IOException, URISyntaxException {
    Path dir = Files.createDirectories(tmp.resolve("bundle").resolve("clibundle"));
    Path root = Path.of(clibundle.OneHotArchitecture.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (Stream<Path> classes = Files.list(root.resolve("clibundle"))) {
      for (Path c : classes.toList()) {
        Files.copy(c, dir.resolve(c.getFileName().toString()));
      }
    }
    Files.writeString(dir.getParent().resolve("prism.yaml"),
        "architecture: {class: clibundle.OneHotArchitecture}\ntraining: {class: clibundle.TrainerTraining}\n");
    return dir.getParent();
  }

  @Test
  void noHeldoutTurnsItOffOnRunAndDemoToo() throws Exception {
    Path corpus = corpus("c", true);
    Run run = CliTest.prism("run", bundle().toString(), "--data", corpus.toString(), "--out", tmp.resolve("run").toString(),
        "--vocab-size", "128", "--seq-len", "16", "--device", "cpu", "--step-budget", "20", "--network", "off",
        "--no-heldout");
    assertEquals(0, run.exit(), run.err());
    assertEquals(new JsonString("disabled"), heldout(run).get("skipped"));
    Run demo = CliTest.prism("demo", "--data", corpus.resolve("train").toString(), "--out", tmp.resolve("demo").toString(),
        "--no-heldout");
    assertEquals(0, demo.exit(), demo.err());
    assertEquals(new JsonString("disabled"), heldout(demo).get("skipped"));
    assertFalse(Files.readString(tmp.resolve("demo").resolve("report.md")).contains("## Held-out"));
  }

  @Test
  void runDoesHeldOutInProcessAndInAChildJvmWhenIsolated() throws Exception {
    Path corpus = corpus("c", true);
    Path bundle = bundle();
    List<Double> deltas = new ArrayList<>();
    for (boolean isolated : new boolean[] {false, true}) {
      Path out = tmp.resolve("run-" + isolated);
      List<String> args = new ArrayList<>(List.of("run", bundle.toString(), "--data", corpus.toString(), "--out",
          out.toString(), "--vocab-size", "128", "--seq-len", "16", "--device", "cpu", "--step-budget", "150",
          "--heap", "1g", "--network", "off"));
      if (isolated) {
        args.add("--isolated");
      }
      Run run = CliTest.prism(args.toArray(String[]::new));
      assertEquals(0, run.exit(), run.err());
      JsonObject held = heldout(run);
      assertEquals(JsonBool.TRUE, held.get("evaluated"), run.err());
      deltas.add(((JsonFloat) held.get("heldout_delta")).value());
      RunManifest manifest = RunManifest.read(out.resolve(RunManifest.FILE_NAME));
      assertEquals(new PrequentialScorer().score(manifest).finalScore(), ((JsonFloat) line(run).get("final_score")).value(), 0.0);
    }
    assertTrue(deltas.get(0) > 0, "delta " + deltas);
    assertEquals(deltas.get(0), deltas.get(1), 0.0, "the child JVM measures what this JVM measures");
    Run refused = CliTest.prism("run", bundle.toString(), "--data", corpus.toString(), "--out",
        tmp.resolve("x").toString(), "--isolated", "--heldout-tokenizer=gpt2");
    assertEquals(2, refused.exit(), refused.err());
    assertTrue(refused.err().contains("not available with --isolated"), refused.err());
  }
}

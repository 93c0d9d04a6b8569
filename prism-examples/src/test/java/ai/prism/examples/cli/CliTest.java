package ai.prism.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.json.JsonArray;
import ai.prism.core.json.JsonBool;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.PyJson;
import ai.prism.core.manifest.RunManifest;
import ai.prism.scoring.PrequentialScorer;
import ai.prism.scoring.Score;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs the {@code prism} CLI in-process and checks stdout, stderr and exit codes. */
class CliTest {

  record Run(int exit, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
  }

  static Run prism(String... args) {
    CommandLine cli = PrismCli.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static Path example(Path dir, String name) throws IOException {
    Path file = dir.resolve(name + ".json");
    Files.writeString(file, DemoCommand.example(name));
    return file;
  }

  @Test
  void scorePrintsOneLinePerFileInArgumentOrder(@TempDir Path dir) throws IOException {
    Path learner = example(dir, "learner");
    Path memorizer = example(dir, "memorizer");
    Run run = prism("score", memorizer.toString(), learner.toString());
    assertEquals(0, run.exit(), run.err());
    assertEquals(2, run.lines().size());
    JsonObject first = (JsonObject) PyJson.parse(run.lines().get(0));
    assertEquals(List.of("file", "ok", "metrics", "score_block", "flags"),
        List.copyOf(first.members().keySet()));
    assertEquals(new JsonString(memorizer.toString()), first.get("file"));
    assertEquals(JsonBool.TRUE, first.get("ok"));
    Score expected = new PrequentialScorer().score(RunManifest.read(memorizer));
    assertEquals(expected.metricsPayload(), first.get("metrics"));
    assertEquals(expected.manifestScoreBlock().json(), first.get("score_block"));
    assertEquals(new JsonArray(List.of(new JsonString("memorization_gap"))), first.get("flags"));
    JsonObject second = (JsonObject) PyJson.parse(run.lines().get(1));
    assertEquals(new JsonString(learner.toString()), second.get("file"));
  }

  @Test
  void scoreExitsOneWhenAnyFileFailsValidation(@TempDir Path dir) throws IOException {
    Run run = prism("score", example(dir, "learner").toString(), example(dir, "zero-forward").toString());
    assertEquals(1, run.exit());
    assertEquals("{\"file\":\"" + dir.resolve("zero-forward.json")
        + "\",\"ok\":false,\"reasons\":[\"prequential scoring requires covered_bytes > 0\"]}",
        run.lines().get(1));
    Files.writeString(dir.resolve("list.json"), "[1, 2]");
    Run notObject = prism("score", dir.resolve("list.json").toString());
    assertEquals(1, notObject.exit());
    assertTrue(notObject.out().contains("is not a JSON object"), notObject.out());
  }

  @Test
  void scoreExitsTwoOnUnreadableFilesButStillPrintsTheirLines(@TempDir Path dir) throws IOException {
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"metrics\": ");
    Path missing = dir.resolve("missing.json");
    Path zero = example(dir, "zero-forward");
    Run run = prism("score", missing.toString(), broken.toString(), zero.toString());
    assertEquals(2, run.exit());
    assertEquals(3, run.lines().size());
    JsonObject m = (JsonObject) PyJson.parse(run.lines().get(0));
    assertEquals(JsonBool.FALSE, m.get("ok"));
    assertEquals(new JsonString("not_found"), m.get("error"));
    JsonObject b = (JsonObject) PyJson.parse(run.lines().get(1));
    assertEquals(new JsonString("syntax"), b.get("error"));
    assertTrue(((JsonArray) b.get("reasons")).get(0).toString().contains("line 1"), b.toString());
    assertTrue(run.err().contains("no such file"), run.err());
    assertEquals(2, prism("score").exit(), "no FILE is a usage error");
  }

  @Test
  void leaderboardPrintsRankedDedupedAndWeights(@TempDir Path dir) throws IOException {
    Path rows = dir.resolve("rows.json");
    Files.writeString(rows, "["
        + "{\"submission_id\":\"alice-worse\",\"hotkey\":\"alice\",\"final_score\":0.2,\"accepted_at\":\"2024-01-01T00:00:00+00:00\"},"
        + "{\"submission_id\":\"alice-better\",\"hotkey\":\"alice\",\"final_score\":0.8,\"accepted_at\":\"2024-01-01T00:01:00+00:00\"},"
        + "{\"submission_id\":\"bob-only\",\"hotkey\":\"bob\",\"final_score\":1,\"accepted_at\":\"2024-01-01T00:00:00+00:00\"},"
        + "{\"submission_id\":\"carol-nan\",\"hotkey\":\"carol\",\"final_score\":\"NaN\",\"accepted_at\":\"2024-01-01T00:00:00+00:00\"}"
        + "]");
    Run run = prism("leaderboard", rows.toString());
    assertEquals(0, run.exit(), run.err());
    assertEquals("{\"ranked\":[\"bob-only\",\"alice-better\",\"alice-worse\",\"carol-nan\"],"
        + "\"deduped\":[\"bob-only\",\"alice-better\",\"carol-nan\"],"
        + "\"weights\":{\"alice\":0.4444444444444445,\"bob\":0.5555555555555556}}\n", run.out());
    Run weights = prism("weights", rows.toString());
    assertEquals(0, weights.exit());
    assertEquals("{\"alice\":0.4444444444444445,\"bob\":0.5555555555555556}\n", weights.out());
  }

  @Test
  void weightsWritesTheInfiniteScoreQuirkAsAString(@TempDir Path dir) throws IOException {
    Path rows = dir.resolve("rows.json");
    Files.writeString(rows, "[{\"submission_id\":\"a\",\"hotkey\":\"a\",\"final_score\":Infinity,\"accepted_at\":\"t\"},"
        + "{\"submission_id\":\"b\",\"hotkey\":\"b\",\"final_score\":0.5,\"accepted_at\":\"t\"}]");
    Run run = prism("weights", rows.toString());
    assertEquals("{\"a\":\"NaN\",\"b\":0.0}\n", run.out());
  }

  @Test
  void rowsCommandsRejectBadInputWithExitTwoAndGridOverflowWithOne(@TempDir Path dir) throws IOException {
    Path notArray = dir.resolve("obj.json");
    Files.writeString(notArray, "{}");
    Run a = prism("leaderboard", notArray.toString());
    assertEquals(2, a.exit());
    assertTrue(a.err().contains("expected a JSON array"), a.err());
    assertEquals("", a.out());
    Path boolScore = dir.resolve("bool.json");
    Files.writeString(boolScore, "[{\"submission_id\":\"a\",\"hotkey\":\"a\",\"final_score\":true,\"accepted_at\":\"t\"}]");
    Run b = prism("weights", boolScore.toString());
    assertEquals(2, b.exit());
    assertTrue(b.err().contains("row 0: \"final_score\" must be a number"), b.err());
    assertEquals(2, prism("weights", dir.resolve("none.json").toString()).exit());
    Path huge = dir.resolve("huge.json");
    Files.writeString(huge, "[{\"submission_id\":\"a\",\"hotkey\":\"a\",\"final_score\":1e300,\"accepted_at\":\"t\"}]");
    Run c = prism("leaderboard", huge.toString());
    assertEquals(1, c.exit());
    assertTrue(c.err().contains("overflows the leaderboard epsilon grid"), c.err());
  }

  @Test
  void demoPrintsATableOfTheExampleRuns() {
    Run run = prism("demo");
    assertEquals(0, run.exit(), run.err());
    List<String> lines = run.lines();
    assertEquals(1 + DemoCommand.EXAMPLES.size(), lines.size());
    assertTrue(lines.get(0).startsWith("run"), lines.get(0));
    assertTrue(lines.get(1).startsWith("learner") && lines.get(1).endsWith("-"), lines.get(1));
    assertTrue(lines.get(2).contains("0.5") && lines.get(2).endsWith("memorization_gap"), lines.get(2));
    assertTrue(lines.get(3).contains("0.000000") && lines.get(3).endsWith("step0_anomaly"), lines.get(3));
    assertTrue(lines.get(4).endsWith("bpb_out_of_band"), lines.get(4));
    assertTrue(lines.get(5).endsWith("FAILED: prequential scoring requires covered_bytes > 0"), lines.get(5));
  }

  @Test
  void exampleManifestsAreWellFormed() {
    for (String name : DemoCommand.EXAMPLES) {
      assertEquals(List.of(), RunManifest.parse(DemoCommand.example(name)).validate(), name);
    }
  }
}

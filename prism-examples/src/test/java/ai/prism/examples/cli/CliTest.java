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
    Path latin1 = dir.resolve("latin1.json");
    Files.write(latin1, new byte[] {'{', '"', (byte) 0xe9, '"', ':', '1', '}'});
    Path zero = example(dir, "zero-forward");
    Run run = prism("score", missing.toString(), broken.toString(), latin1.toString(), zero.toString());
    assertEquals(2, run.exit());
    assertEquals(4, run.lines().size());
    for (String line : run.lines()) {
      JsonObject o = (JsonObject) PyJson.parse(line);
      assertEquals(List.of("file", "ok", "reasons"), List.copyOf(o.members().keySet()), line);
      assertEquals(JsonBool.FALSE, o.get("ok"));
    }
    assertEquals("{\"file\":\"" + missing + "\",\"ok\":false,\"reasons\":[\"no such file: " + missing + "\"]}",
        run.lines().get(0));
    String notJson = reason(run.lines().get(1));
    assertTrue(notJson.startsWith("not JSON: ") && notJson.contains("line 1"), notJson);
    String notUtf8 = reason(run.lines().get(2));
    assertTrue(notUtf8.startsWith("not UTF-8: ") && notUtf8.contains("'utf-8' codec can't decode byte 0xe9"), notUtf8);
    assertEquals("prequential scoring requires covered_bytes > 0", reason(run.lines().get(3)));
    assertTrue(run.err().contains("no such file"), run.err());
    assertEquals(2, prism("score").exit(), "no FILE is a usage error");
  }

  private static String reason(String line) {
    return ((JsonString) ((JsonArray) ((JsonObject) PyJson.parse(line)).get("reasons")).get(0)).value();
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
    Run d = prism("weights", huge.toString());
    assertEquals(0, d.exit(), "a hotkey's only row is never bucketed: " + d.err());
    assertEquals("{\"a\":1.0}\n", d.out());
  }

  @Test
  void rowsCommandsSumTheWeightsAsTheChosenPythonDoes(@TempDir Path dir) throws IOException {
    Path rows = dir.resolve("rows.json");
    Files.writeString(rows, "[{\"submission_id\":\"a\",\"hotkey\":\"a\",\"final_score\":0.1,\"accepted_at\":\"t\"},"
        + "{\"submission_id\":\"b\",\"hotkey\":\"b\",\"final_score\":0.2,\"accepted_at\":\"t\"},"
        + "{\"submission_id\":\"c\",\"hotkey\":\"c\",\"final_score\":0.3,\"accepted_at\":\"t\"}]");
    String py311 = "{\"a\":0.16666666666666666,\"b\":0.3333333333333333,\"c\":0.4999999999999999}\n";
    String py312 = "{\"a\":0.16666666666666669,\"b\":0.33333333333333337,\"c\":0.5}\n";
    assertEquals(py311, prism("weights", rows.toString()).out());
    assertEquals(py311, prism("weights", "--sum", "sequential", rows.toString()).out());
    assertEquals(py312, prism("weights", "--sum", "compensated", rows.toString()).out());
    Run board = prism("leaderboard", "--sum", "compensated", rows.toString());
    assertEquals(0, board.exit(), board.err());
    assertTrue(board.out().endsWith("\"weights\":" + py312.strip() + "}\n"), board.out());
    Run bad = prism("weights", "--sum", "kahan", rows.toString());
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("--sum must be sequential or compensated: kahan"), bad.err());
  }

  @Test
  void leaderboardLimitAddsTheApiBoardAfterTheOtherKeys(@TempDir Path dir) throws IOException {
    Path rows = dir.resolve("rows.json");
    Files.writeString(rows, "["
        + "{\"submission_id\":\"alice-best\",\"hotkey\":\"alice\",\"final_score\":0.9,\"accepted_at\":\"2024-01-01T00:00:00+00:00\"},"
        + "{\"submission_id\":\"alice-second\",\"hotkey\":\"alice\",\"final_score\":0.8,\"accepted_at\":\"2024-01-02T00:00:00+00:00\"},"
        + "{\"submission_id\":\"bob-only\",\"hotkey\":\"bob\",\"final_score\":0.7,\"accepted_at\":\"2024-01-03T00:00:00+00:00\"},"
        + "{\"submission_id\":\"carol-only\",\"hotkey\":\"carol\",\"final_score\":0.6,\"accepted_at\":\"2024-01-04T00:00:00+00:00\"}]");
    Run plain = prism("leaderboard", rows.toString());
    Run limited = prism("leaderboard", "--limit", "2", rows.toString());
    assertEquals(0, limited.exit(), limited.err());
    JsonObject out = (JsonObject) PyJson.parse(limited.out());
    assertEquals(List.of("ranked", "deduped", "weights", "board"), List.copyOf(out.members().keySet()));
    assertEquals(PyJson.parse(plain.out()), out.without("board"));
    assertEquals(PyJson.parse("[{\"rank\":1,\"hotkey\":\"alice\",\"score\":0.9,\"submission_id\":\"alice-best\"},"
        + "{\"rank\":2,\"hotkey\":\"bob\",\"score\":0.7,\"submission_id\":\"bob-only\"}]"), out.get("board"));
    assertEquals(2, prism("leaderboard", "--limit", "0", rows.toString()).exit());
  }

  @Test
  void helpListsEveryCommandWithAOneLineSentence() {
    Run run = prism("--help");
    assertEquals(0, run.exit(), run.err());
    List<String> lines = run.lines();
    List<String> commands = lines.subList(lines.indexOf("Commands:") + 1, lines.size());
    assertEquals(PrismCli.newCommandLine().getSubcommands().size(), commands.size(), run.out());
    for (String line : commands) {
      assertTrue(line.matches("  [a-z]+ +[A-Z].*\\."), "a whole sentence on one line: " + line);
    }
  }

  @Test
  void versionComesFromTheBuild() {
    Run run = prism("--version");
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().matches("prism \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n"), run.out());
  }

  @Test
  void helpScoreExplainsTheCommand() {
    Run run = prism("help", "score");
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().startsWith("Usage: prism score"), run.out());
    assertTrue(run.out().contains("{\"file\":F,\"ok\":false,\"reasons\":[...]}"), run.out());
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    Run run = prism("score", "--bogus", "x.json");
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("Unknown option: '--bogus'"), run.err());
    assertEquals("", run.out());
  }

  @Test
  void demoPrintsATableOfTheExampleRuns() {
    Run run = prism("demo", "--examples");
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

package ai.prism.examples.cli;

import ai.prism.core.json.JsonArray;
import ai.prism.core.json.JsonBool;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonReadException;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.JsonValue;
import ai.prism.core.json.PyJson;
import ai.prism.core.manifest.ManifestException;
import ai.prism.core.manifest.ManifestProblem;
import ai.prism.core.manifest.RunManifest;
import ai.prism.scoring.PrequentialScorer;
import ai.prism.scoring.Score;
import ai.prism.scoring.ScoreValidationException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code prism score}: scores run manifests with the reference's prequential scorer and prints one
 * JSON object per line per file, in argument order.
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Score run manifests (prism_run_manifest.v2.json) exactly as the reference scorer does.",
      "Prints one JSON object per line per FILE, in argument order:",
      "  {\"file\":F,\"ok\":true,\"metrics\":{...},\"score_block\":{...},\"flags\":[...]}",
      "  {\"file\":F,\"ok\":false,\"reasons\":[...]}",
      "A file that cannot be read gets a failure line too, its reason saying what was wrong",
      "(no such file, permission denied, not UTF-8, not JSON, beyond a reader limit).",
      "Non-finite numbers are written as the strings \"NaN\", \"Infinity\", \"-Infinity\".",
      "Exit 0 when every file scored; 1 when any failed validation (including JSON that is not an object);",
      "2 when any could not be read or was not JSON, or on a usage error."
    })
public final class ScoreCommand implements Callable<Integer> {
  static final int SCORED = 0;
  static final int INVALID = 1;
  static final int ERROR = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Run manifest files.")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PrequentialScorer scorer = new PrequentialScorer();
    int exit = SCORED;
    for (Path file : files) {
      Map<String, JsonValue> line = new LinkedHashMap<>();
      line.put("file", new JsonString(file.toString()));
      try {
        Score score = scorer.score(RunManifest.read(file));
        JsonObject metrics = score.metricsPayload();
        line.put("ok", JsonBool.TRUE);
        line.put("metrics", metrics);
        line.put("score_block", score.manifestScoreBlock().json());
        line.put("flags", strings(score.flagNames()));
      } catch (JsonReadException e) {
        failed(line, List.of(unreadable(e)));
        err.println("prism score: " + file + ": " + unreadable(e));
        exit = ERROR;
      } catch (ManifestException e) {
        failed(line, e.problems().stream().map(ManifestProblem::message).toList());
        exit = Math.max(exit, INVALID);
      } catch (ScoreValidationException e) {
        failed(line, e.reasons());
        exit = Math.max(exit, INVALID);
      }
      out.println(PyJson.dumps(new JsonObject(line), PyJson.Style.STRICT_LINE));
      out.flush();
    }
    return exit;
  }

  /** The reason for a file that could not be read as JSON, saying what was wrong. */
  private static String unreadable(JsonReadException e) {
    return switch (e.kind()) {
      case NOT_FOUND, IO -> e.getMessage();
      case ENCODING -> "not UTF-8: " + e.getMessage();
      case SYNTAX -> "not JSON: " + e.getMessage();
      case LIMIT -> "JSON beyond a reader limit: " + e.getMessage();
    };
  }

  private static void failed(Map<String, JsonValue> line, List<String> reasons) {
    line.put("ok", JsonBool.FALSE);
    line.put("reasons", strings(reasons));
  }

  static JsonArray strings(List<String> values) {
    return new JsonArray(values.stream().map(v -> (JsonValue) new JsonString(v)).toList());
  }
}

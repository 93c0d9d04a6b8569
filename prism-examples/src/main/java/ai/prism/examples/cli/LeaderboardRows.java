package ai.prism.examples.cli;

import ai.prism.core.json.JsonArray;
import ai.prism.core.json.JsonFloat;
import ai.prism.core.json.JsonInt;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.JsonValue;
import ai.prism.core.json.PyJson;
import ai.prism.core.json.Python;
import ai.prism.scoring.LeaderboardRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a leaderboard rows file: a JSON array of {@code {"submission_id", "hotkey",
 * "final_score", "accepted_at"}} objects; {@code final_score} is a number (bare {@code NaN}/{@code
 * Infinity} tokens allowed) or one of the strings {@code "NaN"}, {@code "Infinity"}, {@code
 * "-Infinity"}. Writes weights as a JSON object.
 */
final class LeaderboardRows {
  private LeaderboardRows() {}

  /** The rows of {@code file}; a malformed file is an {@link IllegalArgumentException} saying where. */
  static List<LeaderboardRow> read(Path file) {
    if (!(PyJson.read(file) instanceof JsonArray array)) {
      throw new IllegalArgumentException(file + ": expected a JSON array of rows");
    }
    List<LeaderboardRow> rows = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String at = file + ": row " + i;
      if (!(array.get(i) instanceof JsonObject row)) {
        throw new IllegalArgumentException(at + ": expected an object");
      }
      rows.add(new LeaderboardRow(text(row, "submission_id", at), text(row, "hotkey", at),
          score(row.get("final_score"), at), text(row, "accepted_at", at)));
    }
    return rows;
  }

  private static String text(JsonObject row, String key, String at) {
    if (row.get(key) instanceof JsonString s) {
      return s.value();
    }
    throw new IllegalArgumentException(at + ": \"" + key + "\" must be a string");
  }

  private static double score(JsonValue v, String at) {
    if (v instanceof JsonFloat f) {
      return f.value();
    }
    if (v instanceof JsonInt i) {
      try {
        return Python.toFloat(i.value());
      } catch (Python.ConversionException e) {
        throw new IllegalArgumentException(at + ": \"final_score\" " + e.getMessage(), e);
      }
    }
    if (v instanceof JsonString s) {
      switch (s.value()) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    throw new IllegalArgumentException(at + ": \"final_score\" must be a number");
  }

  /** Weights as a JSON object, in the map's order. */
  static JsonObject weights(Map<String, Double> weights) {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    weights.forEach((hotkey, w) -> out.put(hotkey, new JsonFloat(w)));
    return new JsonObject(out);
  }

  /** The submission ids of {@code rows}, in order. */
  static JsonArray ids(List<LeaderboardRow> rows) {
    return ScoreCommand.strings(rows.stream().map(LeaderboardRow::submissionId).toList());
  }
}

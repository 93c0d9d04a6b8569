package ai.prism.scoring;

import ai.prism.core.json.JsonFloat;
import ai.prism.core.json.JsonInt;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of the leaderboard as the reference's API shows it (spec §6.6).
 *
 * @param rank 1-based position on the board
 * @param score the row's {@code final_score}
 */
public record BoardEntry(int rank, String hotkey, double score, String submissionId) {
  /** Rejects a rank below 1 and null strings. */
  public BoardEntry {
    if (rank < 1) {
      throw new ScoreValidationException("rank is 1-based, got " + rank);
    }
    Objects.requireNonNull(hotkey, "hotkey");
    Objects.requireNonNull(submissionId, "submissionId");
  }

  /** The API's entry object: exactly {@code rank}, {@code hotkey}, {@code score}, {@code submission_id}. */
  public JsonObject json() {
    Map<String, JsonValue> members = new LinkedHashMap<>();
    members.put("rank", JsonInt.of(rank));
    members.put("hotkey", new JsonString(hotkey));
    members.put("score", new JsonFloat(score));
    members.put("submission_id", new JsonString(submissionId));
    return new JsonObject(members);
  }
}

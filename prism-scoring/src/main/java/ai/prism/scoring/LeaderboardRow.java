package ai.prism.scoring;

import java.util.Objects;

/**
 * A scored, completed submission competing for a rank.
 *
 * @param acceptedAt the submission's creation time exactly as stored (ISO-8601 text, compared as a
 *     string, not as an instant)
 */
public record LeaderboardRow(String submissionId, String hotkey, double finalScore, String acceptedAt) {
  /** Rejects null strings. */
  public LeaderboardRow {
    Objects.requireNonNull(submissionId, "submissionId");
    Objects.requireNonNull(hotkey, "hotkey");
    Objects.requireNonNull(acceptedAt, "acceptedAt");
  }
}

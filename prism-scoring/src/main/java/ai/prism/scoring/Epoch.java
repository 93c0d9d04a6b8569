package ai.prism.scoring;

import java.time.Instant;

/**
 * A scoring epoch (spec §6.6): epoch {@code id} covers the unix seconds {@code [id × seconds,
 * (id + 1) × seconds)}; a submission belongs to the epoch of its creation time.
 *
 * @param id the epoch id, {@code floor(unix_seconds / seconds)}, at least 0 (the reference's API
 *     rejects a negative {@code epoch_id})
 * @param seconds the epoch length in seconds, positive
 */
public record Epoch(long id, long seconds) {
  /** The reference's default epoch length: six hours. */
  public static final long DEFAULT_SECONDS = 21_600L;

  /**
   * Rejects a negative id and a non-positive length.
   *
   * @throws ScoreValidationException naming the bad value
   */
  public Epoch {
    requirePositive(seconds);
    if (id < 0) {
      throw new ScoreValidationException("epoch_id must be >= 0, got " + id);
    }
  }

  /**
   * The epoch holding {@code at}: {@code floor(unix_seconds / seconds)} with whole unix seconds.
   *
   * @throws ScoreValidationException when {@code seconds} is not positive or {@code at} is before
   *     1970 (a negative epoch id)
   */
  public static Epoch of(Instant at, long seconds) {
    return new Epoch(Math.floorDiv(at.getEpochSecond(), requirePositive(seconds)), seconds);
  }

  private static long requirePositive(long seconds) {
    if (seconds <= 0) {
      throw new ScoreValidationException("epoch_seconds must be positive, got " + seconds);
    }
    return seconds;
  }

  /** The epoch holding {@code at} with the default six-hour length. */
  public static Epoch of(Instant at) {
    return of(at, DEFAULT_SECONDS);
  }

  /** The first instant of the epoch. */
  public Instant start() {
    return Instant.ofEpochSecond(id * seconds);
  }

  /** The first instant after the epoch (the next epoch's start). */
  public Instant end() {
    return Instant.ofEpochSecond((id + 1) * seconds);
  }
}

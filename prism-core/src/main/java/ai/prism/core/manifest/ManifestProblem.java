package ai.prism.core.manifest;

import java.util.Objects;

/**
 * One thing {@link RunManifest#validate()} found wrong, with the JSON path of the offending value
 * (e.g. {@code $.metrics.online_loss[3]}).
 */
public record ManifestProblem(String path, Kind kind, String message) {

  /** What kind of problem. */
  public enum Kind {
    /** A field the reference always writes is absent. */
    MISSING,
    /** A field holds a JSON type the reference never writes there. */
    WRONG_TYPE,
    /** A typed constraint is violated (e.g. {@code compute.world_size >= 1}). */
    OUT_OF_RANGE,
    /** A field the reference writes as a constant holds another value. */
    UNEXPECTED_VALUE,
    /** A key a closed block ({@code compute}) does not allow. */
    UNKNOWN_FIELD,
    /** Two fields the reference always writes in agreement disagree. */
    INCONSISTENT
  }

  /** Rejects null components. */
  public ManifestProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return path + ": " + message + " [" + kind + "]";
  }
}

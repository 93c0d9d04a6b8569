package ai.prism.core.heldout;

import ai.prism.core.PrismException;
import ai.prism.core.manifest.RunManifest;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What held-out evaluation did to one run: either a {@link HeldoutResult} merged into the manifest
 * (and, when re-scoring worked, a replaced {@code score} block), or the reason it was skipped, in
 * which case the manifest is the run's, unchanged, and the run is still scored on its bpb alone.
 *
 * @param result the held-out values, or {@code null} when skipped
 * @param skip why held-out was skipped, or {@code null} when evaluated
 * @param manifest the amended manifest, or the original one when skipped
 * @param rescoreFailure why re-scoring failed (the old score block was kept), or {@code null}
 * @param manifestPath where the amended manifest was persisted, or {@code null} when nothing was
 *     written
 */
public record HeldoutReport(
    HeldoutResult result, Skip skip, RunManifest manifest, String rescoreFailure, Path manifestPath) {

  /** Exactly one of {@code result} and {@code skip}. */
  public HeldoutReport {
    Objects.requireNonNull(manifest, "manifest");
    if ((result == null) == (skip == null)) {
      throw new PrismException("HeldoutReport needs exactly one of a result and a skip");
    }
  }

  /** Whether held-out values were computed and merged. */
  public boolean evaluated() {
    return result != null;
  }

  /** Whether the manifest's score block was replaced by the re-scored one. */
  public boolean rescored() {
    return result != null && rescoreFailure == null;
  }

  static HeldoutReport skipped(RunManifest manifest, SkipReason reason, String detail) {
    return new HeldoutReport(null, new Skip(reason, detail), manifest, null, null);
  }

  HeldoutReport persistedAt(Path path) {
    return new HeldoutReport(result, skip, manifest, rescoreFailure, path);
  }

  /** Why held-out evaluation was skipped, with a message that says what and where. */
  public record Skip(SkipReason reason, String detail) {
    /** Checks the components. */
    public Skip {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** The precondition of spec §7.1 (or the step of §7.2) that failed. */
  public enum SkipReason {
    /** Turned off by the caller ({@code --no-heldout}). */
    DISABLED,
    /** {@code artifacts.trained_state} is not the library's trained-state file name (precondition 1). */
    TRAINED_STATE_NOT_RECORDED,
    /** The recorded file is missing, not a regular file, or resolves outside the artifacts directory (2). */
    TRAINED_STATE_MISSING,
    /** No val split at the configured location (3). */
    NO_VAL_SPLIT,
    /** The val prefix is empty or the strict loader refused the split (§7.2 step 1). */
    VAL_SPLIT_EMPTY,
    /** The trained state is not a valid trained-state file for this architecture: refused, never loaded. */
    TRAINED_STATE_REFUSED,
    /** Building or running the model failed. */
    EVALUATION_FAILED,
    /** The evaluation ran past its time bound and was abandoned (4). */
    TIMED_OUT,
    /** A val bpb was missing, not finite or not positive (4). */
    NOT_SANE
  }
}

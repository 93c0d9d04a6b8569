package ai.prism.core.run;

import ai.prism.core.PrismException;
import java.nio.file.Path;

/**
 * A run that ended without a scorable result: the training loop raised, the parameter cap was
 * exceeded, the loop never consumed a batch, a budget or quota watchdog fired, or the isolated
 * child exited non-zero. Carries the host classification of spec §4.10.
 */
public final class RunFailedException extends PrismException {
  private static final long serialVersionUID = 1L;

  private final transient RunFailure failure;
  private final transient Path manifestPath;

  /** A failure with its classification and the manifest left on disk, if any. */
  public RunFailedException(RunFailure failure, Path manifestPath, Throwable cause) {
    super(failure.message(), cause);
    this.failure = failure;
    this.manifestPath = manifestPath;
  }

  /** Rule id, message and exit code of the failure. */
  public RunFailure failure() {
    return failure;
  }

  /** The manifest written before the failure (zero-forward and watchdog manifests), or {@code null}. */
  public Path manifestPath() {
    return manifestPath;
  }
}

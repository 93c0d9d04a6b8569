package ai.prism.core.data;

import ai.prism.core.PrismException;

/**
 * A locked dataset is malformed, missing or fails an integrity check (the reference's
 * {@code LockedDatasetError}); messages are the reference's texts where it has one.
 */
public class LockedDatasetException extends PrismException {
  private static final long serialVersionUID = 1L;

  /** An error with the reference's message. */
  public LockedDatasetException(String message) {
    super(message);
  }

  /** An error caused by another exception. */
  public LockedDatasetException(String message, Throwable cause) {
    super(message, cause);
  }
}

package ai.prism.core.data;

import ai.prism.core.PrismException;

/**
 * The scored train data cannot be used: not configured, missing, or empty. Messages are the
 * reference runner's, each ending in {@code (no random-token fallback)}: there is never one.
 */
public class TrainDataException extends PrismException {
  private static final long serialVersionUID = 1L;

  /** An error with the reference runner's message. */
  public TrainDataException(String message) {
    super(message);
  }
}

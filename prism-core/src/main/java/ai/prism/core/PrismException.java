package ai.prism.core;

/**
 * The unchecked base of every error prism-core raises: bad input, missing data, budgets exceeded.
 * Messages say what was wrong and where; subclasses add typed detail.
 */
public class PrismException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a message that names what was wrong and where. */
  public PrismException(String message) {
    super(message);
  }

  /** An error caused by another exception. */
  public PrismException(String message, Throwable cause) {
    super(message, cause);
  }
}

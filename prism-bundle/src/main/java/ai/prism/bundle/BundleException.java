package ai.prism.bundle;

import ai.prism.core.PrismException;

/**
 * The unchecked base of every error prism-bundle raises: unreadable bundles, contract violations,
 * unparsable Python. Messages say what was wrong and where; subclasses add typed detail.
 */
public class BundleException extends PrismException {
  private static final long serialVersionUID = 1L;

  /** An error with a message that names what was wrong and where. */
  public BundleException(String message) {
    super(message);
  }

  /** An error caused by another exception. */
  public BundleException(String message, Throwable cause) {
    super(message, cause);
  }
}

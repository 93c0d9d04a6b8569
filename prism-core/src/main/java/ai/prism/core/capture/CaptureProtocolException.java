package ai.prism.core.capture;

import ai.prism.core.PrismException;

/** The training loop used the capture out of protocol (e.g. fused logits missing or recorded twice). */
public final class CaptureProtocolException extends PrismException {
  private static final long serialVersionUID = 1L;

  /** An error naming the broken rule and the batch. */
  public CaptureProtocolException(String message) {
    super(message);
  }
}

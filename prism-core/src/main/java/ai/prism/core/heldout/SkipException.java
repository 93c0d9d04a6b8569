package ai.prism.core.heldout;

import ai.prism.core.heldout.HeldoutReport.SkipReason;

/** Internal signal: a precondition or step failed and held-out is skipped for {@link #reason}. */
final class SkipException extends Exception {
  private static final long serialVersionUID = 1L;
  final SkipReason reason;

  SkipException(SkipReason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  SkipException(SkipReason reason, String detail, Throwable cause) {
    super(detail, cause, false, false);
    this.reason = reason;
  }
}

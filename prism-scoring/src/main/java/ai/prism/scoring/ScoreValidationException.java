package ai.prism.scoring;

import ai.prism.core.PrismException;
import java.util.List;

/**
 * A run cannot be scored (the reference's {@code ScoreValidationError}), or a value the reference
 * would crash on with a raw exception was met; the message is the reasons joined by {@code "; "}.
 */
public final class ScoreValidationException extends PrismException {
  private static final long serialVersionUID = 1L;
  private final transient List<String> reasons;

  /** An error with one or more reasons. */
  public ScoreValidationException(List<String> reasons) {
    super(String.join("; ", reasons));
    this.reasons = List.copyOf(reasons);
  }

  /** A single-reason error. */
  public ScoreValidationException(String reason) {
    this(List.of(reason));
  }

  /** The reasons, as the reference words them where it has a reason. */
  public List<String> reasons() {
    return reasons;
  }
}

package ai.prism.core.heldout;

/** Set by the evaluator when the time bound passes; the computation polls it and gives up. */
final class Cancellation {
  private volatile boolean cancelled;

  void cancel() {
    cancelled = true;
  }

  /** Throws {@link Abandoned} once cancelled. */
  void check() {
    if (cancelled) {
      throw new Abandoned();
    }
  }

  /** Unwinds an abandoned computation (its resources are closed on the way out). */
  static final class Abandoned extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Abandoned() {
      super("held-out evaluation abandoned after its time bound", null, false, false);
    }
  }
}

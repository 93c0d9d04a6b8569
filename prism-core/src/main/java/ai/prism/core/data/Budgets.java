package ai.prism.core.data;

/**
 * Budgets of a scored pass (spec §3.6); null = unbounded. {@code tokenBudget} counts tokens
 * appended to the batch buffer, {@code stepBudget} counts emitted batches, {@code budgetSeconds}
 * is the graceful wall clock measured from {@link Batcher#startClock()}.
 */
public record Budgets(Long tokenBudget, Long stepBudget, Double budgetSeconds) {

  /** Validates: the wall-clock budget must not be NaN. */
  public Budgets {
    if (budgetSeconds != null && budgetSeconds.isNaN()) {
      throw new IllegalArgumentException("budgetSeconds must not be NaN");
    }
  }

  /** No budget at all: the pass ends when the data is exhausted (or the caller stops). */
  public static Budgets none() {
    return new Budgets(null, null, null);
  }
}

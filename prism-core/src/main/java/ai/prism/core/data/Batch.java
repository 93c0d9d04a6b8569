package ai.prism.core.data;

/**
 * One batch shaped (rows, cols), row-major ids already reduced mod vocab, with its byte
 * accounting: {@code coveredBytes} is the sum of the byte weights of all its tokens (the first
 * token of each row included) and {@code cumulativeCoveredBytes} the running total after it.
 * The id array is owned by the batch; callers must not modify it.
 */
public record Batch(
    int index, long[] ids, int rows, int cols, double coveredBytes, double cumulativeCoveredBytes) {

  /** Validates the shape. */
  public Batch {
    if (ids == null || rows < 1 || cols < 1 || (long) rows * cols != ids.length) {
      throw new IllegalArgumentException(
          "batch shape (" + rows + ", " + cols + ") does not match " + (ids == null ? "null" : ids.length) + " ids");
    }
  }

  /** Positions whose next token is predicted: {@code rows * max(cols - 1, 0)}. */
  public long predictedPositions() {
    return (long) rows * Math.max(cols - 1, 0);
  }

  /** Token count, {@code rows * cols}. */
  public int tokenCount() {
    return ids.length;
  }
}

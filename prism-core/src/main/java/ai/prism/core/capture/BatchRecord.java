package ai.prism.core.capture;

/**
 * What the capture recorded for one batch, handed to a {@link CaptureListener} (progress lines,
 * plots). Values are the manifest's: the sanitised loss and the running totals after this batch.
 *
 * @param index 0-based batch index
 * @param loss recorded mean next-token loss in nats (after non-finite sanitising)
 * @param finite whether the raw loss was finite
 * @param predictedTokens predicted positions of this batch, {@code rows * (cols - 1)}
 * @param coveredBytes raw UTF-8 bytes this batch covers (byte weights of all its tokens)
 * @param cumulativeCoveredBytes covered bytes of all recorded batches so far
 * @param cumulativeNats token-weighted negative log-likelihood so far
 */
public record BatchRecord(
    int index,
    double loss,
    boolean finite,
    long predictedTokens,
    double coveredBytes,
    double cumulativeCoveredBytes,
    double cumulativeNats) {

  /** The running prequential bits per byte after this batch ({@code NaN} before any byte). */
  public double runningBitsPerByte() {
    return cumulativeCoveredBytes > 0 ? cumulativeNats / Math.log(2.0) / cumulativeCoveredBytes : Double.NaN;
  }
}

package ai.prism.core.data;

import java.util.List;

/**
 * Counters of a scored pass, for the manifest {@code data} block (spec §5.3) and metrics.
 * {@code coveredBytes} is the unrounded float total; {@link #coveredBytesRounded()} is the
 * manifest integer. {@code stoppedReason} is null while the pass runs and after an early break.
 */
public record StreamState(
    String dataDir,
    int shardCount,
    long availableBytes,
    long consumedDocuments,
    long consumedTokens,
    long consumedBatches,
    long consumedOffsets,
    long distinctOffsets,
    double coveredBytes,
    List<Double> coveredBytesCumulative,
    StoppedReason stoppedReason,
    boolean tokenizerUsed) {

  /** Validates and freezes the cumulative list. */
  public StreamState {
    if (coveredBytesCumulative == null) {
      throw new IllegalArgumentException("coveredBytesCumulative must not be null");
    }
    if (!(coveredBytesCumulative instanceof DoubleListView)) {
      coveredBytesCumulative = List.copyOf(coveredBytesCumulative);
    }
  }

  /** Python {@code int(round(coveredBytes))}: round half to even. */
  public long coveredBytesRounded() {
    return roundHalfEven(coveredBytes);
  }

  /** Python {@code int(round(x))} for a finite double: round half to even, then truncate. */
  public static long roundHalfEven(double x) {
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException("cannot round a non-finite value: " + x);
    }
    return (long) Math.rint(x);
  }

  /** The manifest string of the stopped reason, or null. */
  public String stoppedReasonWireName() {
    return stoppedReason == null ? null : stoppedReason.wireName();
  }
}

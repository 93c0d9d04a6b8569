package ai.prism.core.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

  /**
   * The manifest {@code data} block (spec §5.3) with the reference's field names and values:
   * {@code source} {@code locked-fineweb-edu-train}, {@code random_token_fallback} false,
   * {@code single_pass} true, {@code covered_bytes} rounded half to even.
   */
  public ObjectNode dataBlock() {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("data_dir", dataDir);
    data.put("shard_count", shardCount);
    data.put("available_bytes", availableBytes);
    data.put("source", "locked-fineweb-edu-train");
    data.put("random_token_fallback", false);
    data.put("single_pass", true);
    data.put("covered_bytes", coveredBytesRounded());
    ArrayNode cumulative = data.putArray("covered_bytes_cumulative");
    for (Double d : coveredBytesCumulative) {
      cumulative.add(d.doubleValue());
    }
    data.put("consumed_documents", consumedDocuments);
    data.put("consumed_batches", consumedBatches);
    data.put("consumed_offsets", consumedOffsets);
    data.put("distinct_offsets", distinctOffsets);
    if (stoppedReason == null) {
      data.putNull("stopped_reason");
    } else {
      data.put("stopped_reason", stoppedReason.wireName());
    }
    return data;
  }
}

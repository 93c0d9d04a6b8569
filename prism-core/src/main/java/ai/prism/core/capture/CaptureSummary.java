package ai.prism.core.capture;

import ai.prism.core.data.StreamState;
import java.util.List;

/**
 * Everything the capture recorded, the input of manifest authoring (spec §4.11, §5).
 *
 * @param onlineLoss per-batch mean next-token nats, sanitised
 * @param coveredBytesCumulative running covered bytes after each recorded batch
 * @param coveredBytes covered bytes of all recorded batches (unrounded)
 * @param consumedBatches recorded batches
 * @param predictedTokens predicted positions of all recorded batches
 * @param sumNegLogLikelihoodNats token-weighted negative log-likelihood
 * @param nanInfBatches batches whose raw loss was not finite
 * @param baselineNats {@code ln(max(vocabSize, 2))}
 * @param modelParams last realised parameter count of the scored model, or {@code null}
 * @param stream the data plane's counters, or {@code null} when the stream never started
 * @param tokenizerUsed whether the loop passed a tokenizer (basis {@code tokenizer})
 */
public record CaptureSummary(
    List<Double> onlineLoss,
    List<Double> coveredBytesCumulative,
    double coveredBytes,
    int consumedBatches,
    long predictedTokens,
    double sumNegLogLikelihoodNats,
    int nanInfBatches,
    double baselineNats,
    Long modelParams,
    StreamState stream,
    boolean tokenizerUsed) {

  /** Copies the lists. */
  public CaptureSummary {
    onlineLoss = List.copyOf(onlineLoss);
    coveredBytesCumulative = List.copyOf(coveredBytesCumulative);
  }
}

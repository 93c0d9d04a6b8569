package ai.prism.core.heldout;

import ai.prism.core.PrismException;
import java.util.Objects;

/**
 * The held-out values of one run (spec §7.3), as merged into the manifest: both val bpbs, their
 * difference, the converged train bpb when a train split was measured, and the memorization gap
 * with the basis it was measured on.
 *
 * @param valBpbTrained val bpb of the trained model
 * @param valBpbRandomInit val bpb of the forced-seed random-init twin
 * @param heldoutDelta {@code valBpbRandomInit - valBpbTrained}: larger is better (the tie-break)
 * @param trainHeldoutGap {@code valBpbTrained} minus the train reference, or {@code null} when the
 *     bases are not comparable
 * @param memorizationFlag whether the gap exceeds {@value #MEMORIZATION_GAP_THRESHOLD_BPB} bpb
 * @param trainBpbBasis the run's {@code train_bpb_basis}, or {@code null} when it has none
 * @param valBpbBasis what the val bpb was measured on: {@code bytes} (reference) or {@code
 *     tokenizer} (tokenizer-aware option with a tokenizer run)
 * @param valCoveredBytes UTF-8 bytes of the val prefix
 * @param trainBpbConverged the trained model's bpb on the train prefix, or {@code null}
 * @param gapBasis {@code converged}, {@code prequential} or {@code null} (no gap)
 */
public record HeldoutResult(
    double valBpbTrained,
    double valBpbRandomInit,
    double heldoutDelta,
    Double trainHeldoutGap,
    boolean memorizationFlag,
    String trainBpbBasis,
    String valBpbBasis,
    long valCoveredBytes,
    Double trainBpbConverged,
    String gapBasis) {

  /** A gap strictly above this many bits per byte flags memorization (the reference's constant). */
  public static final double MEMORIZATION_GAP_THRESHOLD_BPB = 1.0;
  /** Basis of a byte-level measurement. */
  public static final String BYTES_BASIS = "bytes";
  /** Basis of a measurement with the run's tokenizer. */
  public static final String TOKENIZER_BASIS = "tokenizer";
  /** Gap basis when the converged train bpb is the train side. */
  public static final String CONVERGED = "converged";
  /** Gap basis when the run's prequential bpb is the train side. */
  public static final String PREQUENTIAL = "prequential";

  /** Checks the basis names. */
  public HeldoutResult {
    Objects.requireNonNull(valBpbBasis, "valBpbBasis");
    if (gapBasis != null && !gapBasis.equals(CONVERGED) && !gapBasis.equals(PREQUENTIAL)) {
      throw new PrismException("HeldoutResult.gapBasis must be converged, prequential or null, got " + gapBasis);
    }
    if ((gapBasis == null) != (trainHeldoutGap == null)) {
      throw new PrismException("HeldoutResult: a gap needs a gap basis and a gap basis needs a gap");
    }
  }

  /**
   * The derived values of spec §7.3 from the measured bpbs. The converged train bpb is kept only
   * when sane (finite, positive) and then is the train side of the gap; otherwise the run's
   * prequential bpb is, when {@code trainBpbBasis} is null or equal to {@code valBpbBasis} and the
   * prequential bpb is a finite number; otherwise there is no gap and no flag.
   */
  static HeldoutResult derive(
      double valBpbTrained,
      double valBpbRandomInit,
      long valCoveredBytes,
      Double trainBpbConverged,
      Double prequentialBpb,
      String trainBpbBasis,
      String valBpbBasis) {
    Double converged = sane(trainBpbConverged) ? trainBpbConverged : null;
    Double gap = null;
    String gapBasis = null;
    if (converged != null) {
      gap = valBpbTrained - converged;
      gapBasis = CONVERGED;
    } else if ((trainBpbBasis == null || trainBpbBasis.equals(valBpbBasis))
        && prequentialBpb != null && Double.isFinite(prequentialBpb)) {
      gap = valBpbTrained - prequentialBpb;
      gapBasis = PREQUENTIAL;
    }
    boolean flag = gap != null && gap > MEMORIZATION_GAP_THRESHOLD_BPB;
    return new HeldoutResult(valBpbTrained, valBpbRandomInit, valBpbRandomInit - valBpbTrained, gap, flag,
        trainBpbBasis, valBpbBasis, valCoveredBytes, converged, gapBasis);
  }

  /** A bpb the reference accepts: finite and positive. */
  static boolean sane(Double bpb) {
    return bpb != null && Double.isFinite(bpb) && bpb > 0.0;
  }
}

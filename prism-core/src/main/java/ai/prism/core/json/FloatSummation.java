package ai.prism.core.json;

import java.util.Collection;

/**
 * How Python's builtin {@code sum()} adds floats, whose algorithm changed in CPython 3.12
 * (compensated, Neumaier). The reference declares {@code requires-python >= 3.12}, but its
 * documented behaviour (spec §11) was observed on CPython 3.11 (Debian's torch 1.13), as are the
 * library's other Python-isms, so {@link #SEQUENTIAL} is the default wherever a choice is offered:
 * the runner's per-batch covered bytes and the weights' total.
 */
public enum FloatSummation {
  /** CPython 3.12+ {@code sum()}: Neumaier compensation, compensation added once at the end. */
  COMPENSATED,
  /** CPython 3.11 and older {@code sum()}: plain left-to-right double addition. */
  SEQUENTIAL;

  /**
   * {@code sum(values)} of Python floats in iteration order, as this CPython version computes it:
   * the compensation is added at the end only when it is non-zero and finite, so an infinite or
   * overflowed sum stays as it is.
   */
  public double sum(Collection<Double> values) {
    double s = 0.0;
    double c = 0.0;
    for (double x : values) {
      double t = s + x;
      if (this == COMPENSATED) {
        c += Math.abs(s) >= Math.abs(x) ? (s - t) + x : (x - t) + s;
      }
      s = t;
    }
    return c != 0.0 && Double.isFinite(c) ? s + c : s;
  }
}

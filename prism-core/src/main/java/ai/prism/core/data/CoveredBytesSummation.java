package ai.prism.core.data;

/**
 * How the byte weights of one batch are added up. The reference runner uses Python's builtin
 * {@code sum()}, whose float algorithm changed in CPython 3.12 (compensated, Neumaier); the
 * reference declares {@code requires-python >= 3.12}, but its documented behaviour (spec §11) was observed on
 * CPython 3.11 (Debian's torch 1.13), as are the library's other Python-isms, so {@link #SEQUENTIAL} is the default.
 * Only tokenizers with fractional byte weights can tell the two apart (byte-level sums are exact).
 */
public enum CoveredBytesSummation {
  /** CPython 3.12+ {@code sum()}: Neumaier compensation, compensation added once at the end. */
  COMPENSATED,
  /** CPython 3.11 and older {@code sum()}: plain left-to-right double addition. */
  SEQUENTIAL
}

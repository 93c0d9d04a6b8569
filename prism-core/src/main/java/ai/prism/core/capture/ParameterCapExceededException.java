package ai.prism.core.capture;

import ai.prism.core.PrismException;

/**
 * The model handed to the capture has more realised parameters than the cap (spec §4.9), checked
 * before the first batch and again after the first forward.
 */
public final class ParameterCapExceededException extends PrismException {
  private static final long serialVersionUID = 1L;

  private final long parameters;
  private final long cap;

  /** The violation: the realised count and the cap. */
  public ParameterCapExceededException(long parameters, long cap) {
    super("scored model has " + parameters + " parameters, exceeding the " + cap + " parameter cap");
    this.parameters = parameters;
    this.cap = cap;
  }

  /** Realised parameter count of the scored model. */
  public long parameters() {
    return parameters;
  }

  /** The cap it exceeded. */
  public long cap() {
    return cap;
  }

  /** The stderr line of the reference runner ({@code PRISM_RUNNER_PARAM_CAP: ...}). */
  public String markerLine() {
    return "PRISM_RUNNER_PARAM_CAP: scored model has " + parameters + " parameters, exceeding the " + cap
        + " parameter cap (training.py trained a model that diverges from the sub-cap build_model)";
  }
}

package ai.prism.core.recipe;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import java.util.HashMap;
import java.util.Map;

/**
 * AdamW with the semantics of {@code torch.optim.AdamW} (single-tensor path): decoupled weight decay
 * {@code p *= 1 - lr*wd}, then {@code m = b1*m + (1-b1)*g}, {@code v = b2*v + (1-b2)*g^2} and
 * {@code p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)}. Defaults are PyTorch's (lr 1e-3, betas
 * 0.9/0.999, eps 1e-8, weight decay 0.01).
 *
 * <p>DJL's own {@code AdamW} adds eps to {@code sqrt(v)} before the bias correction (the "epsilon hat" form),
 * so its steps differ from PyTorch's while the second-moment estimate is small; this class follows PyTorch.
 * As DJL optimizers do, it zeroes the gradient after the update so the next backward starts from zero. The
 * moment buffers are attached to the weight's manager and are freed with the model. Scalars are applied as
 * float32, as PyTorch's float kernels do.
 */
public final class TorchAdamW extends Optimizer {
  private final double learningRate;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final Map<String, Moments> moments = new HashMap<>();

  private TorchAdamW(Builder builder) {
    super(builder);
    this.learningRate = builder.learningRate;
    this.beta1 = builder.beta1;
    this.beta2 = builder.beta2;
    this.eps = builder.eps;
    this.weightDecay = builder.weightDecay;
  }

  /** A builder with PyTorch's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The constant learning rate. */
  public double learningRate() {
    return learningRate;
  }

  /** The decoupled weight decay. */
  public double weightDecay() {
    return weightDecay;
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    int step = updateCount(parameterId);
    Moments state;
    synchronized (moments) {
      state = moments.computeIfAbsent(parameterId, id -> new Moments(weight.zerosLike(), weight.zerosLike()));
    }
    NDArray g = grad;
    // In-place updates go through a detached view (torch's p.detach().mul_()): gradient recording may be
    // on in this thread, and in-place ops on a leaf that requires grad are refused while it is.
    try (NDArray target = weight.stopGradient();
        NDArray rescaled = rescaleGrad == 1f ? null : grad.mul(rescaleGrad);
        NDArray clipped = clipGrad > 0 ? (rescaled == null ? grad : rescaled).clip(-clipGrad, clipGrad) : null) {
      if (clipped != null) {
        g = clipped;
      } else if (rescaled != null) {
        g = rescaled;
      }
      if (weightDecay != 0) {
        target.muli((float) (1 - learningRate * weightDecay));
      }
      try (NDArray scaledGrad = g.mul((float) (1 - beta1))) {
        state.mean.muli((float) beta1).addi(scaledGrad);
      }
      try (NDArray scaledSquare = g.square().muli((float) (1 - beta2))) {
        state.variance.muli((float) beta2).addi(scaledSquare);
      }
      double biasCorrection1 = 1 - Math.pow(beta1, step);
      double biasCorrection2 = 1 - Math.pow(beta2, step);
      try (NDArray denominator = state.variance.sqrt().divi((float) Math.sqrt(biasCorrection2)).addi((float) eps);
          NDArray delta = state.mean.div(denominator).muli((float) (learningRate / biasCorrection1))) {
        target.subi(delta);
      }
    }
    grad.subi(grad);
  }

  private record Moments(NDArray mean, NDArray variance) {}

  /** Builder for {@link TorchAdamW}; DJL's {@code rescaleGrad}/{@code clipGrad} options apply before the step. */
  public static final class Builder extends OptimizerBuilder<Builder> {
    private double learningRate = 1e-3;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double eps = 1e-8;
    private double weightDecay = 0.01;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The constant learning rate (default 1e-3). */
    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /** The moment decay rates (default 0.9, 0.999). */
    public Builder betas(double beta1, double beta2) {
      this.beta1 = beta1;
      this.beta2 = beta2;
      return this;
    }

    /** The denominator epsilon (default 1e-8). */
    public Builder eps(double eps) {
      this.eps = eps;
      return this;
    }

    /** The decoupled weight decay (default 0.01). */
    public Builder weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    /** Validates the values (PyTorch's checks) and builds the optimizer. */
    public TorchAdamW build() {
      check(learningRate >= 0 && Double.isFinite(learningRate), "learning rate", learningRate);
      check(beta1 >= 0 && beta1 < 1, "beta1", beta1);
      check(beta2 >= 0 && beta2 < 1, "beta2", beta2);
      check(eps >= 0 && Double.isFinite(eps), "eps", eps);
      check(weightDecay >= 0 && Double.isFinite(weightDecay), "weight decay", weightDecay);
      return new TorchAdamW(this);
    }

    private static void check(boolean ok, String what, double value) {
      if (!ok) {
        throw new IllegalArgumentException("invalid AdamW " + what + ": " + value);
      }
    }
  }
}

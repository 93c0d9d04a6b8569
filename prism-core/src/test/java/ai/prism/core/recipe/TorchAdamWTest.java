package ai.prism.core.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class TorchAdamWTest {

  /** torch.optim.AdamW's single-tensor step written out in double precision, for one element. */
  private static double[] torchSteps(double w, double[] grads, double lr, double wd) {
    double m = 0;
    double v = 0;
    double[] trace = new double[grads.length];
    for (int t = 1; t <= grads.length; t++) {
      double g = grads[t - 1];
      w *= 1 - lr * wd;
      m = 0.9 * m + 0.1 * g;
      v = 0.999 * v + 0.001 * g * g;
      double denominator = Math.sqrt(v) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
      w -= lr / (1 - Math.pow(0.9, t)) * m / denominator;
      trace[t - 1] = w;
    }
    return trace;
  }

  @Test
  void followsTorchAdamWStepByStep() {
    double[][] grads = {{0.5, -1.0, 2.0, 1e-7}, {-0.25, 3.0, 0.0, -1e-7}, {1.0, -0.5, 0.75, 1e-7}};
    double[] start = {1.0, -2.0, 0.5, 0.25};
    TorchAdamW adamW = TorchAdamW.builder().learningRate(0.005).build();
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray weight = manager.create(new float[] {1.0f, -2.0f, 0.5f, 0.25f});
      for (double[] step : grads) {
        float[] g = new float[step.length];
        for (int i = 0; i < g.length; i++) {
          g[i] = (float) step[i];
        }
        adamW.update("w", weight, manager.create(g));
      }
      float[] actual = weight.toFloatArray();
      for (int i = 0; i < start.length; i++) {
        double[] perElement = {grads[0][i], grads[1][i], grads[2][i]};
        double[] trace = torchSteps(start[i], perElement, 0.005, 0.01);
        assertEquals(trace[2], actual[i], 2e-7, "element " + i);
      }
    }
  }

  @Test
  void tinyGradientsTakeFullStepsLikeTorchNotDjlEpsilonHat() {
    // With |g| = 1e-7 the first torch step is lr * g / (|g| + eps) = 0.005 * 1e-7 / 1.1e-7; DJL's AdamW
    // (eps added before bias correction) would step by almost the full lr.
    TorchAdamW adamW = TorchAdamW.builder().learningRate(0.005).weightDecay(0).build();
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray weight = manager.create(new float[] {0f});
      adamW.update("w", weight, manager.create(new float[] {1e-7f}));
      assertEquals(-0.005 * 1e-7 / (1e-7 + 1e-8), weight.getFloat(), 1e-7);
    }
  }

  @Test
  void zeroesTheGradientAfterTheUpdate() {
    TorchAdamW adamW = TorchAdamW.builder().build();
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray weight = manager.create(new float[] {1f, 2f});
      NDArray grad = manager.create(new float[] {0.5f, -0.5f});
      adamW.update("w", weight, grad);
      assertArrayEquals(new float[] {0f, 0f}, grad.toFloatArray());
    }
  }

  @Test
  void rejectsInvalidHyperparameters() {
    assertThrows(IllegalArgumentException.class, () -> TorchAdamW.builder().learningRate(-1).build());
    assertThrows(IllegalArgumentException.class, () -> TorchAdamW.builder().betas(0.9, 1.0).build());
    assertThrows(IllegalArgumentException.class, () -> TorchAdamW.builder().weightDecay(Double.NaN).build());
  }
}

package ai.prism.examples.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;

/** Parameter factories with PyTorch's default initialisations, shared by the example blocks. */
final class Params {
  private Params() {}

  /**
   * PyTorch's default for {@code nn.Linear}/{@code nn.LSTM} weights: kaiming-uniform with a = sqrt(5),
   * which reduces to U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in = shape[1].
   */
  static final Initializer TORCH_LINEAR =
      new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1);

  /** A bias-free linear weight of shape (out, in), initialised like PyTorch's {@code nn.Linear}. */
  static Parameter linearWeight(String name, long out, long in) {
    return Parameter.builder()
        .setName(name)
        .setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(out, in))
        .optInitializer(TORCH_LINEAR)
        .build();
  }

  /** An embedding table of shape (rows, dim) drawn from N(0, std). */
  static Parameter embedding(String name, long rows, long dim, float std) {
    return Parameter.builder()
        .setName(name)
        .setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(rows, dim))
        .optInitializer(new NormalInitializer(std))
        .build();
  }

  /** The int64 tokens of a model's input list, which must be shaped (batch, time). */
  static NDArray tokensOf(NDList inputs, String model) {
    NDArray tokens = inputs.head();
    if (tokens.getShape().dimension() != 2) {
      throw new IllegalArgumentException(model + " expects tokens of shape (batch, time), got " + tokens.getShape());
    }
    return tokens;
  }

  /** A learned per-channel scale initialised to ones. */
  static Parameter scale(String name, long dim) {
    return Parameter.builder()
        .setName(name)
        .setType(Parameter.Type.GAMMA)
        .optShape(new Shape(dim))
        .build();
  }
}

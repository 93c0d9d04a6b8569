package bundletest;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.prism.core.run.Architecture;
import ai.prism.core.run.Bigram;
import ai.prism.core.run.PrismContext;

/** Draws random numbers when its class initialises (import-time randomness). */
public class RandomAtLoadArchitecture implements Architecture {
  public static final float[] DRAWN;

  static {
    try (NDManager m = NDManager.newBaseManager()) {
      DRAWN = m.randomNormal(new Shape(8)).toFloatArray();
    }
  }

  @Override
  public Block build(PrismContext ctx) {
    return new Bigram(ctx.vocabSize());
  }
}

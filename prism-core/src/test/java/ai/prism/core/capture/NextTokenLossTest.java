package ai.prism.core.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.prism.core.PrismException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared per-batch loss of spec §4.6 against values computed by hand in double precision. */
class NextTokenLossTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /** Reference value: mean over rows and positions t < cols-1 of logsumexp(l[t]) - l[t][target mod V]. */
  private static double expected(float[][][] logits, long[][] tokens) {
    double sum = 0;
    int n = 0;
    int vocab = logits[0][0].length;
    for (int b = 0; b < logits.length; b++) {
      for (int t = 0; t + 1 < logits[b].length; t++) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits[b][t]) {
          max = Math.max(max, v);
        }
        double z = 0;
        for (float v : logits[b][t]) {
          z += Math.exp(v - max);
        }
        int target = Math.floorMod(tokens[b][t + 1], vocab);
        sum += max + Math.log(z) - logits[b][t][target];
        n++;
      }
    }
    return sum / n;
  }

  private NDArray array(float[][][] values) {
    int b = values.length;
    int t = values[0].length;
    int v = values[0][0].length;
    float[] flat = new float[b * t * v];
    int i = 0;
    for (float[][] row : values) {
      for (float[] pos : row) {
        for (float x : pos) {
          flat[i++] = x;
        }
      }
    }
    return manager.create(flat, new Shape(b, t, v));
  }

  private static float[][][] logits(int rows, int cols, int vocab, long seed) {
    java.util.Random random = new java.util.Random(seed);
    float[][][] out = new float[rows][cols][vocab];
    for (float[][] r : out) {
      for (float[] p : r) {
        for (int i = 0; i < vocab; i++) {
          p[i] = (float) (random.nextGaussian() * 3);
        }
      }
    }
    return out;
  }

  @Test
  void matchesTheHandComputedCrossEntropy() {
    float[][][] l = logits(2, 5, 7, 1);
    long[][] tokens = {{1, 2, 3, 4, 5}, {6, 0, 1, 2, 3}};
    double loss = NextTokenLoss.meanCrossEntropy(array(l), manager.create(tokens));
    assertEquals(expected(l, tokens), loss, 1e-5);
  }

  @Test
  void targetsAreReducedModuloTheLogitsWidth() {
    float[][][] l = logits(1, 6, 5, 2);
    long[][] tokens = {{9, 12, 7, 5, 14, 3}};
    double loss = NextTokenLoss.meanCrossEntropy(array(l), manager.create(tokens));
    assertEquals(expected(l, tokens), loss, 1e-5);
  }

  @Test
  void twoDimensionalLogitsAreOneRow() {
    float[][][] l = logits(1, 4, 6, 3);
    long[][] tokens = {{0, 1, 2, 3}};
    double loss = NextTokenLoss.meanCrossEntropy(array(l).squeeze(0), manager.create(tokens));
    assertEquals(expected(l, tokens), loss, 1e-5);
  }

  @Test
  void uniformLogitsGiveLnV() {
    NDArray zeros = manager.zeros(new Shape(3, 8, 4096));
    NDArray tokens = manager.arange(0, 24, 1, DataType.INT64).reshape(3, 8);
    assertEquals(Math.log(4096), NextTokenLoss.meanCrossEntropy(zeros, tokens), 1e-5);
  }

  @Test
  void halfPrecisionLogitsAreWidenedAndTheResultIsFloat32() {
    float[][][] l = logits(2, 5, 7, 4);
    long[][] tokens = {{1, 2, 3, 4, 5}, {6, 0, 1, 2, 3}};
    NDArray half = array(l).toType(DataType.FLOAT16, false);
    double loss = NextTokenLoss.meanCrossEntropy(half, manager.create(tokens));
    assertEquals(expected(l, tokens), loss, 1e-2);
    double single = NextTokenLoss.meanCrossEntropy(array(l), manager.create(tokens));
    assertEquals(single, (double) (float) single, 0.0);
  }

  @Test
  void nonFiniteLogitsGiveANonFiniteLossForTheCallerToSanitise() {
    NDArray nan = manager.full(new Shape(1, 4, 8), Float.NaN);
    assertTrue(Double.isNaN(NextTokenLoss.meanCrossEntropy(nan, manager.zeros(new Shape(1, 4), DataType.INT64))));
  }

  @Test
  void shapeErrorsAndMissingLogitsAreTypedErrors() {
    NDArray tokens = manager.zeros(new Shape(2, 4), DataType.INT64);
    PrismException e = assertThrows(PrismException.class,
        () -> NextTokenLoss.meanCrossEntropy(manager.zeros(new Shape(2, 5, 8)), tokens));
    assertTrue(e.getMessage().startsWith("model forward returned logits of shape (2, 5, 8) for tokens of shape (2, 4)"), e.getMessage());
    assertThrows(PrismException.class, () -> NextTokenLoss.meanCrossEntropy(manager.zeros(new Shape(8)), tokens));
    assertEquals("miner model forward did not return a logits tensor",
        assertThrows(PrismException.class, () -> NextTokenLoss.logitsOf(new NDList())).getMessage());
  }
}

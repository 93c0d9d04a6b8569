package ai.prism.core.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

  @Test
  void scalesAllGradientsByTheGlobalNorm() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray a = manager.create(new float[] {3f, 4f});
      NDArray b = manager.create(new float[][] {{12f}});
      NDArray total = GradientClipping.clipGlobalNorm(List.of(a, b), 1.0);
      assertEquals(13f, total.getFloat(), 1e-6f);
      float scale = (float) (1.0 / (13.0 + 1e-6));
      assertArrayEquals(new float[] {3f * scale, 4f * scale}, a.toFloatArray(), 1e-7f);
      assertArrayEquals(new float[] {12f * scale}, b.toFloatArray(), 1e-7f);
    }
  }

  @Test
  void leavesSmallGradientsUnchanged() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray a = manager.create(new float[] {0.3f, -0.4f});
      NDArray total = GradientClipping.clipGlobalNorm(List.of(a), 1.0);
      assertEquals(0.5f, total.getFloat(), 1e-7f);
      assertArrayEquals(new float[] {0.3f, -0.4f}, a.toFloatArray(), 0f);
    }
  }

  @Test
  void handlesNoGradientsAndRejectsABadLimit() {
    assertNull(GradientClipping.clipGlobalNorm(List.of(), 1.0));
    assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipGlobalNorm(List.of(), 0));
  }
}

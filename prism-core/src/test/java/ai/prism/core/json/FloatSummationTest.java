package ai.prism.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sum()} of floats as CPython 3.11.7 and 3.12.1 return it (values taken from real runs). */
class FloatSummationTest {
  private static void assertSums(double py311, double py312, List<Double> values) {
    assertEquals(py311, FloatSummation.SEQUENTIAL.sum(values), "3.11 " + values);
    assertEquals(py312, FloatSummation.COMPENSATED.sum(values), "3.12 " + values);
  }

  @Test
  void compensatedSumRecoversTheBitsLeftToRightLoses() {
    assertSums(0.9999999999999999, 1.0, Collections.nCopies(10, 0.1));
    assertSums(0.6000000000000001, 0.6, List.of(0.1, 0.2, 0.3));
    assertSums(0.0, 1.0, List.of(1e16, 1.0, -1e16));
  }

  @Test
  void anOverflowedOrInfiniteSumIsNotTurnedIntoNan() {
    assertSums(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, List.of(1e308, 1e308, -1e308));
    assertSums(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, List.of(Double.POSITIVE_INFINITY, 1.0));
    assertSums(0.0, 0.0, List.of());
  }
}

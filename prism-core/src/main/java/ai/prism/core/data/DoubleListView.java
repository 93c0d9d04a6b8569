package ai.prism.core.data;

import java.util.AbstractList;
import java.util.RandomAccess;

/** An immutable view of the first {@code size} values of an append-only double array. */
final class DoubleListView extends AbstractList<Double> implements RandomAccess {
  private final double[] values;
  private final int size;

  DoubleListView(double[] values, int size) {
    this.values = values;
    this.size = size;
  }

  @Override
  public Double get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index " + index + ", size " + size);
    }
    return values[index];
  }

  @Override
  public int size() {
    return size;
  }
}

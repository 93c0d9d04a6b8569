package ai.prism.core.capture;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/** A growable list of primitive doubles (no boxing per batch); read through {@link #snapshot()}. */
final class DoubleSeries {
  private double[] values = new double[1024];
  private int size;

  void add(double value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  int size() {
    return size;
  }

  /** An immutable copy. */
  List<Double> snapshot() {
    return new Frozen(Arrays.copyOf(values, size));
  }

  private static final class Frozen extends AbstractList<Double> implements RandomAccess {
    private final double[] values;

    Frozen(double[] values) {
      this.values = values;
    }

    @Override
    public Double get(int index) {
      return values[index];
    }

    @Override
    public int size() {
      return values.length;
    }
  }
}

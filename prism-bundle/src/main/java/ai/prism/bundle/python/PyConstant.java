package ai.prism.bundle.python;

import java.util.Arrays;

/**
 * Values of {@code Constant.value} that have no natural Java type. Other constants are {@code String} (str),
 * {@code java.math.BigInteger} (int), {@code Double} (float) and {@code Boolean} (bool; never an int).
 */
public final class PyConstant {
  private PyConstant() {}

  /** Python's {@code None} as a constant value (a missing optional field is Java {@code null} instead). */
  public static final Object NONE = new Singleton("None");

  /** Python's {@code Ellipsis} ({@code ...}). */
  public static final Object ELLIPSIS = new Singleton("Ellipsis");

  /** A {@code bytes} literal. */
  public record Bytes(byte[] value) {
    /** Copies the value. */
    public Bytes {
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes b && Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Bytes" + Arrays.toString(value);
    }
  }

  /**
   * A {@code str} holding surrogate code points written as escapes that UTF-16 would fuse into one
   * character ({@code '\ud834\udd1e'} is two code points in Python). {@link #value()} is the Java text;
   * {@link #codePoints()} are Python's code points. Every other {@code str} constant is a plain {@code String}.
   */
  public record SurrogateStr(String value, int[] codePoints) {
    /** Copies the code points. */
    public SurrogateStr {
      codePoints = codePoints.clone();
    }

    @Override
    public int[] codePoints() {
      return codePoints.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SurrogateStr s && Arrays.equals(codePoints, s.codePoints);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(codePoints);
    }

    @Override
    public String toString() {
      return value;
    }
  }

  /** An imaginary literal such as {@code 2j} (real part is always 0 in source literals). */
  public record Imaginary(double imag) {}

  private record Singleton(String name) {
    @Override
    public String toString() {
      return name;
    }
  }
}

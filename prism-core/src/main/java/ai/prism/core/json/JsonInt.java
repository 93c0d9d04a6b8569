package ai.prism.core.json;

import java.math.BigInteger;
import java.util.Objects;

/** A JSON number without fraction or exponent: a Python {@code int}, of any size. */
public record JsonInt(BigInteger value) implements JsonValue {
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  /** Rejects a null value. */
  public JsonInt {
    Objects.requireNonNull(value, "value");
  }

  /** An int from a {@code long}. */
  public static JsonInt of(long value) {
    return new JsonInt(BigInteger.valueOf(value));
  }

  /** Whether the value fits a Java {@code long}. */
  public boolean fitsLong() {
    return value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0;
  }

  @Override
  public String pythonTypeName() {
    return "int";
  }
}

package ai.prism.scoring;

import ai.prism.core.json.JsonValue;
import ai.prism.core.json.Python;
import java.math.BigInteger;

/** Python's {@code max}/{@code min} argument rules and reference conversions that must not escape raw. */
final class Py {
  private Py() {}

  /** Python {@code max(a, b)}: {@code a} unless {@code b > a} (so {@code max(0.0, nan)} is 0.0). */
  static double max(double a, double b) {
    return b > a ? b : a;
  }

  /** Python {@code min(a, b)}: {@code a} unless {@code b < a}. */
  static double min(double a, double b) {
    return b < a ? b : a;
  }

  /** Python {@code float(v)} of the value at {@code where}; a conversion error is a validation error. */
  static double toFloat(JsonValue v, String where) {
    try {
      return Python.toFloat(v);
    } catch (Python.ConversionException e) {
      throw new ScoreValidationException(where + ": " + e.getMessage());
    }
  }

  /** Python {@code float(n)} of an int at {@code where}. */
  static double toFloat(BigInteger n, String where) {
    try {
      return Python.toFloat(n);
    } catch (Python.ConversionException e) {
      throw new ScoreValidationException(where + ": " + e.getMessage());
    }
  }

  /** Python {@code int(v)} of the value at {@code where}. */
  static BigInteger toInt(JsonValue v, String where) {
    try {
      return Python.toInt(v);
    } catch (Python.ConversionException e) {
      throw new ScoreValidationException(where + ": " + e.getMessage());
    }
  }
}

package ai.prism.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PythonTest {

  @Test
  void reprMatchesCPythonOnGoldenDoubles() throws Exception {
    int checked = 0;
    List<String> mismatches = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        Objects.requireNonNull(getClass().getResourceAsStream("python_float_repr.txt")),
        StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split(" ");
        double x = Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16));
        if (!Python.repr(x).equals(parts[1])) {
          mismatches.add(parts[1] + " != " + Python.repr(x));
        }
        checked++;
      }
    }
    assertEquals(List.of(), mismatches);
    assertTrue(checked > 3000, "golden file read: " + checked);
  }

  @ParameterizedTest
  @CsvSource({
    "0.1, 0.1", "1e-05, 1e-05", "128.0, 128.0", "1e16, 1e+16", "1e15, 1000000000000000.0",
    "0.0001, 0.0001", "5e-324, 5e-324", "1.7976931348623157e308, 1.7976931348623157e+308",
    "-0.0, -0.0", "0.0, 0.0", "123456789012345680.0, 1.2345678901234568e+17",
    "0.3333333333333333, 0.3333333333333333", "-2.5, -2.5"
  })
  void reprExamples(double x, String expected) {
    assertEquals(expected, Python.repr(x));
  }

  @Test
  void reprOfNonFiniteIsPythonStyle() {
    assertEquals("nan", Python.repr(Double.NaN));
    assertEquals("inf", Python.repr(Double.POSITIVE_INFINITY));
    assertEquals("-inf", Python.repr(Double.NEGATIVE_INFINITY));
  }

  @Test
  void roundIsHalfToEvenAndIntTruncates() {
    assertEquals(0, Python.roundHalfEven(0.5));
    assertEquals(2, Python.roundHalfEven(1.5));
    assertEquals(2, Python.roundHalfEven(2.5));
    assertEquals(-2, Python.roundHalfEven(-2.5));
    assertEquals(0, Python.roundHalfEven(-0.5));
    assertEquals(3, Python.roundHalfEven(2.5000000000000004));
    assertEquals(2, Python.truncate(2.9));
    assertEquals(-2, Python.truncate(-2.9));
    assertEquals(new BigInteger("1000000000000000019884624838656"), Python.truncateExact(1e30));
    assertEquals("ValueError", assertThrows(Python.ConversionException.class,
        () -> Python.truncate(Double.NaN)).pythonError());
    assertEquals("OverflowError", assertThrows(Python.ConversionException.class,
        () -> Python.roundHalfEven(Double.POSITIVE_INFINITY)).pythonError());
    assertThrows(Python.ConversionException.class, () -> Python.truncate(1e19));
  }

  /** Expected values produced by CPython 3.11.7 {@code float(s)}. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "'  1_234.5  '|1234.5", "1e5|100000.0", "1.|1.0", "'  .5'|0.5", "-inf|-Infinity",
    "+Infinity|Infinity", "nAn|NaN", "\u0661\u0662.5|12.5", "'\u00a012\u3000'|12.0",
    "1e400|Infinity", "-0|-0.0", "\u0661_\u0662|12.0", "1_2e1_0|1.2E11"
  })
  void floatOfStringAcceptsWhatPythonAccepts(String s, double expected) {
    assertEquals(expected, Python.toFloat(new JsonString(s)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "1__0", "_1", "1_", "1._5", "'12\u001c'", "abc", "''", "1e", "0x10", "\u00b2", "'1.5\u007f'"
  })
  void floatOfStringRejectsWhatPythonRejects(String s) {
    Python.ConversionException e =
        assertThrows(Python.ConversionException.class, () -> Python.toFloat(new JsonString(s)));
    assertEquals("ValueError", e.pythonError());
    assertTrue(e.getMessage().startsWith("could not convert string to float: '"), e.getMessage());
  }

  @Test
  void floatOfOtherJsonValues() {
    assertEquals(1.0, Python.toFloat(JsonBool.TRUE));
    assertEquals(0.0, Python.toFloat(JsonBool.FALSE));
    assertEquals(3.0, Python.toFloat(JsonInt.of(3)));
    assertEquals(1e30, Python.toFloat(new JsonInt(BigInteger.TEN.pow(30))));
    Python.ConversionException overflow = assertThrows(Python.ConversionException.class,
        () -> Python.toFloat(new JsonInt(BigInteger.TEN.pow(400))));
    assertEquals("OverflowError", overflow.pythonError());
    assertEquals("int too large to convert to float", overflow.getMessage());
    Python.ConversionException none =
        assertThrows(Python.ConversionException.class, () -> Python.toFloat(JsonNull.INSTANCE));
    assertEquals("TypeError", none.pythonError());
    assertEquals("float() argument must be a string or a real number, not 'NoneType'",
        none.getMessage());
    assertThrows(Python.ConversionException.class, () -> Python.toFloat(JsonArray.EMPTY));
  }

  /** Expected values produced by CPython 3.11.7 {@code int(s)}. */
  @Test
  void intOfJsonValues() {
    assertEquals(BigInteger.valueOf(12), Python.toInt(new JsonString("12")));
    assertEquals(BigInteger.valueOf(-7), Python.toInt(new JsonString(" -7 ")));
    assertEquals(BigInteger.valueOf(1000), Python.toInt(new JsonString("1_000")));
    assertEquals(BigInteger.valueOf(5), Python.toInt(new JsonString("+5")));
    assertEquals(BigInteger.valueOf(3), Python.toInt(new JsonString("\u0663")));
    assertEquals(BigInteger.valueOf(12), Python.toInt(new JsonString("0012")));
    assertEquals(BigInteger.ONE, Python.toInt(JsonBool.TRUE));
    assertEquals(BigInteger.valueOf(-3), Python.toInt(new JsonFloat(-3.99)));
    for (String bad : List.of("12.0", "", "1__0", "4".repeat(4301))) {
      assertEquals("ValueError", assertThrows(Python.ConversionException.class,
          () -> Python.toInt(new JsonString(bad))).pythonError(), bad);
    }
    assertEquals("ValueError", assertThrows(Python.ConversionException.class,
        () -> Python.toInt(new JsonFloat(Double.NaN))).pythonError());
    assertEquals("OverflowError", assertThrows(Python.ConversionException.class,
        () -> Python.toInt(new JsonFloat(Double.NEGATIVE_INFINITY))).pythonError());
    assertEquals("TypeError", assertThrows(Python.ConversionException.class,
        () -> Python.toInt(JsonNull.INSTANCE)).pythonError());
  }

  @Test
  void truthinessAndNumberness() {
    assertTrue(Python.truthy(new JsonString("false")));
    assertTrue(Python.truthy(new JsonFloat(Double.NaN)));
    assertFalse(Python.truthy(new JsonFloat(-0.0)));
    assertFalse(Python.truthy(JsonInt.of(0)));
    assertFalse(Python.truthy(new JsonString("")));
    assertFalse(Python.truthy(JsonArray.EMPTY));
    assertFalse(Python.truthy(JsonObject.EMPTY));
    assertFalse(Python.truthy(JsonNull.INSTANCE));
    assertFalse(Python.truthy(null));
    assertTrue(Python.truthy(new JsonArray(List.of(JsonNull.INSTANCE))));
    assertFalse(Python.isNumber(JsonBool.TRUE));
    assertTrue(Python.isNumber(JsonInt.of(1)));
    assertTrue(Python.isNumber(new JsonFloat(Double.NaN)));
    assertFalse(Python.isNumber(new JsonString("1")));
  }

  /** Order produced by CPython 3.11.7 {@code sorted(...)}. */
  @Test
  void stringsSortByCodePoint() {
    List<String> values = new ArrayList<>(
        List.of("\uD83D\uDE00", "b", "\uffff", "ab", "", "\ud800", "a", "\ud800x", "\uD83D\uDE01"));
    values.sort(Python.CODE_POINT_ORDER);
    assertEquals(
        List.of("", "a", "ab", "b", "\ud800", "\ud800x", "\uffff", "\uD83D\uDE00", "\uD83D\uDE01"),
        values);
    assertTrue(Python.compare("\uD83D\uDE00", "\uffff") > 0, "astral sorts after U+FFFF");
    assertTrue("\uD83D\uDE00".compareTo("\uffff") < 0, "unlike String.compareTo");
    assertTrue(Python.compare("2024-01-01T00:00:00Z", "2024-01-01T00:00:00+00:00") > 0);
  }

  @Test
  void isSpaceIsCPythonsStrIsspaceOverAllCodePoints() {
    // python3 -c "print([c for c in range(0x110000) if chr(c).isspace()])" (CPython 3.11.7)
    List<Integer> expected = List.of(0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85,
        0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008,
        0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000);
    List<Integer> actual = new ArrayList<>();
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      if (Python.isSpace(cp)) {
        actual.add(cp);
      }
    }
    assertEquals(expected, actual);
  }

  @Test
  void reprOfStrIsPythons() {
    // python3 -c "print(repr(\"it's\"), repr('say \"hi\" it\\'s'), repr('tab\\t\\x7f\\x85\\u00e9\\u2028\\U0001f600\\ud800\\U000e0001'))"
    assertEquals("\"it's\"", Python.repr("it's"));
    assertEquals("'say \"hi\" it\\'s'", Python.repr("say \"hi\" it's"));
    assertEquals("'tab\\t\\x7f\\x85\u00e9\\u2028\ud83d\ude00\\ud800\\U000e0001'",
        Python.repr("tab\t\u007f\u0085\u00e9\u2028\ud83d\ude00\ud800\udb40\udc01"));
  }
}

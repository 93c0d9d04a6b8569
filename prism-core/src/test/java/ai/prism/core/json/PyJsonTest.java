package ai.prism.core.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.PrismException;
import ai.prism.core.json.JsonReadException.Kind;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PyJsonTest {

  @Test
  void keepsPythonsIntFloatDistinctionAndNonFiniteTokens() {
    JsonArray a = (JsonArray) PyJson.parse(
        "[1, 1.0, -0, -0.0, 1e400, NaN, Infinity, -Infinity, 123456789012345678901234567890]");
    assertEquals(JsonInt.of(1), a.get(0));
    assertEquals(new JsonFloat(1.0), a.get(1));
    assertEquals(JsonInt.of(0), a.get(2));
    assertEquals(new JsonFloat(-0.0), a.get(3));
    assertEquals(new JsonFloat(Double.POSITIVE_INFINITY), a.get(4));
    assertEquals(new JsonFloat(Double.NaN), a.get(5));
    assertEquals(new JsonFloat(Double.NEGATIVE_INFINITY), a.get(7));
    assertEquals(new JsonInt(new BigInteger("123456789012345678901234567890")), a.get(8));
    assertEquals("[1,1.0,0,-0.0,Infinity,NaN,Infinity,-Infinity,123456789012345678901234567890]",
        PyJson.dumps(a, PyJson.Style.COMPACT));
  }

  @Test
  void repeatedKeyKeepsLastValueAtFirstPosition() {
    JsonObject o = (JsonObject) PyJson.parse("{\"a\": 1, \"b\": 2, \"a\": 3}");
    assertEquals(List.of("a", "b"), List.copyOf(o.members().keySet()));
    assertEquals(JsonInt.of(3), o.get("a"));
  }

  @Test
  void lonelySurrogateEscapesSurviveARoundTrip() {
    JsonValue v = PyJson.parse("\"\\ud800 \\ud83d\\ude00 \u00e9\"");
    assertEquals(new JsonString("\ud800 \uD83D\uDE00 \u00e9"), v);
    assertEquals("\"\\ud800 \\ud83d\\ude00 \\u00e9\"", PyJson.dumps(v, PyJson.Style.INDENTED));
  }

  /** Texts CPython's json.loads rejects. */
  @ParameterizedTest
  @ValueSource(strings = {
    "", "   ", "+Infinity", "-NaN", "INF", "-INF", "nan", "01", "1.", ".5", "[1,]", "{\"a\":1,}",
    "{'a': 1}", "[1] [2]", "1 2", "{\"a\" 1}", "\"\\x41\"", "\"a\u0001b\"", "tru", "[", "// c\n1",
    "{a: 1}", "1 x"
  })
  void rejectsWhatPythonRejects(String text) {
    JsonReadException e = assertThrows(JsonReadException.class, () -> PyJson.parse(text));
    assertEquals(Kind.SYNTAX, e.kind(), e.getMessage());
    assertTrue(e.line() >= 1, "line given: " + e.getMessage());
  }

  @Test
  void syntaxErrorSaysWhere() {
    JsonReadException e =
        assertThrows(JsonReadException.class, () -> PyJson.parse("{\n  \"a\": 1,\n  \"b\": ]\n}"));
    assertEquals(3, e.line());
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
  }

  @Test
  void encodingErrorsAreTyped() {
    JsonReadException bom = assertThrows(JsonReadException.class,
        () -> PyJson.parse(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '1'}));
    assertEquals(Kind.ENCODING, bom.kind());
    JsonReadException bad = assertThrows(JsonReadException.class,
        () -> PyJson.parse(new byte[] {'"', 'a', (byte) 0xC3, '"'}));
    assertEquals(Kind.ENCODING, bad.kind());
    assertTrue(bad.getMessage().contains("position 2"), bad.getMessage());
    JsonReadException surrogate = assertThrows(JsonReadException.class,
        () -> PyJson.parse(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}));
    assertEquals(Kind.ENCODING, surrogate.kind());
  }

  @Test
  void limitsAreTyped() {
    String deep = "[".repeat(1001) + "]".repeat(1001);
    assertEquals(Kind.LIMIT, assertThrows(JsonReadException.class, () -> PyJson.parse(deep)).kind());
    String ok = "[".repeat(900) + "]".repeat(900);
    assertTrue(PyJson.parse(ok) instanceof JsonArray);
    String hugeInt = "9".repeat(4301);
    assertEquals(Kind.LIMIT, assertThrows(JsonReadException.class, () -> PyJson.parse(hugeInt)).kind());
    assertEquals(new JsonInt(new BigInteger("9".repeat(4300))), PyJson.parse("9".repeat(4300)));
  }

  @Test
  void indentedStyleIsPythonJsonDumpsIndent2SortKeys() {
    Map<String, JsonValue> m = new LinkedHashMap<>();
    m.put("z", new JsonArray(List.of(JsonInt.of(1), new JsonFloat(1e-5), JsonNull.INSTANCE)));
    m.put("a", JsonObject.EMPTY);
    m.put("m", JsonArray.EMPTY);
    m.put("\u00e9", new JsonString("tab\there \"q\" \\ \u007f \u2603"));
    m.put("B", JsonBool.TRUE);
    // python3 -c 'import json; print(json.dumps({"z":[1,1e-5,None],"a":{},"m":[],
    //   "\u00e9":"tab\there \"q\" \\ \x7f \u2603","B":True}, indent=2, sort_keys=True))'
    String expected = "{\n  \"B\": true,\n  \"a\": {},\n  \"m\": [],\n  \"z\": [\n    1,\n"
        + "    1e-05,\n    null\n  ],\n  \"\\u00e9\": \"tab\\there \\\"q\\\" \\\\ \\u007f \\u2603\"\n}";
    assertEquals(expected, PyJson.dumps(new JsonObject(m), PyJson.Style.INDENTED));
  }

  @Test
  void compactUnicodeStyleKeepsNonAsciiAndEscapesControls() {
    Map<String, JsonValue> m = new LinkedHashMap<>();
    m.put("z", new JsonArray(List.of(JsonInt.of(1), new JsonFloat(1e-5), JsonNull.INSTANCE)));
    m.put("a", JsonObject.EMPTY);
    m.put("\u00e9", new JsonString("tab\there \"q\" \\ \u007f \u2603 \u0001 \ud800"));
    m.put("B", JsonBool.TRUE);
    // python3 -c 'import json; print(json.dumps({"z":[1,1e-5,None],"a":{},
    //   "\u00e9":"tab\there \"q\" \\ \x7f \u2603 \x01 \ud800","B":True},
    //   sort_keys=True, separators=(",", ":"), ensure_ascii=False))'
    String expected = "{\"B\":true,\"a\":{},\"z\":[1,1e-05,null],"
        + "\"\u00e9\":\"tab\\there \\\"q\\\" \\\\ \u007f \u2603 \\u0001 \ud800\"}";
    assertEquals(expected, PyJson.dumps(new JsonObject(m), PyJson.Style.COMPACT_UNICODE));
  }

  @Test
  void strictLineKeepsOrderAndQuotesNonFiniteNumbers() {
    Map<String, JsonValue> m = new LinkedHashMap<>();
    m.put("z", new JsonFloat(Double.NaN));
    m.put("a", new JsonArray(List.of(new JsonFloat(Double.NEGATIVE_INFINITY), new JsonFloat(0.5))));
    assertEquals("{\"z\":\"NaN\",\"a\":[\"-Infinity\",0.5]}",
        PyJson.dumps(new JsonObject(m), PyJson.Style.STRICT_LINE));
  }

  @Test
  void fileReadErrorsAreTypedAndWritesAreAtomic(@TempDir Path dir) throws Exception {
    assertEquals(Kind.NOT_FOUND,
        assertThrows(JsonReadException.class, () -> PyJson.read(dir.resolve("absent.json"))).kind());
    Path target = dir.resolve("sub/out.json");
    JsonObject value = JsonObject.EMPTY.with("k", JsonInt.of(1));
    PyJson.write(target, value, PyJson.Style.INDENTED);
    assertArrayEquals("{\n  \"k\": 1\n}".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(target));
    assertEquals(value, PyJson.read(target));
    try (var files = Files.list(target.getParent())) {
      assertEquals(List.of(target), files.toList(), "no temporary file left behind");
    }
    Path directory = dir.resolve("is-a-dir");
    Files.createDirectories(directory.resolve("child"));
    assertThrows(PrismException.class, () -> PyJson.write(directory, value, PyJson.Style.INDENTED));
    assertFalse(Files.exists(dir.resolve("is-a-dir.tmp")));
  }
}

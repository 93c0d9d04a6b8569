package ai.prism.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Python-compatible float repr, string repr and json.dumps layouts. */
class PythonJsonTest {

  @Test
  void floatReprMatchesCPython() throws IOException {
    // float-repr.txt: IEEE bits and repr() printed by CPython 3.11 for edge values and random doubles.
    try (InputStream in = getClass().getResourceAsStream("/float-repr.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] f = line.split(" ");
        double d = Double.longBitsToDouble(Long.parseLong(f[0]));
        assertEquals(f[1], PythonJson.floatRepr(d), line);
      }
    }
    assertEquals("nan", PythonJson.floatRepr(Double.NaN));
    assertEquals("-inf", PythonJson.floatRepr(Double.NEGATIVE_INFINITY));
  }

  @Test
  void dumpsLayoutsAndRepr() throws IOException {
    ObjectMapper m = new ObjectMapper();
    var node = m.readTree("{\"b\":[1,2.5,{}],\"a\":\"caf\\u00e9 \\ud83d\\ude00\\u007f\",\"\\uff01\":[],\"\\ud83d\\ude00\":null}");
    assertEquals("{\"a\":\"caf\u00e9 \uD83D\uDE00\u007f\",\"b\":[1,2.5,{}],\"\uff01\":[],\"\uD83D\uDE00\":null}",
        PythonJson.compact(node, false));
    assertEquals("{\n  \"a\": \"caf\\u00e9 \\ud83d\\ude00\\u007f\",\n  \"b\": [\n    1,\n    2.5,\n    {}\n  ],\n"
        + "  \"\\uff01\": [],\n  \"\\ud83d\\ude00\": null\n}", PythonJson.indented(node));
    assertEquals("{'b': [1, 2.5, {}], 'a': 'caf\u00e9 \uD83D\uDE00\\x7f', '\uff01': [], '\uD83D\uDE00': None}",
        PythonJson.repr(node));
    assertEquals("\"it's\"", PythonJson.reprString("it's"));
    assertEquals("'say \"hi\" it\\'s'", PythonJson.reprString("say \"hi\" it's"));
  }
}

package ai.prism.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Python-compatible repr and json.dumps layouts of Jackson trees (str and float repr: PythonTest). */
class PythonJsonTest {

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
  }
}

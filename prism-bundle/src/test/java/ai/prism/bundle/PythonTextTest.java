package ai.prism.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PythonText#parseInt} is CPython 3.11's {@code int(str)}; {@link PythonText#decodeUtf8} is
 * {@code bytes.decode("utf-8", errors="replace")}.
 */
class PythonTextTest {

  @Test
  void parseIntAcceptsWhatCPythonAccepts() {
    // python3 -c "print(int(' 1_000 '), int('\u30007'), int('\u0663'), int('-0'))"
    assertEquals(BigInteger.valueOf(1000), PythonText.parseInt(" 1_000 "));
    assertEquals(BigInteger.valueOf(7), PythonText.parseInt("\u30007"));
    assertEquals(BigInteger.valueOf(3), PythonText.parseInt("\u0663"));
    assertEquals(BigInteger.ZERO, PythonText.parseInt("-0"));
    assertEquals(new BigInteger("9".repeat(4300)), PythonText.parseInt("9".repeat(4300)));
  }

  @Test
  void parseIntRejectsWhatCPythonRejects() {
    // Each raises ValueError in CPython: \x1c-\x1f are str.isspace() but not stripped around a numeral.
    for (String bad : List.of("\u001c1", "1\u001f", "1__0", "_1", "1_", "", "1.0", "9".repeat(4301))) {
      assertNull(PythonText.parseInt(bad), bad.length() > 10 ? bad.length() + " digits" : bad);
    }
  }

  @Test
  void decodeUtf8ReplacesEachMaximalIllFormedSubpartAsCPythonDoes() {
    // python3 -c "print(bytes.fromhex(H).decode('utf-8', 'replace'))" for each H.
    String[][] cases = {
      {"616263", "abc"}, {"c3a9", "\u00e9"}, {"e282ac", "\u20ac"}, {"f09f9880", "\ud83d\ude00"},
      {"eda080", "\ufffd\ufffd\ufffd"}, {"e282", "\ufffd"}, {"f09f98", "\ufffd"},
      {"f4908080", "\ufffd\ufffd\ufffd\ufffd"}, {"c0af", "\ufffd\ufffd"}, {"fffe41", "\ufffd\ufffdA"},
      {"e080af", "\ufffd\ufffd\ufffd"}, {"f08fbfbf", "\ufffd\ufffd\ufffd\ufffd"}, {"61c3", "a\ufffd"},
      {"e24182", "\ufffdA\ufffd"},
    };
    for (String[] c : cases) {
      byte[] bytes = HexFormat.of().parseHex(c[0]);
      assertEquals(c[1], PythonText.decodeUtf8(bytes, 0, bytes.length), c[0]);
    }
  }
}

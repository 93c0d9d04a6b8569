package ai.prism.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PythonText#parseInt} is CPython 3.11's {@code int(str)}. */
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
}

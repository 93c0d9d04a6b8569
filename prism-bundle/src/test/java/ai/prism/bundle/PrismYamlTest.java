package ai.prism.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** prism.yaml loading with PyYAML's {@code safe_load} semantics; expected values printed by PyYAML 6 under CPython 3.11. */
@org.junit.jupiter.api.extension.ExtendWith(NoStrayFiles.class)
class PrismYamlTest {
  private static String strOfA(String doc) {
    return PyValues.str(((Map<?, ?>) PrismYaml.load(doc)).get("a"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "a: yes | True",
      "a: On | True",
      "a: 0o17 | 0o17",
      "a: 017 | 15",
      "a: 0x1F | 31",
      "a: 0b101 | 5",
      "a: 1:30 | 90",
      "a: 1e3 | 1e3",
      "a: 1.5e+3 | 1500.0",
      "a: 1. | 1.0",
      "a: .5 | 0.5",
      "a: .inf | inf",
      "a: -.INF | -inf",
      "a: .NaN | nan",
      "a: ~ | None",
      "a: null | None",
      "`a:` | None",
      "a: 2024-01-05 | 2024-01-05",
      "a: 2001-12-14t21:59:43.10-05:00 | 2001-12-14 21:59:43.100000-05:00",
      "a: 2001-12-14 21:59:43.10 | 2001-12-14 21:59:43.100000",
      "a: 2001-12-14T21:59:43Z | 2001-12-14 21:59:43+00:00",
      "a: [x, 1, 2.5, null, true, 'q'] | ['x', 1, 2.5, None, True, 'q']",
      "a: {k: v, 1: [2]} | {'k': 'v', 1: [2]}",
      "a: 1_000 | 1000",
      "a: 123456789012345678901234567890 | 123456789012345678901234567890",
      "a: 1e400 | 1e400",
      "a: 3.0e-5 | 3e-05",
      "a: 100000000000000000.0 | 1e+17",
      "a: !!binary aGVsbG8= | b'hello'",
      "a: \"it's\" | it's",
      "a: ['it''s', \"q\\\"\"] | [\"it's\", 'q\"']",
      "a: !!set {x} | {'x'}",
      "a: 12e | 12e",
      "a: +12 | 12",
      "a: -0 | 0",
      "a: 0.1 | 0.1",
  })
  void scalarsResolveAndPrintAsInPython(String doc, String expected) {
    assertEquals(expected, strOfA(doc));
  }

  @Test
  void documentsThatAreNotMappings() {
    assertNull(PrismYaml.load(""));
    assertNull(PrismYaml.load("# only a comment\n"));
    assertEquals(List.of("a"), PrismYaml.load("- a"));
    assertEquals(false, PrismYaml.load("false"));
    assertEquals(java.math.BigInteger.ZERO, new java.math.BigInteger(PrismYaml.load("0").toString()));
  }

  @Test
  void sharedAnchorsWithinTheLimitLoad() {
    Map<?, ?> m = (Map<?, ?>) PrismYaml.load("a: &x [1]\nb: *x\n");
    assertEquals(m.get("a"), m.get("b"));
  }

  @Test
  void constructsPyYamlRefusesAreContractErrors() {
    for (String doc : List.of("a: =", "? [a]\n: 1", "---\na: 1\n---\nb: 2", "a: !!python/object:os.system x", "a: 2024-02-30",
        "a: [\n", "a:\n\tb: 1")) {
      ContractException e = assertThrows(ContractException.class, () -> PrismYaml.load(doc), doc);
      assertEquals(Stage.CONTRACT, e.stage());
      assertTrue(e.getMessage().startsWith("invalid prism.yaml: "), e.getMessage());
    }
  }

  @Test
  void aliasBombIsRefused() {
    StringBuilder doc = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'i'; c++) {
      char prev = (char) (c - 1);
      doc.append(c).append(": &").append(c).append(" [").append(("*" + prev + ",").repeat(9)).append("*").append(prev).append("]\n");
    }
    // PyYAML 6.0.3 safe_load builds this in 2 ms (aliases are shared objects); str() of any of its lists
    // (what the reference does to kind, architecture_id, entrypoint) would expand 10^8 lists
    ContractException e = assertThrows(ContractException.class, () -> PrismYaml.load(doc.toString()));
    assertEquals("invalid prism.yaml: aliases expand the document to more than 5000000 nodes (alias bomb)", e.getMessage());
  }

  @Test
  void moderateAliasUseIsAcceptedAsPyYamlDoes() {
    StringBuilder doc = new StringBuilder("defaults: &d {lr: 0.001, steps: 10}\nruns:\n");
    for (int i = 0; i < 100; i++) {
      doc.append("  - *d\n");
    }
    doc.append("shared: &s [1, 2, 3]\nalso: [*s, *s, *s]\n");
    Map<?, ?> loaded = (Map<?, ?>) PrismYaml.load(doc.toString());
    List<?> runs = (List<?>) loaded.get("runs");
    assertEquals(100, runs.size());
    assertTrue(runs.get(0) == runs.get(99), "aliases are shared references, as in PyYAML");
    assertEquals("{lr=0.001, steps=10}", runs.get(42).toString());
  }

  @Test
  void deepNestingIsRefused() {
    String doc = "a: " + "[".repeat(60) + "]".repeat(60);
    ContractException e = assertThrows(ContractException.class, () -> PrismYaml.load(doc));
    assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("nesting"), e.getMessage());
  }

  @Test
  void selfReferencingListsPrintLikePython() {
    Object v = ((Map<?, ?>) PrismYaml.load("a: &a [1, *a]\n")).get("a");
    assertEquals("[1, [...]]", PyValues.str(v));
  }
}

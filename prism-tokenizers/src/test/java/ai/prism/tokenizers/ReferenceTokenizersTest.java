package ai.prism.tokenizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.tokenizer.ByteTokenizer;
import ai.prism.core.tokenizer.Tokenizer;
import ai.prism.core.tokenizer.TokenizerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec §3.8 offline cases: gpt2 loads with no files and round-trips; llama loads from
 * {@code R/llama/tokenizer.json}; the directory falls back to the environment; unknown names, a
 * missing model and an unconfigured directory are errors with the reference's texts. Staging
 * (download) cases need the network and do not apply: nothing is ever downloaded here.
 */
class ReferenceTokenizersTest {

  /** A small WordLevel tokenizer.json written by the test (no network, no model files). */
  static final String TOKENIZER_JSON = """
      {"version":"1.0","truncation":null,"padding":null,
       "added_tokens":[{"id":0,"content":"[UNK]","single_word":false,"lstrip":false,"rstrip":false,
                        "normalized":false,"special":true}],
       "normalizer":{"type":"Lowercase"},"pre_tokenizer":{"type":"Whitespace"},"post_processor":null,"decoder":null,
       "model":{"type":"WordLevel","vocab":{"[UNK]":0,"hello":1,"world":2,"prism":3,"!":4},"unk_token":"[UNK]"}}
      """;

  @TempDir Path tmp;

  @Test
  void gpt2LoadsOfflineAndRoundTrips() {
    Tokenizer t = ReferenceTokenizers.load("GPT2", null, Map.of());
    assertEquals(50257, t.vocabSize());
    Gpt2Tokenizer g = assertInstanceOf(Gpt2Tokenizer.class, t);
    assertEquals("prism", g.decode(g.encode("prism")));
  }

  @Test
  void llamaLoadsFromTokenizerJsonAndEnvFallback() throws IOException {
    Files.createDirectories(tmp.resolve("llama"));
    Files.writeString(tmp.resolve("llama/tokenizer.json"), TOKENIZER_JSON);
    try (HuggingFaceJsonTokenizer t = (HuggingFaceJsonTokenizer) ReferenceTokenizers.load("llama", tmp, Map.of())) {
      assertArrayEquals(new int[] {1, 2, 4}, t.encode("Hello world!"));
      assertArrayEquals(new int[] {3, 0}, t.encode("prism light"));
      assertEquals(5, t.vocabSize());
      assertEquals("llama", t.name());
    }
    try (HuggingFaceJsonTokenizer t = (HuggingFaceJsonTokenizer) ReferenceTokenizers.load(
        "llama", null, Map.of(ReferenceTokenizers.ENV, tmp.toString()))) {
      assertArrayEquals(new int[] {3}, t.encode("prism"));
    }
  }

  @Test
  void errorsUseTheReferenceTexts() throws IOException {
    assertEquals("unknown reference tokenizer 'bert'; expected one of ('gpt2', 'llama')",
        assertThrows(IllegalArgumentException.class, () -> ReferenceTokenizers.load("bert", tmp, Map.of())).getMessage());
    assertEquals("llama reference tokenizer dir is not configured (set ctx.reference_tokenizer_dir or "
        + "PRISM_REFERENCE_TOKENIZER_DIR)",
        assertThrows(TokenizerException.class, () -> ReferenceTokenizers.load("llama", null, Map.of())).getMessage());
    assertEquals("llama reference tokenizer missing at " + tmp.resolve("llama/tokenizer.model"),
        assertThrows(TokenizerException.class, () -> ReferenceTokenizers.load("llama", tmp, Map.of())).getMessage());
    Files.createDirectories(tmp.resolve("llama"));
    Files.write(tmp.resolve("llama/tokenizer.model"), new byte[] {1, 2, 3});
    String lone = assertThrows(TokenizerException.class, () -> ReferenceTokenizers.load("llama", tmp, Map.of())).getMessage();
    assertTrue(lone.startsWith("failed to load llama reference tokenizer offline: "), lone);
    assertTrue(lone.contains("no SentencePiece loader"), lone);
    Files.writeString(tmp.resolve("llama/tokenizer.json"), "{not json");
    assertTrue(assertThrows(TokenizerException.class, () -> ReferenceTokenizers.load("llama", tmp, Map.of()))
        .getMessage().startsWith("failed to load llama reference tokenizer offline: "));
  }

  @Test
  void byNameCoversCliNames() throws IOException {
    assertEquals(ByteTokenizer.INSTANCE, ReferenceTokenizers.byName("bytes", null));
    assertEquals("gpt2", ReferenceTokenizers.byName("gpt2", null).name());
    assertEquals("gpt2-ordinary", ReferenceTokenizers.byName("gpt2-ordinary", null).name());
    Path json = Files.writeString(tmp.resolve("my-tokenizer.json"), TOKENIZER_JSON);
    try (HuggingFaceJsonTokenizer t = (HuggingFaceJsonTokenizer) ReferenceTokenizers.byName(json.toString(), null)) {
      assertArrayEquals(new int[] {1}, t.encode("hello"));
    }
    assertThrows(IllegalArgumentException.class, () -> ReferenceTokenizers.byName("nope", null));
  }
}

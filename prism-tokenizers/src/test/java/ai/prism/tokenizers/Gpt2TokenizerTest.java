package ai.prism.tokenizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.tokenizer.TokenizerException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** GPT-2 ids (tiktoken {@code gpt2}) and the equivalence of the cached fast path with jtokkit. */
class Gpt2TokenizerTest {

  private final Gpt2Tokenizer gpt2 = Gpt2Tokenizer.create();

  @Test
  void knownVectors() {
    // Ids as printed by tiktoken.get_encoding("gpt2").encode(...)
    assertArrayEquals(new int[] {31373, 995}, gpt2.encode("hello world"));
    assertArrayEquals(new int[] {15496, 995}, gpt2.encode("Hello world"));
    assertArrayEquals(new int[] {464}, gpt2.encode("The"));
    assertArrayEquals(new int[] {262}, gpt2.encode(" the"));
    assertArrayEquals(new int[] {220}, gpt2.encode(" "));
    assertArrayEquals(new int[] {198}, gpt2.encode("\n"));
    assertArrayEquals(new int[] {0}, gpt2.encode("!"));
    assertArrayEquals(new int[0], gpt2.encode(""));
    assertEquals(50257, gpt2.vocabSize());
    assertEquals("gpt2", gpt2.name());
    assertEquals("hello world caf\u00e9 \uD83D\uDE00", gpt2.decode(gpt2.encode("hello world caf\u00e9 \uD83D\uDE00")));
  }

  @Test
  void specialTokenTextIsRefusedByDefaultLikeTiktoken() {
    TokenizerException e = assertThrows(TokenizerException.class, () -> gpt2.encode("a<|endoftext|>b"));
    assertTrue(e.getMessage().contains("<|endoftext|> at char 1"), e.getMessage());
    Gpt2Tokenizer ordinary = Gpt2Tokenizer.create(Gpt2Tokenizer.SpecialText.ORDINARY);
    // encode_ordinary: the special text is split like any other text: "<", "|", "end", "of", "text", "|", ">"
    assertArrayEquals(new int[] {27, 91, 437, 1659, 5239, 91, 29}, ordinary.encode("<|endoftext|>"));
    assertEquals("gpt2-ordinary", ordinary.name());
  }

  @Test
  void fastPathEqualsJtokkitOnAdversarialText() {
    String[] atoms = {"a", "Z", "\u00e9", "\u00df", "\u65e5", "\u0416", "\uD83D\uDE00", "\uD835\uDC00", "1", "\u0663", "\u00b2",
        "\u2167", " ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2028", "\u3000", "\u0085", "\u200b", "'", "'s", "'t", "'ll",
        "'ve", "'re", "'m", "'d", "'S", "!", ".", ",", "--", "\"", "(", "\u2019", "\u00ad", "\u0301", "$", "\u20ac", "_"};
    Random r = new Random(42);
    for (int iter = 0; iter < 3000; iter++) {
      StringBuilder sb = new StringBuilder();
      int n = r.nextInt(40);
      for (int k = 0; k < n; k++) {
        sb.append(atoms[r.nextInt(atoms.length)]);
      }
      String s = sb.toString();
      assertArrayEquals(Gpt2Tokenizer.encodeWithJtokkit(s), gpt2.encode(s), () -> "text: " + escape(s));
    }
    String prose = "It's a truth universally acknowledged -- isn't it? -- that they'll say \"we've\" 12,345 times.\n\n"
        + "    Indented   text\twith tabs\r\nand CRLF; caf\u00e9s, na\u00efve \u65e5\u672c\u8a9e 2\u00b3 \uD83D\uDE00!!\n";
    assertArrayEquals(Gpt2Tokenizer.encodeWithJtokkit(prose), gpt2.encode(prose));
    assertArrayEquals(Gpt2Tokenizer.encodeWithJtokkit(prose.repeat(50)), gpt2.encode(prose.repeat(50)));
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints().forEach(cp -> sb.append(cp < 0x80 && cp >= 0x20 ? Character.toString(cp) : String.format("\\u{%x}", cp)));
    return sb.toString();
  }
}

package ai.prism.tokenizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * GPT-2 ids of non-ASCII text checked against an independent, deliberately plain GPT-2 BPE
 * ({@link ReferenceBpe}): the GPT-2 pre-tokenization regex, then rank-ordered pair merges over the
 * r50k ranks read from jtokkit's bundled vocabulary file. Only the rank table is shared with the
 * tokenizer under test; the splitting and merging are written here from the GPT-2 definition.
 * (tiktoken itself cannot be installed here; its ASCII vectors are in {@code Gpt2TokenizerTest}.)
 */
class Gpt2ReferenceBpeTest {

  private static final ReferenceBpe REFERENCE = new ReferenceBpe();
  private final Gpt2Tokenizer gpt2 = Gpt2Tokenizer.create();

  /** GPT-2 BPE as published: regex pieces, each piece's UTF-8 bytes merged by lowest pair rank. */
  static final class ReferenceBpe {
    /** The GPT-2 pattern; {@code \s} is Unicode White_Space, as in Python's {@code regex} module. */
    private static final Pattern PIECES = Pattern.compile(
        "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
        Pattern.UNICODE_CHARACTER_CLASS);

    /** Token bytes (one char per byte, ISO-8859-1) to rank. */
    private final Map<String, Integer> ranks = new HashMap<>();

    ReferenceBpe() {
      String resource = "com/knuddels/jtokkit/r50k_base.tiktoken";
      try (InputStream in = Objects.requireNonNull(Gpt2Tokenizer.class.getClassLoader().getResourceAsStream(resource), resource);
          BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
        String line;
        while ((line = lines.readLine()) != null) {
          String[] parts = line.split(" ");
          ranks.put(new String(Base64.getDecoder().decode(parts[0]), StandardCharsets.ISO_8859_1),
              Integer.parseInt(parts[1]));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    int size() {
      return ranks.size();
    }

    List<String> pieces(String text) {
      List<String> out = new ArrayList<>();
      Matcher m = PIECES.matcher(text);
      while (m.find()) {
        out.add(m.group());
      }
      return out;
    }

    int[] encode(String text) {
      List<Integer> ids = new ArrayList<>();
      for (String piece : pieces(text)) {
        List<String> parts = new ArrayList<>();
        for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
          parts.add(String.valueOf((char) (b & 0xFF)));
        }
        while (parts.size() > 1) {
          int best = -1;
          int bestRank = Integer.MAX_VALUE;
          for (int i = 0; i + 1 < parts.size(); i++) {
            Integer rank = ranks.get(parts.get(i) + parts.get(i + 1));
            if (rank != null && rank < bestRank) {
              bestRank = rank;
              best = i;
            }
          }
          if (best < 0) {
            break;
          }
          parts.set(best, parts.get(best) + parts.remove(best + 1));
        }
        for (String part : parts) {
          ids.add(ranks.get(part));
        }
      }
      return ids.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  @Test
  void theReferenceReproducesTiktokensAsciiVectors() {
    assertEquals(50256, REFERENCE.size());
    assertArrayEquals(new int[] {31373, 995}, REFERENCE.encode("hello world"));
    assertArrayEquals(new int[] {15496, 995}, REFERENCE.encode("Hello world"));
    assertArrayEquals(new int[] {262}, REFERENCE.encode(" the"));
    assertArrayEquals(new int[] {27, 91, 437, 1659, 5239, 91, 29}, REFERENCE.encode("<|endoftext|>"));
    assertEquals(List.of("It", "'s", " 12", ",", "345", "  ", " x", "\u00a0", "\u3000", "y"),
        REFERENCE.pieces("It's 12,345   x\u00a0\u3000y"));
  }

  @Test
  void nonAsciiIdsMatchTheReferenceBpe() {
    String[] texts = {
      "caf\u00e9", " caf\u00e9s na\u00efve r\u00e9sum\u00e9", "\u00c9cole \u00e9t\u00e9 \u00c0 bient\u00f4t",
      "\u65e5\u672c\u8a9e\u306e\u6587\u7ae0", " \u4e2d\u6587 \u6c49\u5b57", "\ud55c\uad6d\uc5b4 \ud14d\uc2a4\ud2b8",
      "\uD83D\uDE00", "ok \uD83D\uDE00\uD83D\uDE00!", "\uD83D\uDC4D\uD83C\uDFFD family \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
      "a\u00a0b", "\u00a0\u00a0x", "x\u00a0 y", "\u3000\u5168\u89d2\u3000space", "a\u2028b\u0085c",
      "   ", "a    b", "line\n\n\n  next", "tabs\t\t here \t", "trailing   ",
      "12345678", " 2\u00b3 \u00bd \u0663\u0664 \u2167", "3.14159 and 1,000,000",
      "don't won't I'm we've they'll she'd it's", "DON'T I'M WE'VE", "\u2019s curly\u2019t",
      "\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440", "\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac",
      "\u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd", "\u0928\u092e\u0938\u094d\u0924\u0947 \u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35",
      "mixed \u65e5\u672cEnglish\u0420\u0443\u0441 123\u4e8c\u4e09 \u00e9\u00e8!",
      "e\u0301 combining, \u00ad soft hyphen, \u200b zero width, \u20ac5 \u00a3",
    };
    for (String text : texts) {
      assertArrayEquals(REFERENCE.encode(text), gpt2.encode(text), () -> "text: " + text);
    }
  }

  @Test
  void randomNonAsciiMixturesMatchTheReferenceBpe() {
    String[] atoms = {"\u00e9", "\u00df", "\u65e5", "\u672c", "\u0416", "\uD83D\uDE00", "\uD83D\uDC4D", "\u00a0", "\u3000",
        " ", "  ", "\n", "\t", "1", "42", "\u0663", "'s", "'ll", "'t", "a", "Word", "\u2019", "!", ".", "\u20ac", "\u0301",
        "\ud55c", "\u05e9"};
    Random random = new Random(7);
    for (int iter = 0; iter < 500; iter++) {
      StringBuilder sb = new StringBuilder();
      int n = 1 + random.nextInt(24);
      for (int k = 0; k < n; k++) {
        sb.append(atoms[random.nextInt(atoms.length)]);
      }
      String text = sb.toString();
      assertArrayEquals(REFERENCE.encode(text), gpt2.encode(text), () -> "text: " + text);
    }
  }
}

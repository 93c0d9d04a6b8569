package ai.prism.tokenizers;

import ai.prism.core.tokenizer.Tokenizer;
import ai.prism.core.tokenizer.TokenizerException;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * GPT-2's byte-level BPE (tiktoken {@code gpt2} = {@code r50k_base}, via jtokkit's bundled
 * vocabulary): 50 257 ids, identical to tiktoken's. Text containing the special token
 * {@code <|endoftext|>} is refused by default, exactly like tiktoken's {@code encode(text)}
 * (the reference run then fails); {@link SpecialText#ORDINARY} encodes it as plain text instead,
 * like {@code encode_ordinary}.
 *
 * <p>Fast path: the text is split into pre-tokens by a hand-written scanner equivalent to the
 * GPT-2 pattern {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}
 * (jtokkit's, Unicode classes), and each pre-token's ids come from a bounded cache, computed by
 * jtokkit on a miss. Not thread-safe (the cache); use one instance per thread.
 */
public final class Gpt2Tokenizer implements Tokenizer {

  /** GPT-2's vocabulary size. */
  public static final int VOCAB_SIZE = 50257;
  /** The only special token of the encoding. */
  public static final String END_OF_TEXT = "<|endoftext|>";

  /** What to do with special-token text inside a document. */
  public enum SpecialText {
    /** Raise a {@link TokenizerException}, as tiktoken's {@code encode} does (the default). */
    REFUSE,
    /** Encode it as ordinary text, as tiktoken's {@code encode_ordinary} does. */
    ORDINARY
  }

  private static final Encoding R50K = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);

  /** Entries kept before the piece cache is cleared (bounded memory). */
  static final int CACHE_LIMIT = 1 << 17;
  /** Longer pre-tokens are encoded without caching. */
  static final int CACHE_MAX_PIECE = 48;

  private final SpecialText specialText;
  private final java.util.HashMap<String, int[]> cache = new java.util.HashMap<>(1 << 16);
  private int[] out = new int[1024];

  private Gpt2Tokenizer(SpecialText specialText) {
    this.specialText = specialText;
  }

  /** The tiktoken-compatible default: special-token text is refused. */
  public static Gpt2Tokenizer create() {
    return new Gpt2Tokenizer(SpecialText.REFUSE);
  }

  /** A tokenizer with the given special-text policy. */
  public static Gpt2Tokenizer create(SpecialText specialText) {
    return new Gpt2Tokenizer(specialText);
  }

  @Override
  public int[] encode(String text) {
    if (specialText == SpecialText.REFUSE) {
      int at = text.indexOf(END_OF_TEXT);
      if (at >= 0) {
        throw new TokenizerException("gpt2: text contains the special token " + END_OF_TEXT + " at char " + at
            + " (disallowed, as in tiktoken's encode; use SpecialText.ORDINARY to encode it as plain text)");
      }
    }
    int n = 0;
    int len = text.length();
    int i = 0;
    while (i < len) {
      int end = pieceEnd(text, i, len);
      int[] ids = piece(text, i, end);
      if (out.length < n + ids.length) {
        out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, n + ids.length));
      }
      System.arraycopy(ids, 0, out, n, ids.length);
      n += ids.length;
      i = end;
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /** The ids of jtokkit's ordinary encoding, bypassing the fast path (reference for tests). */
  static int[] encodeWithJtokkit(String text) {
    return R50K.encodeOrdinary(text).toArray();
  }

  private int[] piece(String text, int start, int end) {
    if (end - start > CACHE_MAX_PIECE) {
      return R50K.encodeOrdinary(text.substring(start, end)).toArray();
    }
    String key = text.substring(start, end);
    int[] ids = cache.get(key);
    if (ids == null) {
      ids = R50K.encodeOrdinary(key).toArray();
      if (cache.size() >= CACHE_LIMIT) {
        cache.clear();
      }
      cache.put(key, ids);
    }
    return ids;
  }

  /** End of the pre-token that starts at {@code i} (leftmost-first alternation of the pattern). */
  static int pieceEnd(String s, int i, int len) {
    int c = s.codePointAt(i);
    if (c == '\'' && i + 1 < len) {
      char d = s.charAt(i + 1);
      if (d == 's' || d == 'd' || d == 'm' || d == 't') {
        return i + 2;
      }
      if (i + 2 < len) {
        char e = s.charAt(i + 2);
        if ((d == 'l' && e == 'l') || (d == 'v' && e == 'e') || (d == 'r' && e == 'e')) {
          return i + 3;
        }
      }
    }
    int j = i;
    int cp = c;
    if (c == ' ' && i + 1 < len) {
      j = i + 1;
      cp = s.codePointAt(j);
    }
    // " ?\p{L}+", " ?\p{N}+", " ?[^\s\p{L}\p{N}]+" share the optional leading space.
    int kind = kind(cp);
    if (kind != WHITE) {
      int k = j + Character.charCount(cp);
      while (k < len) {
        int x = s.codePointAt(k);
        if (kind(x) != kind) {
          break;
        }
        k += Character.charCount(x);
      }
      return k;
    }
    // "\s+(?!\S)" then "\s+": a whitespace run keeps its last char for the next token when a
    // non-space follows, unless the run is a single char.
    int k = i;
    int last = i;
    while (k < len) {
      int x = s.codePointAt(k);
      if (kind(x) != WHITE) {
        break;
      }
      last = k;
      k += Character.charCount(x);
    }
    if (k == len || last == i) {
      return k;
    }
    return last;
  }

  private static final int LETTER = 0;
  private static final int NUMBER = 1;
  private static final int OTHER = 2;
  private static final int WHITE = 3;

  private static int kind(int cp) {
    if (cp < 0x80) {
      return ASCII_KIND[cp];
    }
    if (isWhiteSpace(cp)) {
      return WHITE;
    }
    switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER:
      case Character.LOWERCASE_LETTER:
      case Character.TITLECASE_LETTER:
      case Character.MODIFIER_LETTER:
      case Character.OTHER_LETTER:
        return LETTER;
      case Character.DECIMAL_DIGIT_NUMBER:
      case Character.LETTER_NUMBER:
      case Character.OTHER_NUMBER:
        return NUMBER;
      default:
        return OTHER;
    }
  }

  /** java.util.regex's White_Space predicate (\s under UNICODE_CHARACTER_CLASS). */
  private static boolean isWhiteSpace(int cp) {
    int type = Character.getType(cp);
    return type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR || (cp >= 0x9 && cp <= 0xd) || cp == 0x85;
  }

  private static final int[] ASCII_KIND = new int[128];

  static {
    for (int cp = 0; cp < 128; cp++) {
      ASCII_KIND[cp] = Character.isLetter(cp) ? LETTER : Character.isDigit(cp) ? NUMBER
          : isWhiteSpace(cp) ? WHITE : OTHER;
    }
  }

  /** Decodes ids back to text (lossy where ids split a UTF-8 sequence). */
  public String decode(int[] ids) {
    com.knuddels.jtokkit.api.IntArrayList list = new com.knuddels.jtokkit.api.IntArrayList(ids.length);
    for (int id : ids) {
      list.add(id);
    }
    return R50K.decode(list);
  }

  /** The special-text policy. */
  public SpecialText specialText() {
    return specialText;
  }

  @Override
  public int vocabSize() {
    return VOCAB_SIZE;
  }

  @Override
  public String name() {
    return specialText == SpecialText.REFUSE ? "gpt2" : "gpt2-ordinary";
  }

  @Override
  public String toString() {
    return "Gpt2Tokenizer[" + specialText + "]";
  }
}

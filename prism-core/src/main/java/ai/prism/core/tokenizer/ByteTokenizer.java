package ai.prism.core.tokenizer;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The byte-level tokenizer: the UTF-8 bytes of the text, ids 0..255, vocabulary 256, name
 * {@code bytes}. Equivalent to passing no tokenizer, except that the manifest basis becomes
 * {@code tokenizer} when an explicit tokenizer object is given (spec §4.11).
 */
public final class ByteTokenizer implements Tokenizer {

  /** The single instance (the tokenizer has no state). */
  public static final ByteTokenizer INSTANCE = new ByteTokenizer();

  private ByteTokenizer() {}

  @Override
  public int[] encode(String text) {
    java.nio.ByteBuffer raw;
    try {
      raw = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(text));
    } catch (CharacterCodingException e) {
      throw new TokenizerException("bytes tokenizer: text is not encodable as UTF-8 (lone surrogate)", e);
    }
    int[] ids = new int[raw.remaining()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = raw.get() & 0xFF;
    }
    return ids;
  }

  @Override
  public int vocabSize() {
    return 256;
  }

  @Override
  public String name() {
    return "bytes";
  }

  @Override
  public String toString() {
    return "ByteTokenizer";
  }
}

package ai.prism.core.data;

import ai.prism.core.tokenizer.Tokenizer;

/**
 * The provenance token counter of corpus preparation: its name and fingerprint go into
 * MANIFEST.json {@code tokenizer}, its counts into {@code token_count}. The reference uses
 * tiktoken gpt2 ({@code fingerprint = sha256("tiktoken:gpt2:n_vocab=50257")}).
 */
public interface TokenCounter {

  /** The counter's id in the manifest. */
  String name();

  /** 64-hex fingerprint of the counter. */
  String fingerprint();

  /** Number of tokens of {@code text}. */
  long count(String text);

  /** A counter that counts {@code tokenizer.encode(text).length}. */
  static TokenCounter of(Tokenizer tokenizer, String name, String fingerprint) {
    return new TokenCounter() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String fingerprint() {
        return fingerprint;
      }

      @Override
      public long count(String text) {
        return tokenizer.encode(text).length;
      }
    };
  }
}

package ai.prism.core.tokenizer;

/** Turns text into token ids; the SPI every tokenizer implements. */
public interface Tokenizer {
  /** Token ids of {@code text}; may be empty (the document is then skipped). */
  int[] encode(String text);

  /** Number of distinct ids this tokenizer can produce. */
  int vocabSize();

  /** Short name of this tokenizer, e.g. {@code bytes} or {@code gpt2}. */
  String name();
}

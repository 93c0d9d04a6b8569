package ai.prism.core.tokenizer;

/**
 * Turns text into token ids; the SPI every tokenizer implements.
 *
 * <p>The data plane calls {@link #encode} once per accepted document. An empty result means the
 * document is skipped (not counted), as in the reference runner. Ids may be any int; the batcher
 * reduces them modulo the model vocabulary (Python semantics: never negative).
 */
public interface Tokenizer {

  /** The ids of {@code text}; may be empty. Exceptions propagate and end the stream. */
  int[] encode(String text);

  /** The tokenizer's own vocabulary size (ids are in {@code [0, vocabSize)}). */
  int vocabSize();

  /** A short stable name, e.g. {@code bytes}, {@code gpt2}. */
  String name();
}

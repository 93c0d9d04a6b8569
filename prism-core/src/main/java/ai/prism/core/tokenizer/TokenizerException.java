package ai.prism.core.tokenizer;

import ai.prism.core.PrismException;

/**
 * A tokenizer could not be loaded or refused its input (e.g. special-token text such as
 * {@code <|endoftext|>} under the default gpt2 policy). The message names the tokenizer and cause.
 */
public class TokenizerException extends PrismException {
  private static final long serialVersionUID = 1L;

  /** An error with a message naming the tokenizer and what went wrong. */
  public TokenizerException(String message) {
    super(message);
  }

  /** An error caused by another exception. */
  public TokenizerException(String message, Throwable cause) {
    super(message, cause);
  }
}

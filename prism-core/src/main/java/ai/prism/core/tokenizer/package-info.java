/**
 * The Tokenizer SPI every tokenizer implements, and the byte-level default tokenizer.
 * Named reference tokenizers (gpt2, Hugging Face tokenizer.json) live in prism-tokenizers.
 */
package ai.prism.core.tokenizer;

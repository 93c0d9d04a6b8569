/**
 * Reference tokenizers by name (bytes, gpt2, any Hugging Face tokenizer.json) behind the core Tokenizer SPI.
 * Loading is offline only; unknown names and missing files are typed errors.
 */
package ai.prism.tokenizers;

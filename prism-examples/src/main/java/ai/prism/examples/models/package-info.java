/**
 * Example language models as DJL blocks (tiny decoder, LSTM, bigram) and the name registry the CLI uses.
 * Every model maps int64 tokens (batch, time) to next-token logits (batch, time, vocab).
 */
package ai.prism.examples.models;

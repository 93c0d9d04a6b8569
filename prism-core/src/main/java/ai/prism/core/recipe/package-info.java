/**
 * The built-in training recipe (usable as the Training role) and its parts: AdamW with PyTorch's semantics,
 * global-norm gradient clipping and the next-token loss. DJL api only; any engine that implements the ops runs it.
 */
package ai.prism.core.recipe;

/**
 * A Python 3 tokenizer and parser producing CPython-compatible {@code ast} trees, {@code ast.walk} and {@code ast.dump}.
 * Pure Java, no Python needed at run time; the static gates of {@code ai.prism.bundle} work on these trees.
 */
package ai.prism.bundle.python;

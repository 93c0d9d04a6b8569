package ai.prism.core.run;

import ai.prism.core.tokenizer.Tokenizer;
import java.nio.file.Path;

/**
 * Loads a staged reference tokenizer by name from a root directory (spec §3.8). prism-core ships no
 * reference tokenizer; {@code prism-tokenizers}' {@code ReferenceTokenizers.load} is used when it is
 * on the class path and no loader was configured.
 */
@FunctionalInterface
public interface ReferenceTokenizerLoader {
  /** The tokenizer {@code name} staged under {@code root} ({@code null} root: the environment's). */
  Tokenizer load(String name, Path root);
}

package ai.prism.tokenizers;

import ai.prism.core.tokenizer.ByteTokenizer;
import ai.prism.core.tokenizer.Tokenizer;
import ai.prism.core.tokenizer.TokenizerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reference tokenizers by name (spec §3.8), loaded offline. {@code gpt2}: GPT-2 BPE from
 * jtokkit's bundled vocabulary (the {@code R/gpt2/} tiktoken cache is not needed).
 * {@code llama}: {@code R/llama/tokenizer.json} (Hugging Face form of the pinned SentencePiece
 * model); a lone {@code R/llama/tokenizer.model} is refused with a clear error because no
 * SentencePiece loader is available offline from Maven Central. Root {@code R} = the explicit
 * argument, else the environment variable {@value #ENV}. Names are case-insensitive.
 */
public final class ReferenceTokenizers {

  /** Environment variable naming the reference tokenizer root. */
  public static final String ENV = "PRISM_REFERENCE_TOKENIZER_DIR";
  /** The reference's names, in its order. */
  public static final List<String> NAMES = List.of("gpt2", "llama");

  private ReferenceTokenizers() {}

  /** Loads reference tokenizer {@code name} under {@code root} (null: from {@value #ENV}). */
  public static Tokenizer load(String name, Path root) {
    return load(name, root, System.getenv());
  }

  static Tokenizer load(String name, Path root, Map<String, String> env) {
    String key = name.toLowerCase(Locale.ROOT);
    if (!NAMES.contains(key)) {
      throw new IllegalArgumentException("unknown reference tokenizer '" + name + "'; expected one of ('gpt2', 'llama')");
    }
    Path resolved = root;
    if (resolved == null || resolved.toString().isEmpty()) {
      String fromEnv = env.get(ENV);
      resolved = fromEnv == null || fromEnv.isEmpty() ? null : Path.of(fromEnv);
    }
    if (key.equals("gpt2")) {
      try {
        return Gpt2Tokenizer.create();
      } catch (RuntimeException | LinkageError e) {
        throw new TokenizerException("failed to load gpt2 reference tokenizer offline: " + e, e);
      }
    }
    return loadLlama(resolved);
  }

  private static Tokenizer loadLlama(Path root) {
    if (root == null) {
      throw new TokenizerException("llama reference tokenizer dir is not configured "
          + "(set ctx.reference_tokenizer_dir or PRISM_REFERENCE_TOKENIZER_DIR)");
    }
    Path dir = root.resolve("llama");
    Path json = dir.resolve("tokenizer.json");
    Path model = dir.resolve("tokenizer.model");
    if (Files.isRegularFile(json)) {
      try {
        return HuggingFaceJsonTokenizer.load(json, "llama");
      } catch (TokenizerException e) {
        throw new TokenizerException("failed to load llama reference tokenizer offline: " + e.getMessage(), e);
      }
    }
    if (Files.exists(model)) {
      throw new TokenizerException("failed to load llama reference tokenizer offline: " + model
          + " is a SentencePiece model and no SentencePiece loader is available offline; place the same "
          + "tokenizer in Hugging Face form at " + json);
    }
    throw new TokenizerException("llama reference tokenizer missing at " + model);
  }

  /**
   * A tokenizer by CLI name: {@code bytes}, {@code gpt2}, {@code gpt2-ordinary}, {@code llama}
   * (under {@code root}), or a path to any {@code tokenizer.json}.
   */
  public static Tokenizer byName(String name, Path root) {
    String key = name.toLowerCase(Locale.ROOT);
    switch (key) {
      case "bytes":
        return ByteTokenizer.INSTANCE;
      case "gpt2-ordinary":
        return Gpt2Tokenizer.create(Gpt2Tokenizer.SpecialText.ORDINARY);
      default:
        break;
    }
    if (NAMES.contains(key)) {
      return load(key, root);
    }
    Path file = Path.of(name);
    if (name.endsWith(".json") && Files.isRegularFile(file)) {
      return HuggingFaceJsonTokenizer.load(file, file.getFileName().toString());
    }
    throw new IllegalArgumentException("unknown tokenizer '" + name
        + "'; expected bytes, gpt2, gpt2-ordinary, llama or a path to a tokenizer.json");
  }
}

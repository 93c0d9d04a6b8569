package ai.prism.tokenizers;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.prism.core.tokenizer.Tokenizer;
import ai.prism.core.tokenizer.TokenizerException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Any Hugging Face {@code tokenizer.json}, through DJL's native {@code tokenizers} binding (its
 * native library ships inside the jar; nothing is downloaded). Documents are encoded without
 * special tokens (no BOS/EOS), matching SentencePiece's {@code encode} and the reference stream,
 * which adds no separators. Close it to release the native handle.
 */
public final class HuggingFaceJsonTokenizer implements Tokenizer, AutoCloseable {

  private final HuggingFaceTokenizer tokenizer;
  private final int vocabSize;
  private final String name;

  private HuggingFaceJsonTokenizer(HuggingFaceTokenizer tokenizer, int vocabSize, String name) {
    this.tokenizer = tokenizer;
    this.vocabSize = vocabSize;
    this.name = name;
  }

  /** Loads {@code tokenizer.json} offline; {@code name} is what {@link #name()} reports. */
  public static HuggingFaceJsonTokenizer load(Path tokenizerJson, String name) {
    if (!Files.isRegularFile(tokenizerJson)) {
      throw new TokenizerException("tokenizer.json not found: " + tokenizerJson);
    }
    int vocab = vocabSize(tokenizerJson);
    try {
      HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(tokenizerJson,
          Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
      return new HuggingFaceJsonTokenizer(hf, vocab, name);
    } catch (IOException | RuntimeException e) {
      throw new TokenizerException("cannot load Hugging Face tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
    }
  }

  /** Largest id in the model vocabulary or added tokens, plus one. */
  private static int vocabSize(Path json) {
    try {
      JsonNode root = new ObjectMapper().readTree(json.toFile());
      int max = -1;
      JsonNode vocab = root.path("model").path("vocab");
      if (vocab.isObject()) {
        for (JsonNode id : vocab) {
          max = Math.max(max, id.asInt());
        }
      } else if (vocab.isArray()) {
        max = vocab.size() - 1; // Unigram: [[piece, score], ...]
      }
      for (JsonNode added : root.path("added_tokens")) {
        max = Math.max(max, added.path("id").asInt());
      }
      if (max < 0) {
        throw new TokenizerException("tokenizer.json has no vocabulary: " + json);
      }
      return max + 1;
    } catch (IOException e) {
      throw new TokenizerException("tokenizer.json is not valid JSON: " + json + ": " + e.getMessage(), e);
    }
  }

  @Override
  public int[] encode(String text) {
    long[] ids = tokenizer.encode(text, false, false).getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = (int) ids[i];
    }
    return out;
  }

  /** Decodes ids back to text (special tokens skipped). */
  public String decode(int[] ids) {
    long[] l = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      l[i] = ids[i];
    }
    return tokenizer.decode(l, true);
  }

  @Override
  public int vocabSize() {
    return vocabSize;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}

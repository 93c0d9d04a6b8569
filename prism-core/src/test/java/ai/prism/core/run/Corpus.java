package ai.prism.core.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes small locked-split fixtures ({@code <split>-*.jsonl} with {@code {"id", "text"}} lines). */
public final class Corpus {
  /** The vocabulary of the English-like fixture texts. */
  public static final List<String> WORDS = List.of(
      "the", "model", "learns", "from", "scratch", "while", "a", "validator", "counts", "every", "byte",
      "of", "locked", "text", "and", "records", "its", "online", "loss", "before", "each", "step");
  private static final ObjectMapper JSON = new ObjectMapper();

  private Corpus() {}

  /** {@code docs} English-like documents of about {@code words} words in one shard. */
  static Path prose(Path dir, int docs, int words) {
    List<String> texts = new ArrayList<>();
    long state = 12345;
    for (int d = 0; d < docs; d++) {
      StringBuilder sb = new StringBuilder();
      for (int w = 0; w < words; w++) {
        state = state * 6364136223846793005L + 1442695040888963407L;
        sb.append(w == 0 ? "" : " ").append(WORDS.get((int) ((state >>> 33) % WORDS.size())));
      }
      texts.add(sb.append('.').toString());
    }
    return shard(dir, "train-000.jsonl", texts);
  }

  /** Writes {@code texts} as {@code dir/<name>}, one {@code {"id","text"}} JSON line each; returns {@code dir}. */
  public static Path shard(Path dir, String name, List<String> texts) {
    try {
      Files.createDirectories(dir);
      StringBuilder sb = new StringBuilder();
      int id = 0;
      for (String t : texts) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", "d" + id++);
        line.put("text", t);
        sb.append(JSON.writeValueAsString(line)).append('\n');
      }
      Files.writeString(dir.resolve(name), sb.toString(), StandardCharsets.UTF_8);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

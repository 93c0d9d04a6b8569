package ai.prism.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes small locked-train fixtures ({@code train-*.jsonl} with {@code {"id", "text"}} lines). */
final class Corpus {
  private static final String[] WORDS = {
    "the", "model", "learns", "from", "scratch", "while", "a", "validator", "counts", "every", "byte",
    "of", "locked", "text", "and", "records", "its", "online", "loss", "before", "each", "step"
  };

  private Corpus() {}

  /** {@code docs} English-like documents of about {@code words} words in one shard. */
  static Path prose(Path dir, int docs, int words) {
    List<String> texts = new ArrayList<>();
    long state = 12345;
    for (int d = 0; d < docs; d++) {
      StringBuilder sb = new StringBuilder();
      for (int w = 0; w < words; w++) {
        state = state * 6364136223846793005L + 1442695040888963407L;
        sb.append(w == 0 ? "" : " ").append(WORDS[(int) ((state >>> 33) % WORDS.length)]);
      }
      texts.add(sb.append('.').toString());
    }
    return shard(dir, "train-000.jsonl", texts);
  }

  /** A shard named {@code name} holding {@code texts}, one JSON line each. */
  static Path shard(Path dir, String name, List<String> texts) {
    try {
      Files.createDirectories(dir);
      StringBuilder sb = new StringBuilder();
      int id = 0;
      for (String t : texts) {
        sb.append("{\"id\": \"d").append(id++).append("\", \"text\": \"").append(t.replace("\\", "\\\\").replace("\"", "\\\""))
            .append("\"}\n");
      }
      Files.writeString(dir.resolve(name), sb.toString(), StandardCharsets.UTF_8);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

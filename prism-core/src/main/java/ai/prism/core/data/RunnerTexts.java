package ai.prism.core.data;

import java.nio.file.Path;
import java.util.List;

/**
 * The runner's document cursor over shard files (spec §3.3, right column): raw lines (universal
 * newlines, 0-based offsets counting blank lines), stripped, blank or unparsable lines skipped,
 * non-objects and missing/non-string/empty {@code text} skipped. Exposes the text as a char slice.
 */
final class RunnerTexts implements AutoCloseable {

  private final List<Path> files;
  private final int maxLineBytes;
  private final JsonLines json = new JsonLines();
  private int nextFile;
  private ShardLineReader reader;
  private int lineBytes;

  RunnerTexts(List<Path> files, int maxLineBytes) {
    this.files = files;
    this.maxLineBytes = maxLineBytes;
  }

  /** Moves to the next accepted document; false when every file is exhausted. */
  boolean advance() {
    while (true) {
      if (reader == null) {
        if (nextFile >= files.size()) {
          return false;
        }
        Path file = files.get(nextFile++);
        reader = new ShardLineReader(file, file.getFileName().toString(), maxLineBytes);
      }
      if (!reader.next()) {
        reader.close();
        reader = null;
        continue;
      }
      byte[] buf = reader.buf();
      int start = Text.stripStart(buf, reader.lineStart(), reader.lineEnd());
      int end = Text.stripEnd(buf, start, reader.lineEnd());
      if (start != end
          && json.readText(buf, start, end, reader.shardName(), reader.lineIndex()) == JsonLines.Result.TEXT) {
        lineBytes = end - start;
        return true;
      }
    }
  }

  /** The current text's chars, valid until the next {@link #advance()}. */
  char[] chars() {
    return json.text();
  }

  int length() {
    return json.textLength();
  }

  /** Bytes of the stripped line; the text's UTF-8 form is never longer. */
  int lineBytes() {
    return lineBytes;
  }

  String shardName() {
    return reader.shardName();
  }

  long lineIndex() {
    return reader.lineIndex();
  }

  ShardFormatException loneSurrogate(int at) {
    return new ShardFormatException(ShardFormatException.Kind.LONE_SURROGATE, shardName(), lineIndex(),
        String.format("\\u%04x at char %d of %d", (int) chars()[at], at, length()));
  }

  @Override
  public void close() {
    if (reader != null) {
      reader.close();
      reader = null;
    }
    nextFile = files.size();
  }
}

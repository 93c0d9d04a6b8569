package ai.prism.core.data;

import java.nio.file.Path;
import java.util.List;

/**
 * The runner's document cursor over shard files (spec §3.3, right column): raw lines (universal
 * newlines, 0-based offsets counting blank lines), stripped, blank or unparsable lines skipped,
 * non-objects and missing/non-string/empty {@code text} skipped; a lone surrogate in an accepted
 * text is a {@link ShardFormatException}. Exposes the text as UTF-8 bytes.
 */
final class RunnerTexts implements AutoCloseable {

  private final List<Path> files;
  private final int maxLineBytes;
  private final JsonLines json = new JsonLines();
  private int nextFile;
  private ShardLineReader reader;

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
        if (json.loneSurrogate() >= 0) {
          throw new ShardFormatException(ShardFormatException.Kind.LONE_SURROGATE, shardName(), lineIndex(),
              String.format("\\u%04x at byte %d of the decoded text", json.loneSurrogateUnit(), json.loneSurrogate()));
        }
        return true;
      }
    }
  }

  /** The current text as UTF-8 bytes, valid until the next {@link #advance()}. */
  byte[] bytes() {
    return json.text();
  }

  /** Length of the current text in UTF-8 bytes (at least 1). */
  int length() {
    return json.textLength();
  }

  /** The current text as a String. */
  String string() {
    return new String(json.text(), 0, json.textLength(), java.nio.charset.StandardCharsets.UTF_8);
  }

  String shardName() {
    return reader.shardName();
  }

  long lineIndex() {
    return reader.lineIndex();
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

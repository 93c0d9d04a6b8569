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

  private final StrippedLines lines;
  private final JsonLines json = new JsonLines();

  RunnerTexts(List<Path> files, ShardOpener opener, int maxLineBytes) {
    this.lines = new StrippedLines(files, f -> f.getFileName().toString(), opener, maxLineBytes);
  }

  /** Moves to the next accepted document; false when every file is exhausted. */
  boolean advance() {
    while (lines.advance()) {
      if (json.readText(lines.buf(), lines.start(), lines.end(), lines.shardName(), lines.lineIndex())
          == JsonLines.Result.TEXT) {
        if (json.loneSurrogate() >= 0) {
          throw new ShardFormatException(ShardFormatException.Kind.LONE_SURROGATE, shardName(), lineIndex(),
              String.format("\\u%04x at byte %d of the decoded text", json.loneSurrogateUnit(), json.loneSurrogate()));
        }
        return true;
      }
    }
    return false;
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
    return lines.shardName();
  }

  long lineIndex() {
    return lines.lineIndex();
  }

  @Override
  public void close() {
    lines.close();
  }
}

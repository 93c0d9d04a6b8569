package ai.prism.core.data;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streams the documents of JSONL shards with the reference runner's rules (spec §3.3): lines
 * split at {@code \n}, {@code \r\n} or {@code \r}; Python {@code str.strip()}; blank lines,
 * invalid JSON (including a line starting with a UTF-8 BOM, which Python's json rejects), non-objects
 * and a missing, non-string or empty {@code text} are skipped; offsets are raw line indices. Invalid
 * UTF-8, a lone surrogate in the text, or a line over the bound is a {@link ShardFormatException}
 * naming shard and line. Memory is bounded by the longest line.
 */
public final class TextRecords implements Iterator<TextRecord>, AutoCloseable {

  private final RunnerTexts texts;
  private TextRecord next;

  private TextRecords(List<Path> files, ShardOpener opener, int maxLineBytes) {
    this.texts = new RunnerTexts(List.copyOf(files), opener, maxLineBytes);
  }

  /** Documents of {@code files} in order, lines up to {@code maxLineBytes} bytes. */
  public static TextRecords open(List<Path> files, int maxLineBytes) {
    return new TextRecords(files, ShardOpener.PLAIN, BatcherOptions.checkedMaxLineBytes(maxLineBytes));
  }

  /** Documents of the discovered train shards, with the default line bound. */
  public static TextRecords open(TrainShards shards) {
    return new TextRecords(shards.files(), shards.opener(), BatcherOptions.DEFAULT_MAX_LINE_BYTES);
  }

  @Override
  public boolean hasNext() {
    if (next == null && texts.advance()) {
      next = new TextRecord(texts.shardName(), texts.lineIndex(), texts.string(), texts.length());
    }
    return next != null;
  }

  @Override
  public TextRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    TextRecord r = next;
    next = null;
    return r;
  }

  @Override
  public void close() {
    texts.close();
    next = null;
  }
}

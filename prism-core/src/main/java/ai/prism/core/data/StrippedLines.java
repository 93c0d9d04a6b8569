package ai.prism.core.data;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * A cursor over the non-blank lines of shard files, each stripped as Python's {@code str.strip()}
 * does: the common ground of the runner reader and the strict host loader.
 */
final class StrippedLines implements AutoCloseable {

  private final List<Path> files;
  private final Function<Path, String> shardName;
  private final ShardOpener opener;
  private final int maxLineBytes;
  private int nextFile;
  private ShardLineReader reader;
  private long nonBlankIndex;
  private int start;
  private int end;

  StrippedLines(List<Path> files, Function<Path, String> shardName, int maxLineBytes) {
    this(files, shardName, ShardOpener.PLAIN, maxLineBytes);
  }

  StrippedLines(List<Path> files, Function<Path, String> shardName, ShardOpener opener, int maxLineBytes) {
    this.files = files;
    this.shardName = shardName;
    this.opener = opener;
    this.maxLineBytes = maxLineBytes;
  }

  /** Moves to the next non-blank line; false when every file is exhausted. */
  boolean advance() {
    while (true) {
      if (reader == null) {
        if (nextFile >= files.size()) {
          return false;
        }
        Path file = files.get(nextFile++);
        reader = new ShardLineReader(file, shardName.apply(file), opener, maxLineBytes);
        nonBlankIndex = -1;
      }
      if (!reader.next()) {
        reader.close();
        reader = null;
        continue;
      }
      byte[] buf = reader.buf();
      start = Text.stripStart(buf, reader.lineStart(), reader.lineEnd());
      end = Text.stripEnd(buf, start, reader.lineEnd());
      if (start != end) {
        nonBlankIndex++;
        return true;
      }
    }
  }

  byte[] buf() {
    return reader.buf();
  }

  /** Start of the stripped line in {@link #buf()}. */
  int start() {
    return start;
  }

  /** End (exclusive) of the stripped line in {@link #buf()}. */
  int end() {
    return end;
  }

  String shardName() {
    return reader.shardName();
  }

  /** 0-based raw line index in the shard (blank lines counted). */
  long lineIndex() {
    return reader.lineIndex();
  }

  /** 0-based index among the shard's non-blank lines. */
  long nonBlankIndex() {
    return nonBlankIndex;
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

package ai.prism.core.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Reads a shard's raw lines as Python's text mode does ({@code open(..., encoding="utf-8")}):
 * lines end at {@code \n}, {@code \r\n} or a lone {@code \r}; every line's bytes must be valid
 * UTF-8. Lines are exposed as slices of an internal buffer (no copy, no String); a line longer than
 * the bound is an error raised before more than the bound is buffered.
 */
final class ShardLineReader implements Closeable {

  private static final int CHUNK = 1 << 20;

  private final InputStream in;
  private final String shardName;
  private final int maxLineBytes;
  private byte[] buf;
  private int pos;
  private int limit;
  private boolean eof;

  /** Current line: {@code buf()[lineStart(), lineEnd())}. */
  private int lineStart;
  private int lineEnd;
  private long lineIndex = -1;

  ShardLineReader(Path file, String shardName, ShardOpener opener, int maxLineBytes) {
    this.shardName = shardName;
    this.maxLineBytes = maxLineBytes;
    try {
      this.in = opener.open(file);
    } catch (IOException e) {
      throw new ShardFormatException(ShardFormatException.Kind.IO, shardName, -1, e.toString(), e);
    }
    this.buf = new byte[(int) Math.min(CHUNK, (long) maxLineBytes + 2)];
  }

  byte[] buf() {
    return buf;
  }

  int lineStart() {
    return lineStart;
  }

  int lineEnd() {
    return lineEnd;
  }

  /** 0-based raw index of the current line. */
  long lineIndex() {
    return lineIndex;
  }

  String shardName() {
    return shardName;
  }

  /** Advances to the next line; false at end of file. */
  boolean next() {
    int start = pos;
    int scan = pos;
    while (true) {
      int i = scan;
      byte[] b = buf;
      int lim = limit;
      while (i < lim) {
        byte c = b[i];
        if (c == '\n' || c == '\r') {
          break;
        }
        i++;
      }
      if (i < lim) {
        int termLen = 1;
        if (b[i] == '\r') {
          if (i + 1 < lim) {
            termLen = b[i + 1] == '\n' ? 2 : 1;
          } else if (!eof) {
            int shift = start;
            fill(start);
            start -= shift;
            scan = i - shift;
            continue;
          }
        }
        return accept(start, i, i + termLen);
      }
      if (i - start > maxLineBytes) {
        tooLong(i - start);
      }
      if (eof) {
        if (start >= lim) {
          pos = lim;
          return false;
        }
        return accept(start, lim, lim);
      }
      int shift = start;
      fill(start);
      start -= shift;
      scan = i - shift;
    }
  }

  private boolean accept(int start, int end, int next) {
    lineIndex++;
    if (end - start > maxLineBytes) {
      tooLong(end - start);
    }
    int bad = Text.firstInvalidUtf8(buf, start, end);
    if (bad >= 0) {
      throw new ShardFormatException(ShardFormatException.Kind.INVALID_UTF8, shardName, lineIndex,
          String.format("byte 0x%02x at byte %d of the line", buf[start + bad] & 0xFF, bad));
    }
    lineStart = start;
    lineEnd = end;
    pos = next;
    return true;
  }

  private void tooLong(long seen) {
    throw new ShardFormatException(ShardFormatException.Kind.LINE_TOO_LONG, shardName, lineIndex + 1,
        "more than " + maxLineBytes + " bytes (at least " + seen + " read); raise maxLineBytes to accept it");
  }

  /** Moves {@code buf[keep, limit)} to the front, grows if needed, reads more bytes. */
  private void fill(int keep) {
    int kept = limit - keep;
    if (keep > 0) {
      System.arraycopy(buf, keep, buf, 0, kept);
    } else if (kept == buf.length) {
      long grown = Math.min((long) buf.length * 2, (long) maxLineBytes + 2);
      if (grown <= buf.length) {
        tooLong(kept);
      }
      byte[] bigger = new byte[(int) grown];
      System.arraycopy(buf, 0, bigger, 0, kept);
      buf = bigger;
    }
    limit = kept;
    pos = 0;
    try {
      int n = in.read(buf, limit, buf.length - limit);
      if (n < 0) {
        eof = true;
      } else {
        limit += n;
      }
    } catch (IOException e) {
      throw new ShardFormatException(ShardFormatException.Kind.IO, shardName, lineIndex + 1, e.toString(), e);
    }
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      // Read-only stream: nothing was lost by a failing close.
    }
  }
}

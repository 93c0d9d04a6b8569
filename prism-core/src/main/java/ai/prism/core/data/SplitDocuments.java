package ai.prism.core.data;

import ai.prism.core.json.Python;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The strict host loader's document stream (spec §3.3, left column): shards {@code <split>-*.jsonl}
 * by file name; lines stripped, blank lines skipped, every other line must be a JSON object with
 * {@code id} and string {@code text} (errors {@code malformed locked shard line <rel>:<i>} and
 * {@code locked shard line <rel>:<i> has non-string text}); offsets count non-blank lines; empty
 * texts are yielded. Close it to release the open shard.
 */
public final class SplitDocuments implements Iterator<LockedDocument>, AutoCloseable {

  private final Path root;
  private final StrippedLines lines;
  private long index;
  private LockedDocument next;

  private SplitDocuments(Path root, List<Path> files, int maxLineBytes) {
    this.root = root;
    this.lines = new StrippedLines(files, this::relative, maxLineBytes);
  }

  static SplitDocuments open(Path root, String split, int maxLineBytes) {
    Path candidate = root.resolve(split);
    Path dir;
    if (Files.isDirectory(candidate)) {
      dir = candidate;
    } else if (Files.isDirectory(root) && !LockedCorpus.splitFiles(root, split).isEmpty()) {
      dir = root;
    } else {
      throw new LockedDatasetException(
          "locked split " + Python.repr(split) + " not found under " + root);
    }
    return new SplitDocuments(root, LockedCorpus.splitFiles(dir, split), maxLineBytes);
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      next = advance();
    }
    return next != null;
  }

  @Override
  public LockedDocument next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    LockedDocument d = next;
    next = null;
    return d;
  }

  private LockedDocument advance() {
    if (!lines.advance()) {
      return null;
    }
    String rel = lines.shardName();
    long at = lines.nonBlankIndex();
    JsonNode record = JsonLines.readTree(lines.buf(), lines.start(), lines.end(), rel, lines.lineIndex());
    if (record == null || !record.isObject() || !record.has("id") || !record.has("text")) {
      throw new LockedDatasetException("malformed locked shard line " + rel + ":" + at);
    }
    JsonNode text = record.get("text");
    if (!text.isTextual()) {
      throw new LockedDatasetException("locked shard line " + rel + ":" + at + " has non-string text");
    }
    String value = text.textValue();
    int bad = PythonJson.firstLoneSurrogate(value);
    if (bad >= 0) {
      throw new ShardFormatException(ShardFormatException.Kind.LONE_SURROGATE, rel, lines.lineIndex(),
          String.format("\\u%04x at char %d of %d", (int) value.charAt(bad), bad, value.length()));
    }
    return new LockedDocument(PythonJson.str(record.get("id")), value, rel, at, index++);
  }

  private String relative(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Path base = root.toAbsolutePath().normalize();
    if (abs.startsWith(base)) {
      return base.relativize(abs).toString().replace('\\', '/');
    }
    return file.getFileName().toString();
  }

  @Override
  public void close() {
    lines.close();
    next = null;
  }
}

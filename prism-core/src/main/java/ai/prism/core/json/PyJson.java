package ai.prism.core.json;

import ai.prism.core.PrismException;
import ai.prism.core.json.JsonReadException.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Reads JSON the way Python's {@code json.loads} accepts it and writes it byte-for-byte as {@code
 * json.dumps} does (Python float repr, {@code ensure_ascii} escapes, code-point key order).
 */
public final class PyJson {

  /** How {@link #dumps} lays out the text. */
  public enum Style {
    /** {@code json.dumps(v, indent=2, sort_keys=True)}: the run manifest on disk. */
    INDENTED,
    /** {@code json.dumps(v, sort_keys=True, separators=(",", ":"))}: the reference's canonical blobs. */
    COMPACT,
    /**
     * {@code json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)}: {@link
     * #COMPACT} with non-ASCII text written as itself; the locked corpus's shard lines.
     */
    COMPACT_UNICODE,
    /**
     * One line, {@code ","}/{@code ":"} separators, keys in insertion order, and non-finite floats
     * as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}: strict JSON for
     * machine-readable output.
     */
    STRICT_LINE
  }

  private PyJson() {}

  /** Parses JSON text; throws {@link JsonReadException} with line and column on bad input. */
  public static JsonValue parse(String text) {
    return JsonTreeReader.parse(text);
  }

  /** Parses strict UTF-8 JSON bytes (a byte-order mark or invalid UTF-8 is an encoding error). */
  public static JsonValue parse(byte[] utf8) {
    return JsonTreeReader.parse(utf8);
  }

  /** Reads and parses a UTF-8 JSON file; a missing or unreadable file is a {@link JsonReadException}. */
  public static JsonValue read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new JsonReadException(Kind.NOT_FOUND, "no such file: " + file, 0, 0, e);
    } catch (AccessDeniedException e) {
      throw new JsonReadException(Kind.IO, "permission denied: " + file, 0, 0, e);
    } catch (IOException e) {
      throw new JsonReadException(Kind.IO, "cannot read " + file + ": " + e.getMessage(), 0, 0, e);
    }
    try {
      return JsonTreeReader.parse(bytes);
    } catch (JsonReadException e) {
      throw new JsonReadException(e.kind(), file + ": " + e.getMessage(), e.line(), e.column(), e);
    }
  }

  /** The JSON text of {@code value} in {@code style} (no trailing newline, as the reference writes). */
  public static String dumps(JsonValue value, Style style) {
    return JsonTreeWriter.write(value, style);
  }

  /**
   * Writes {@code dumps(value, style)} to {@code file} atomically: a temporary file in the same
   * directory is written, flushed to disk and moved over the target, so readers see the old file or
   * the new one, never a half-written one.
   */
  public static void write(Path file, JsonValue value, Style style) {
    writeAtomically(file, dumps(value, style).getBytes(StandardCharsets.UTF_8));
  }

  static void writeAtomically(Path file, byte[] bytes) {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new PrismException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the temporary file is best-effort cleanup after a failed write
        }
      }
    }
  }
}

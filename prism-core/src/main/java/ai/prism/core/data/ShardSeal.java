package ai.prism.core.data;

import ai.prism.core.PrismException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * SHA-256 digests of train shards over fixed blocks of {@link #BLOCK_BYTES}, recorded while the
 * shards are copied into a directory of their own before the training role runs ({@link
 * #copy(TrainShards, Path)}). A stream reading through the seal ({@link TrainShards#readThrough})
 * hands out a block only after it matched its digest; {@link #verify()} re-reads every sealed file.
 * Either throws {@link DataTamperedException} on the first difference, and the seal keeps the first
 * one ({@link #violation()}), so a loop that catches the exception cannot hide it. Memory: one
 * block buffer per open stream and 64 hex characters per sealed block.
 */
public final class ShardSeal {
  /** Bytes per digested block (1 MiB; the last block of a file may be shorter). */
  public static final int BLOCK_BYTES = 1 << 20;

  private static final int HEX_PER_BLOCK = 64;
  private static final HexFormat HEX = HexFormat.of();

  private final Path dir;
  private final List<Entry> entries;
  private final Map<Path, Entry> byFile = new LinkedHashMap<>();
  private final AtomicReference<DataTamperedException> violation = new AtomicReference<>();

  /**
   * One sealed shard.
   *
   * @param name the file's path relative to the seal's directory, {@code /}-separated
   * @param size its length in bytes
   * @param blockSha256 the lowercase hex SHA-256 of each block, concatenated in file order
   */
  public record Entry(String name, long size, String blockSha256) {
    /** Checks that the digests cover exactly {@code size} bytes. */
    public Entry {
      if (name == null || name.isEmpty() || name.startsWith("/")
          || Arrays.stream(name.split("/", -1)).anyMatch(seg -> seg.isEmpty() || seg.equals(".."))) {
        throw new PrismException("sealed shard name must be a relative path without '..': " + name);
      }
      Objects.requireNonNull(blockSha256, "blockSha256");
      if (size < 0 || blockSha256.length() != blocks(size) * HEX_PER_BLOCK || !blockSha256.matches("[0-9a-f]*")) {
        throw new PrismException("sealed shard " + name + ": " + blockSha256.length() / HEX_PER_BLOCK
            + " block digests do not cover " + size + " bytes");
      }
    }

    private static long blocks(long size) {
      return (size + BLOCK_BYTES - 1) / BLOCK_BYTES;
    }

    long blockCount() {
      return blocks(size);
    }

    long blockLength(long block) {
      return Math.min(BLOCK_BYTES, size - block * BLOCK_BYTES);
    }
  }

  private ShardSeal(Path dir, List<Entry> entries) {
    this.dir = dir.toAbsolutePath().normalize();
    this.entries = List.copyOf(entries);
    for (Entry e : this.entries) {
      Path file = this.dir.resolve(e.name()).normalize();
      if (!file.startsWith(this.dir) || byFile.put(file, e) != null) {
        throw new PrismException("sealed shard " + e.name() + " is outside " + dir + " or listed twice");
      }
    }
  }

  /** A seal recorded earlier (e.g. by the host of an isolated run) over the files under {@code dir}. */
  public static ShardSeal of(Path dir, List<Entry> entries) {
    return new ShardSeal(Objects.requireNonNull(dir, "dir"), entries);
  }

  /**
   * Copies each of {@code shards} to {@code target} under its path relative to the shards' data
   * directory (a symbolic link becomes the file itself) and seals the bytes written: one sequential
   * read of each shard, one write, one SHA-256 pass.
   */
  public static ShardSeal copy(TrainShards shards, Path target) {
    Path base = shards.dataDir().toAbsolutePath().normalize();
    Path root = target.toAbsolutePath().normalize();
    List<Entry> entries = new ArrayList<>();
    byte[] block = new byte[BLOCK_BYTES];
    MessageDigest sha = sha256();
    for (Path shard : shards.files()) {
      String name = relativeName(base, shard);
      Path out = root.resolve(name).normalize();
      if (!out.startsWith(root)) {
        throw new PrismException("train shard " + shard + " is not inside the data directory " + base);
      }
      StringBuilder digests = new StringBuilder();
      long size = 0;
      try {
        Files.createDirectories(out.getParent());
        try (InputStream in = Files.newInputStream(shard);
            OutputStream os = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          int n;
          while ((n = in.readNBytes(block, 0, block.length)) > 0) {
            os.write(block, 0, n);
            sha.update(block, 0, n);
            digests.append(HEX.formatHex(sha.digest()));
            size += n;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy train shard " + shard + " to " + out + ": " + e.getMessage(), e);
      }
      entries.add(new Entry(name, size, digests.toString()));
    }
    return new ShardSeal(root, entries);
  }

  /** {@code shard}'s path relative to {@code base}, {@code /}-separated; an error when it is not inside. */
  static String relativeName(Path base, Path shard) {
    Path abs = shard.toAbsolutePath().normalize();
    if (!abs.startsWith(base) || abs.equals(base)) {
      throw new PrismException("train shard " + shard + " is not inside the data directory " + base);
    }
    return base.relativize(abs).toString().replace(abs.getFileSystem().getSeparator(), "/");
  }

  /** The directory the sealed files are in. */
  public Path dir() {
    return dir;
  }

  /** The sealed shards, in stream order. */
  public List<Entry> entries() {
    return entries;
  }

  /** Sum of the sealed sizes. */
  public long totalBytes() {
    long total = 0;
    for (Entry e : entries) {
      total += e.size();
    }
    return total;
  }

  /** The first difference any read through this seal found, or {@code null}. */
  public DataTamperedException violation() {
    return violation.get();
  }

  /**
   * Re-reads every sealed file and checks it block by block (one sequential read of the sealed
   * bytes); throws the first difference, or the one a stream found earlier.
   */
  public void verify() {
    byte[] sink = new byte[BLOCK_BYTES];
    for (Path file : byFile.keySet()) {
      try (InputStream in = open(file)) {
        while (in.read(sink) >= 0) {
          // open() checks each block as it is read.
        }
      } catch (DataTamperedException e) {
        throw violation();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot re-read sealed train shard " + file + ": " + e.getMessage(), e);
      }
    }
    DataTamperedException first = violation();
    if (first != null) {
      throw first;
    }
  }

  /** The sealed file named {@code name} (relative); an error when no such shard was sealed. */
  Path file(String name) {
    Path file = dir.resolve(name).normalize();
    if (!byFile.containsKey(file)) {
      throw tampered(name, 0, "it was not sealed (sealed: " + byFile.size() + " shards under " + dir + ")");
    }
    return file;
  }

  /** Opens a sealed file: its bytes come out only after their block matched its digest. */
  InputStream open(Path file) throws IOException {
    Entry entry = byFile.get(file.toAbsolutePath().normalize());
    if (entry == null) {
      throw tampered(file.toString(), 0, "it was not sealed");
    }
    try {
      return new SealedStream(Files.newInputStream(file), entry);
    } catch (NoSuchFileException e) {
      throw tampered(entry.name(), 0, "the file is missing");
    }
  }

  private DataTamperedException tampered(String name, long block, String detail) {
    DataTamperedException e = new DataTamperedException(name, block, detail);
    violation.compareAndSet(null, e);
    return e;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
    }
  }

  /** Reads one sealed file a whole block at a time, checking the block before handing out its bytes. */
  private final class SealedStream extends InputStream {
    private final InputStream in;
    private final Entry entry;
    private final MessageDigest sha = sha256();
    private final byte[] block;
    private int pos;
    private int limit;
    private long next;

    SealedStream(InputStream in, Entry entry) {
      this.in = in;
      this.entry = entry;
      this.block = new byte[(int) Math.max(1, Math.min(BLOCK_BYTES, entry.size() + 1))];
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (pos == limit && !load()) {
        return -1;
      }
      int n = Math.min(len, limit - pos);
      System.arraycopy(block, pos, b, off, n);
      pos += n;
      return n;
    }

    private boolean load() throws IOException {
      int n = in.readNBytes(block, 0, block.length);
      long blocks = entry.blockCount();
      if (n == 0) {
        if (next < blocks) {
          throw tampered(entry.name(), next, "the file ends at byte " + next * BLOCK_BYTES + " of the "
              + entry.size() + " sealed");
        }
        return false;
      }
      if (next >= blocks || n != entry.blockLength(next)) {
        throw tampered(entry.name(), next, "it is no longer " + entry.size() + " bytes long (block " + next
            + " holds " + n + " bytes)");
      }
      sha.update(block, 0, n);
      String digest = HEX.formatHex(sha.digest());
      if (!entry.blockSha256().regionMatches((int) (next * HEX_PER_BLOCK), digest, 0, HEX_PER_BLOCK)) {
        long from = next * BLOCK_BYTES;
        throw tampered(entry.name(), next, "bytes " + from + ".." + (from + n - 1) + " (block " + next
            + ") differ from their recorded SHA-256");
      }
      next++;
      pos = 0;
      limit = n;
      return true;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}

package ai.prism.core.data;

import ai.prism.core.json.Python;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Train shards as the reference runner discovers them (spec §3.3, right column): in
 * {@code data_dir} the first of the globs {@code train-*.jsonl}, {@code *.jsonl}, {@code *.bin}
 * that matches at least one regular file (even an empty one), else {@code data_dir/train/*.jsonl};
 * sorted by path (code-point order); zero-byte files dropped afterwards. Hidden files match, as
 * with Python's pathlib. {@code *.bin} shards are read as UTF-8 JSONL text (a reference quirk).
 */
public final class TrainShards {

  private static final String[] PATTERNS_SUFFIX = {".jsonl", ".jsonl", ".bin"};
  private static final String[] PATTERNS_PREFIX = {"train-", "", ""};

  private final Path dataDir;
  private final String dataDirText;
  private final List<Path> files;
  private final List<Long> sizes;
  private final long availableBytes;
  private final ShardSeal seal;

  private TrainShards(Path dataDir, String dataDirText, List<Path> files, List<Long> sizes, ShardSeal seal) {
    this.dataDir = dataDir;
    this.seal = seal;
    this.dataDirText = dataDirText;
    this.files = List.copyOf(files);
    this.sizes = List.copyOf(sizes);
    long total = 0;
    for (long s : sizes) {
      total += s;
    }
    this.availableBytes = total;
  }

  /** Discovers the shards under {@code dataDir}; null means "not configured". */
  public static TrainShards discover(Path dataDir) {
    return discover(dataDir == null ? null : dataDir.toString());
  }

  /**
   * Discovers the shards under the directory named {@code dataDir}, keeping the text as given for
   * the manifest's {@code data_dir}; null or empty means "not configured".
   */
  public static TrainShards discover(String dataDir) {
    if (dataDir == null || dataDir.isEmpty()) {
      throw new TrainDataException("locked train data path is not configured (no random-token fallback)");
    }
    Path base = Path.of(dataDir);
    if (!Files.isDirectory(base)) {
      throw new TrainDataException(
          "locked train data path is missing: " + dataDir + " (no random-token fallback)");
    }
    List<Path> candidates = List.of();
    for (int i = 0; i < PATTERNS_SUFFIX.length && candidates.isEmpty(); i++) {
      candidates = regularFiles(base, PATTERNS_PREFIX[i], PATTERNS_SUFFIX[i]);
    }
    if (candidates.isEmpty() && Files.isDirectory(base.resolve("train"))) {
      candidates = regularFiles(base.resolve("train"), "", ".jsonl");
    }
    List<Path> nonEmpty = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    for (Path p : candidates) {
      long size = size(p);
      if (size > 0) {
        nonEmpty.add(p);
        sizes.add(size);
      }
    }
    if (nonEmpty.isEmpty()) {
      throw new TrainDataException("locked train data is empty: " + dataDir + " (no random-token fallback)");
    }
    return new TrainShards(base, dataDir, nonEmpty, sizes, null);
  }

  private static List<Path> regularFiles(Path dir, String prefix, String suffix) {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        String name = p.getFileName().toString();
        if (name.startsWith(prefix) && name.endsWith(suffix)
            && name.length() >= prefix.length() + suffix.length() && Files.isRegularFile(p)) {
          out.add(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    out.sort(Comparator.comparing(p -> p.getFileName().toString(), Python.CODE_POINT_ORDER));
    return out;
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat " + p, e);
    }
  }

  /**
   * The same shards (data directory, names, sizes) read from their sealed copies under {@code
   * seal.dir()}: every stream over the result checks each block against the seal before using it
   * and throws {@link DataTamperedException} on the first difference.
   *
   * @throws DataTamperedException when a shard was not sealed
   */
  public TrainShards readThrough(ShardSeal seal) {
    Path base = dataDir.toAbsolutePath().normalize();
    List<Path> sealed = new ArrayList<>(files.size());
    for (Path file : files) {
      sealed.add(seal.file(ShardSeal.relativeName(base, file)));
    }
    return new TrainShards(dataDir, dataDirText, sealed, sizes, seal);
  }

  /** How streams open the files: through the seal, when there is one. */
  ShardOpener opener() {
    return seal == null ? ShardOpener.PLAIN : seal::open;
  }

  /** The selected shard files, in stream order. */
  public List<Path> files() {
    return files;
  }

  /** File sizes at discovery time, parallel to {@link #files()}. */
  public List<Long> sizes() {
    return sizes;
  }

  /** Sum of the selected shards' sizes ({@code available_bytes}). */
  public long availableBytes() {
    return availableBytes;
  }

  /** Number of selected shards ({@code shard_count}). */
  public int shardCount() {
    return files.size();
  }

  /** The data directory. */
  public Path dataDir() {
    return dataDir;
  }

  /** The data directory exactly as it was given ({@code data_dir} in the manifest). */
  public String dataDirText() {
    return dataDirText;
  }

  @Override
  public String toString() {
    return "TrainShards[" + dataDirText + ", " + files.size() + " shards, " + availableBytes + " bytes]";
  }
}

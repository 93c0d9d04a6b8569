package ai.prism.core.data;

import ai.prism.core.json.Python;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A locked dataset on disk: {@code MANIFEST.json} plus {@code <split>/<split>-NNNNN.jsonl} shards
 * (spec §3.1–3.3). Opening can verify every shard against the manifest pin; {@link #documents}
 * is the strict host loader used for val/test (malformed lines are errors, not skips).
 */
public final class LockedCorpus {

  /** Default bound on one line for the strict loader (same as the batcher's); see {@link #documents(String, int)}. */
  public static final int DEFAULT_MAX_LINE_BYTES = BatcherOptions.DEFAULT_MAX_LINE_BYTES;

  private final Path root;
  private final LockedManifest manifest;

  private LockedCorpus(Path root, LockedManifest manifest) {
    this.root = root;
    this.manifest = manifest;
  }

  /** Opens and verifies every split against the FineWeb-Edu pin (fails closed). */
  public static LockedCorpus open(Path root) {
    return open(root, true, LockedManifest.FINEWEB_EDU_PIN_SHA);
  }

  /**
   * Opens {@code root}; with {@code verify}, every split is checked against the manifest and the
   * manifest pin against {@code expectedPin}, and any problem is an {@link IntegrityException}.
   */
  public static LockedCorpus open(Path root, boolean verify, String expectedPin) {
    LockedCorpus corpus = new LockedCorpus(root, LockedManifest.load(root));
    if (verify) {
      corpus.verifyOrThrow(expectedPin, Partition.SPLITS);
    }
    return corpus;
  }

  /** The dataset root. */
  public Path root() {
    return root;
  }

  /** The parsed manifest. */
  public LockedManifest manifest() {
    return manifest;
  }

  /** Problems of every split against the FineWeb-Edu pin; empty means intact. */
  public List<String> verify() {
    return verify(LockedManifest.FINEWEB_EDU_PIN_SHA, Partition.SPLITS);
  }

  /**
   * The reference's {@code verify_locked_manifest}: pin and partition (always), then for each of
   * {@code splits}: presence, listed shards on disk with matching sha256 and size, no unlisted
   * {@code <split>-*.jsonl} on disk, fingerprint. Texts are the reference's.
   */
  public List<String> verify(String expectedPin, List<String> splits) {
    List<String> problems = new ArrayList<>();
    check(expectedPin, splits, problems, new ArrayList<>());
    return problems;
  }

  /** Like {@link #verify(String, List)}, raising {@link IntegrityException} on any problem. */
  public void verifyOrThrow(String expectedPin, List<String> splits) {
    List<String> problems = new ArrayList<>();
    List<String> shardsNamed = new ArrayList<>();
    check(expectedPin, splits, problems, shardsNamed);
    if (!problems.isEmpty()) {
      throw new IntegrityException(problems, shardsNamed.isEmpty() ? null : shardsNamed.get(0));
    }
  }

  private void check(String expectedPin, List<String> splits, List<String> problems, List<String> shardsNamed) {
    JsonNode actualPin = manifest.dataset().get("pin_sha");
    if (!PyValues.pyEquals(actualPin, TextNode.valueOf(expectedPin))) {
      problems.add("dataset pin_sha mismatch: manifest " + PythonJson.repr(actualPin)
          + " != expected " + Python.repr(expectedPin));
    }
    JsonNode canonical = Partition.spec();
    if (!PyValues.pyEquals(manifest.partition(), canonical)) {
      problems.add("partition spec mismatch: manifest " + PythonJson.repr(manifest.partition())
          + " != canonical " + PythonJson.repr(canonical));
    }
    for (String name : splits) {
      LockedSplit split = manifest.splits().get(name);
      if (split == null) {
        problems.add("split " + Python.repr(name) + " missing from manifest");
        continue;
      }
      Set<Path> listed = new HashSet<>();
      for (LockedShard shard : split.shards()) {
        Path path = root.resolve(shard.path()).normalize();
        listed.add(path);
        if (!Files.exists(path)) {
          problems.add("listed shard missing on disk: " + shard.path());
          shardsNamed.add(shard.path());
          continue;
        }
        long[] size = new long[1];
        String actual;
        try {
          actual = sha256(path, size);
        } catch (IOException e) {
          problems.add("listed shard cannot be read: " + shard.path() + " (" + e.getMessage() + ")");
          shardsNamed.add(shard.path());
          continue;
        }
        if (!actual.equals(shard.sha256())) {
          problems.add("sha256 mismatch for " + shard.path() + ": manifest " + shard.sha256() + " != on-disk " + actual);
          shardsNamed.add(shard.path());
        }
        if (size[0] != shard.bytes()) {
          problems.add("byte-count mismatch for " + shard.path() + ": manifest " + shard.bytes() + " != on-disk " + size[0]);
          shardsNamed.add(shard.path());
        }
      }
      Path splitDir = root.resolve(name);
      if (Files.isDirectory(splitDir)) {
        for (Path found : splitFiles(splitDir, name)) {
          if (!listed.contains(found.normalize())) {
            problems.add("unlisted shard on disk: " + name + "/" + found.getFileName());
            shardsNamed.add(name + "/" + found.getFileName());
          }
        }
      }
      if (!LockedSplit.fingerprint(name, split.shards()).equals(split.fingerprint())) {
        problems.add("split fingerprint mismatch for " + name);
      }
    }
  }

  private static String sha256(Path path, long[] size) throws IOException {
    MessageDigest md = Partition.newSha256();
    byte[] buf = new byte[1 << 16];
    long total = 0;
    try (InputStream in = Files.newInputStream(path)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
        total += n;
      }
    }
    size[0] = total;
    return Partition.hex(md.digest());
  }

  /** Files {@code <split>-*.jsonl} of a directory (any kind of entry, as Python's glob), by name. */
  static List<Path> splitFiles(Path dir, String split) {
    List<Path> out = new ArrayList<>();
    String prefix = split + "-";
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        String n = p.getFileName().toString();
        if (n.startsWith(prefix) && n.endsWith(".jsonl") && n.length() >= prefix.length() + 6) {
          out.add(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    out.sort(Comparator.comparing(p -> p.getFileName().toString(), Python.CODE_POINT_ORDER));
    return out;
  }

  /** The train split as the runner discovers it in {@code root/train} (the scored stream's input). */
  public TrainShards trainShards() {
    return TrainShards.discover(root.resolve("train").toString());
  }

  /** The split's shard paths relative to the root, in manifest (= stream) order. */
  public List<String> shardPaths(String split) {
    LockedSplit s = manifest.splits().get(split);
    if (s == null) {
      throw new LockedDatasetException("split " + Python.repr(split) + " not present in manifest");
    }
    return s.shards().stream().map(LockedShard::path).toList();
  }

  /** The strict host loader over this corpus's {@code split}, lines bounded by {@link #DEFAULT_MAX_LINE_BYTES}. */
  public SplitDocuments documents(String split) {
    return documents(root, split, DEFAULT_MAX_LINE_BYTES);
  }

  /**
   * The strict host loader over this corpus's {@code split}; a line longer than {@code maxLineBytes}
   * (at least 1) is a {@link ShardFormatException} naming shard and line.
   */
  public SplitDocuments documents(String split, int maxLineBytes) {
    return documents(root, split, maxLineBytes);
  }

  /**
   * The strict host loader over any directory (no manifest needed): {@code root/<split>/} if it
   * is a directory, else {@code root} itself when it holds {@code <split>-*.jsonl}.
   */
  public static SplitDocuments documents(Path root, String split) {
    return documents(root, split, DEFAULT_MAX_LINE_BYTES);
  }

  /** Like {@link #documents(Path, String)}, lines bounded by {@code maxLineBytes} (at least 1). */
  public static SplitDocuments documents(Path root, String split, int maxLineBytes) {
    return SplitDocuments.open(root, split, BatcherOptions.checkedMaxLineBytes(maxLineBytes));
  }
}

package ai.prism.core.run;

import ai.prism.core.PrismException;
import ai.prism.core.data.ShardSeal;
import ai.prism.core.data.TrainShards;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The directory the training role is given as {@code ctx.dataDir()}: a fresh temporary directory
 * holding a read-only copy of exactly the selected train shards, under the names and the layout
 * ({@code name} or {@code train/name}) they have in the configured data directory, so that
 * train-shard discovery on it selects the same files (a symbolic link to a shard becomes the shard
 * itself). The configured directory may be a corpus root with {@code val/} and {@code test/} beside
 * {@code train/}, or the train split of such a root: neither it nor its parent is reachable from the
 * view ({@code ../val} leads nowhere).
 *
 * <p>Copies, not links: a hard or symbolic link would let the training role (same OS user) write
 * through to the user's corpus. The copy is sealed while it is written ({@link ShardSeal}: SHA-256
 * per 1 MiB block); the runner's stream reads the copy through the seal and the copy is checked
 * again after {@code train}, so a role that rewrites it (files and directories are made read-only,
 * but the owner can undo that) fails the run instead of profiting. Costs one sequential read of the
 * selected shards, one write of the same size under {@code java.io.tmpdir}, and that disk space for
 * the run's duration. Deleted when the run ends.
 */
final class TrainView implements AutoCloseable {
  private final Path dir;
  private ShardSeal seal;

  private TrainView(Path dir) {
    this.dir = dir;
  }

  /** Copies and seals {@code shards}; {@code diagnostics} gets one line saying so. */
  static TrainView stage(TrainShards shards, PrintStream diagnostics) {
    Path dir;
    try {
      dir = Files.createTempDirectory("prism-train-");
    } catch (IOException e) {
      throw new PrismException("cannot create the training role's train-only data directory: " + e.getMessage(), e);
    }
    TrainView view = new TrainView(dir);
    try {
      view.seal = ShardSeal.copy(shards, dir);
      view.setWritable(false);
    } catch (UncheckedIOException | PrismException e) {
      view.close();
      throw new PrismException("cannot stage the training role's train-only data directory " + dir + ": "
          + e.getMessage(), e);
    }
    diagnostics.println("PRISM_RUNNER: " + view.seal.entries().size() + " train shard(s) (" + view.seal.totalBytes()
        + " bytes) copied read-only into the training role's data directory and sealed (SHA-256 per "
        + ShardSeal.BLOCK_BYTES + "-byte block)");
    return view;
  }

  /** The directory handed to the training role. */
  Path dir() {
    return dir;
  }

  /** The digests of the copy, taken while it was written. */
  ShardSeal seal() {
    return seal;
  }

  /** Deletes the view (the copies, never the configured shards). */
  @Override
  public void close() {
    setWritable(true);
    for (Path p : entries()) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // A file the training code made undeletable stays in the temporary directory.
      }
    }
  }

  /** Makes every file and directory of the view read-only, or writable by its owner again. */
  private void setWritable(boolean writable) {
    for (Path p : entries()) {
      if (writable) {
        p.toFile().setWritable(true, true);
      } else {
        p.toFile().setWritable(false, false);
      }
    }
  }

  /** The view's entries, deepest first. */
  private List<Path> entries() {
    List<Path> entries = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(entries::add);
    } catch (IOException | UncheckedIOException e) {
      // Unlistable (or already gone): nothing more to do.
    }
    return entries;
  }
}

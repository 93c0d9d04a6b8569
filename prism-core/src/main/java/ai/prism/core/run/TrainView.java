package ai.prism.core.run;

import ai.prism.core.PrismException;
import ai.prism.core.data.TrainShards;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The directory the training role is given as {@code ctx.dataDir()}: a fresh temporary directory
 * holding exactly the selected train shards, under the names and the layout ({@code name} or
 * {@code train/name}) they have in the configured data directory, so that train-shard discovery on
 * it selects the same files (a symbolic link to a shard becomes the shard itself). The configured
 * directory may be a corpus root with {@code val/} and {@code test/} beside {@code train/}, or the
 * train split of such a root: neither it nor its parent is reachable from the view ({@code ../val}
 * leads nowhere). Shards are hard links (no copy) where
 * the file system allows, copies otherwise. The runner's own stream reads the configured shards;
 * the manifest records the configured directory. Deleted when the run ends.
 */
final class TrainView implements AutoCloseable {
  private final Path dir;

  private TrainView(Path dir) {
    this.dir = dir;
  }

  /** Stages the view of {@code shards}; {@code diagnostics} gets one line when shards had to be copied. */
  static TrainView stage(TrainShards shards, PrintStream diagnostics) {
    Path dir;
    try {
      dir = Files.createTempDirectory("prism-train-");
    } catch (IOException e) {
      throw new PrismException("cannot create the training role's train-only data directory: " + e.getMessage(), e);
    }
    TrainView view = new TrainView(dir);
    Path base = shards.dataDir().toAbsolutePath().normalize();
    int copied = 0;
    try {
      for (Path shard : shards.files()) {
        Path abs = shard.toAbsolutePath().normalize();
        Path target = dir.resolve(base.relativize(abs).toString());
        if (!target.normalize().startsWith(dir)) {
          throw new PrismException("train shard " + shard + " is not inside the data directory " + base);
        }
        Files.createDirectories(target.getParent());
        Path real = abs.toRealPath();  // a symlinked shard: link the file itself, not the link
        try {
          Files.createLink(target, real);
        } catch (FileSystemException | UnsupportedOperationException e) {
          Files.copy(real, target, StandardCopyOption.COPY_ATTRIBUTES);
          copied++;
        }
      }
    } catch (IOException | RuntimeException e) {
      view.close();
      throw e instanceof PrismException p ? p
          : new PrismException("cannot stage the training role's train-only data directory " + dir + ": " + e.getMessage(), e);
    }
    if (copied > 0) {
      diagnostics.println("PRISM_RUNNER: " + copied + " train shard(s) copied into the training role's data directory "
          + "(hard links are not possible between " + base + " and " + dir.getParent() + ")");
    }
    return view;
  }

  /** The directory handed to the training role. */
  Path dir() {
    return dir;
  }

  /** Deletes the view (the links or copies, never the configured shards). */
  @Override
  public void close() {
    List<Path> entries = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(entries::add);
    } catch (IOException e) {
      return;
    }
    for (Path p : entries) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // A file the training code made undeletable stays in the temporary directory.
      }
    }
  }
}

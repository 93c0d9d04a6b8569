package ai.prism.examples.cli;

import ai.prism.core.PrismException;
import ai.prism.core.data.IntegrityException;
import ai.prism.core.data.LockedCorpus;
import ai.prism.core.data.LockedManifest;
import ai.prism.core.data.Partition;
import ai.prism.core.data.TrainShards;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The corpus-pin options shared by {@code corpus stats}, {@code evaluate}, {@code run} and {@code
 * demo --data}, and the check they drive before streaming: when the data directory (or its parent,
 * for a split directory such as {@code train/} given directly) holds {@code MANIFEST.json}, the pin,
 * the partition and every split that will be read are verified as {@code corpus verify} does, and
 * every shard the runner's discovery selects must be one the manifest lists. A corpus without
 * {@code MANIFEST.json} is streamed unchecked, as the reference's runner does.
 */
final class CorpusPin {

  @Option(names = "--no-verify",
      description = "stream without checking the corpus against its MANIFEST.json (a corpus without one is never checked)")
  boolean disabled;

  @Option(names = "--expect-pin", paramLabel = "SHA", defaultValue = LockedManifest.FINEWEB_EDU_PIN_SHA,
      description = "expected dataset.pin_sha of a corpus with MANIFEST.json (default: the FineWeb-Edu pin)")
  String expectedPin;

  /**
   * Verifies the corpus behind {@code shards}, the stream of {@code split}.
   *
   * @throws IntegrityException naming the first shard involved, when the corpus does not match its manifest
   * @throws ai.prism.core.data.LockedDatasetException when {@code MANIFEST.json} cannot be parsed
   */
  void verifyStream(TrainShards shards, String split) {
    Path root = manifestRoot(shards.dataDir());
    if (disabled || root == null) {
      return;
    }
    LockedCorpus corpus = LockedCorpus.open(root, false, expectedPin);
    corpus.verifyOrThrow(expectedPin, List.of(split));
    Set<Path> listed = new HashSet<>();
    for (String path : corpus.shardPaths(split)) {
      listed.add(root.resolve(path).toAbsolutePath().normalize());
    }
    for (Path file : shards.files()) {
      Path absolute = file.toAbsolutePath().normalize();
      if (!listed.contains(absolute)) {
        String name = relative(root, absolute);
        throw new IntegrityException(
            List.of("shard streamed as " + split + " is not listed in " + LockedManifest.FILE_NAME + ": " + name), name);
      }
    }
  }

  /**
   * Verifies what a scored run over {@code data} reads: the train stream, and the val split when
   * held-out evaluation will read one.
   */
  void verifyRun(Path data, HeldoutCli heldout) {
    if (disabled) {
      return;
    }
    if (manifestRoot(data) != null) {
      verifyStream(TrainShards.discover(data), "train");
    }
    Path val = heldout.disabled ? null : heldout.valDirectory(data);
    Path valRoot = val == null ? null : manifestRoot(val);
    if (valRoot != null) {
      LockedCorpus.open(valRoot, false, expectedPin).verifyOrThrow(expectedPin, List.of("val"));
    }
  }

  /**
   * {@link #verifyRun}, a failure printed on {@code stderr} as {@code <command>: <message>}.
   *
   * @return whether the run may go on (false: the command exits 2)
   */
  boolean runMayStart(Path data, HeldoutCli heldout, String command, PrintWriter stderr) {
    try {
      verifyRun(data, heldout);
      return true;
    } catch (PrismException e) {
      stderr.println(command + ": " + e.getMessage());
      stderr.flush();
      return false;
    }
  }

  /**
   * The corpus root of {@code dir}: {@code dir} when it holds {@code MANIFEST.json}, else its parent
   * when {@code dir} is named after a split and the parent holds one, else null.
   */
  static Path manifestRoot(Path dir) {
    Path absolute = dir.toAbsolutePath().normalize();
    if (Files.isRegularFile(absolute.resolve(LockedManifest.FILE_NAME))) {
      return absolute;
    }
    Path parent = absolute.getParent();
    Path name = absolute.getFileName();
    if (parent != null && name != null && Partition.SPLITS.contains(name.toString())
        && Files.isRegularFile(parent.resolve(LockedManifest.FILE_NAME))) {
      return parent;
    }
    return null;
  }

  private static String relative(Path root, Path file) {
    return file.startsWith(root) ? root.relativize(file).toString().replace('\\', '/') : file.toString();
  }
}

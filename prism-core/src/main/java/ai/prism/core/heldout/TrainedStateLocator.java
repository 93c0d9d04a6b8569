package ai.prism.core.heldout;

import ai.prism.core.heldout.HeldoutReport.SkipReason;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.JsonValue;
import ai.prism.core.json.PyJson;
import ai.prism.core.manifest.RunManifest;
import ai.prism.core.run.TrainedState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Preconditions 1 and 2 of spec §7.1: the trained state is read only when the challenge-authored
 * manifest recorded exactly the library's file name for this run, and only when that name,
 * symbolic links resolved, is a regular file whose parent is the artifacts directory itself. A file
 * that merely exists in the (training-writable) artifacts directory is never read.
 */
final class TrainedStateLocator {
  private TrainedStateLocator() {}

  static Path locate(RunManifest manifest, Path artifactsDir) throws SkipException {
    JsonValue recorded = manifest.json().object("artifacts")
        .map(a -> a.get("trained_state"))
        .orElse(null);
    if (!(recorded instanceof JsonString name) || !name.value().equals(TrainedState.FILE_NAME)) {
      throw new SkipException(SkipReason.TRAINED_STATE_NOT_RECORDED,
          "the manifest's artifacts.trained_state is " + describe(manifest.json().object("artifacts").orElse(null))
              + ", not " + TrainedState.FILE_NAME + "; held-out needs the trained state the runner saved");
    }
    Path base;
    Path candidate;
    try {
      base = artifactsDir.toRealPath();
      candidate = artifactsDir.resolve(TrainedState.FILE_NAME).toRealPath();
    } catch (IOException e) {
      throw new SkipException(SkipReason.TRAINED_STATE_MISSING,
          "recorded trained state " + artifactsDir.resolve(TrainedState.FILE_NAME) + " cannot be resolved: " + e);
    }
    if (!base.equals(candidate.getParent())) {
      throw new SkipException(SkipReason.TRAINED_STATE_MISSING,
          "recorded trained state resolves to " + candidate + ", outside the artifacts directory " + base);
    }
    if (!Files.isRegularFile(candidate)) {
      throw new SkipException(SkipReason.TRAINED_STATE_MISSING, "recorded trained state " + candidate + " is not a regular file");
    }
    return candidate;
  }

  private static String describe(JsonObject artifacts) {
    if (artifacts == null) {
      return "absent (no artifacts block)";
    }
    JsonValue value = artifacts.get("trained_state");
    return value == null ? "absent" : PyJson.dumps(value, PyJson.Style.COMPACT);
  }
}

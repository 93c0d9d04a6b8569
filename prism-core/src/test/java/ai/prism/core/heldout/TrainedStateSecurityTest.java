package ai.prism.core.heldout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.heldout.HeldoutReport.SkipReason;
import ai.prism.core.json.JsonNull;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.JsonValue;
import ai.prism.core.manifest.ArtifactsBlock;
import ai.prism.core.manifest.RunManifest;
import ai.prism.core.run.Bigram;
import ai.prism.core.run.TrainedState;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trained state lives in a directory the training code can write: held-out reads it only when
 * the challenge-authored manifest recorded the library's file for this run, only directly in the
 * artifacts directory, and only when it is a valid trained-state file for the architecture. Anything
 * else is refused before any parameter is used, and held-out is skipped with the manifest unchanged.
 */
class TrainedStateSecurityTest {
  @TempDir static Path tmp;
  static Path corpus;
  static HeldoutRun learner;
  static byte[] valid;

  @BeforeAll
  static void run() throws IOException {
    corpus = Fixture.corpus(tmp.resolve("corpus"), Fixture.prose(30, 30, 1), Fixture.prose(60, 12, 2));
    learner = Fixture.run(Fixture.runner(corpus, tmp.resolve("learner")).buildOptions(), Fixture.BIGRAM,
        Fixture.sgd(0.5f, 1, null), null);
    valid = Files.readAllBytes(learner.artifactsDir().resolve(TrainedState.FILE_NAME));
  }

  /** A copy of the learner's artifacts whose trained-state file holds {@code bytes}. */
  private static HeldoutRun planted(String name, byte[] bytes) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.write(dir.resolve(TrainedState.FILE_NAME), bytes);
    learner.manifest().write(dir.resolve(RunManifest.FILE_NAME));
    return new HeldoutRun(learner.architecture(), learner.context(), learner.manifest(), dir, null);
  }

  private static HeldoutReport evaluate(HeldoutRun run) {
    return HeldoutEvaluator.of(Fixture.options(corpus, false).build()).evaluate(run);
  }

  private static void assertSkipped(HeldoutRun run, SkipReason reason, String detailPart) throws IOException {
    byte[] before = Files.readAllBytes(run.manifestPath());
    HeldoutReport report = HeldoutEvaluator.of(Fixture.options(corpus, false).build()).amend(run);
    assertFalse(report.evaluated());
    assertEquals(reason, report.skip().reason(), report.skip().detail());
    assertTrue(report.skip().detail().contains(detailPart), report.skip().detail());
    assertEquals(run.manifest(), report.manifest());
    assertArrayEquals(before, Files.readAllBytes(run.manifestPath()), "nothing was written");
  }

  /** Records whether Java deserialization ever ran its hook. */
  static final AtomicBoolean DESERIALIZED = new AtomicBoolean();

  /** A serialized object whose {@code readObject} would run code on the host. */
  static final class Exploit implements Serializable {
    private static final long serialVersionUID = 1L;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      DESERIALIZED.set(true);
    }
  }

  @Test
  void aRecordedValidStateIsUsed() {
    assertTrue(evaluate(learner).evaluated());
  }

  @Test
  void aSerializedJavaObjectIsRefusedWithoutRunningAnyOfItsCode() throws IOException {
    var bytes = new java.io.ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new Exploit());
    }
    assertSkipped(planted("exploit", bytes.toByteArray()), SkipReason.TRAINED_STATE_REFUSED, "bad magic");
    assertFalse(DESERIALIZED.get(), "the trained state was deserialized");
  }

  @Test
  void aPyTorchPickleIsRefused() throws IOException {
    byte[] pickle = {(byte) 0x80, 0x02, '}', 'q', 0x00, '.'};
    assertSkipped(planted("pickle", pickle), SkipReason.TRAINED_STATE_REFUSED, "bad magic");
  }

  @Test
  void tamperedStatesAreRefused() throws IOException {
    assertSkipped(planted("truncated", Arrays.copyOf(valid, valid.length - 100)), SkipReason.TRAINED_STATE_REFUSED, "");
    byte[] trailing = Arrays.copyOf(valid, valid.length + 8);
    assertSkipped(planted("trailing", trailing), SkipReason.TRAINED_STATE_REFUSED, "trailing bytes");
    byte[] version = valid.clone();
    ByteBuffer.wrap(version).putInt("PRISM-TRAINED-STATE".length(), 99);
    assertSkipped(planted("version", version), SkipReason.TRAINED_STATE_REFUSED, "format version 99");
    byte[] padded = Arrays.copyOf(valid, valid.length + (1 << 20));
    assertSkipped(planted("padded", padded), SkipReason.TRAINED_STATE_REFUSED, "");
  }

  @Test
  void aStateOfAnotherArchitectureIsRefused() throws IOException {
    HeldoutRun other = planted("other-arch", valid);
    HeldoutRun wider = new HeldoutRun(ctx -> new Bigram(ctx.vocabSize() * 2), other.context(), other.manifest(),
        other.artifactsDir(), null);
    assertSkipped(wider, SkipReason.TRAINED_STATE_REFUSED, "freshly built block");
  }

  @Test
  void aStateTheManifestDidNotRecordIsNeverRead() throws IOException {
    HeldoutRun present = planted("unrecorded", valid);
    for (JsonValue recorded : new JsonValue[] {JsonNull.INSTANCE, new JsonString(ArtifactsBlock.TRAINED_STATE_FILE),
        new JsonString("../learner/" + TrainedState.FILE_NAME), new JsonString("")}) {
      RunManifest m = new RunManifest(present.manifest().json().with("artifacts",
          present.manifest().json().object("artifacts").orElseThrow().with("trained_state", recorded)));
      m.write(present.manifestPath());
      assertSkipped(new HeldoutRun(present.architecture(), present.context(), m, present.artifactsDir(), null),
          SkipReason.TRAINED_STATE_NOT_RECORDED, "artifacts.trained_state");
    }
    RunManifest noArtifacts = new RunManifest(present.manifest().json().without("artifacts"));
    noArtifacts.write(present.manifestPath());
    assertSkipped(new HeldoutRun(present.architecture(), present.context(), noArtifacts, present.artifactsDir(), null),
        SkipReason.TRAINED_STATE_NOT_RECORDED, "no artifacts block");
  }

  @Test
  void aStateOutsideTheArtifactsDirectoryOrNotARegularFileIsNotRead() throws IOException {
    Path outside = Files.write(tmp.resolve("elsewhere.params"), valid);
    HeldoutRun linked = planted("symlink", new byte[0]);
    Files.delete(linked.artifactsDir().resolve(TrainedState.FILE_NAME));
    Files.createSymbolicLink(linked.artifactsDir().resolve(TrainedState.FILE_NAME), outside);
    assertSkipped(linked, SkipReason.TRAINED_STATE_MISSING, "outside the artifacts directory");

    HeldoutRun missing = planted("missing", new byte[0]);
    Files.delete(missing.artifactsDir().resolve(TrainedState.FILE_NAME));
    assertSkipped(missing, SkipReason.TRAINED_STATE_MISSING, "cannot be resolved");

    HeldoutRun directory = planted("directory", new byte[0]);
    Files.delete(directory.artifactsDir().resolve(TrainedState.FILE_NAME));
    Files.createDirectory(directory.artifactsDir().resolve(TrainedState.FILE_NAME));
    assertSkipped(directory, SkipReason.TRAINED_STATE_MISSING, "not a regular file");
  }

  @Test
  void aLinkToAStateInsideTheArtifactsDirectoryIsFollowedAsTheReferenceDoes() throws IOException {
    HeldoutRun linked = planted("inner-link", new byte[0]);
    Path target = Files.write(linked.artifactsDir().resolve("real.params"), valid);
    Files.delete(linked.artifactsDir().resolve(TrainedState.FILE_NAME));
    Files.createSymbolicLink(linked.artifactsDir().resolve(TrainedState.FILE_NAME), target.getFileName());
    assertTrue(evaluate(linked).evaluated());
  }
}

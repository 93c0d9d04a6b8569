package ai.prism.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.capture.TrainBatch;
import ai.prism.core.data.DataTamperedException;
import ai.prism.core.manifest.RunManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training role gets a sealed, read-only copy of the train split ({@link TrainView}): rewriting
 * it through {@code ctx.dataDir()} fails the run with {@code prism:data-tampered} and never reaches
 * the user's corpus.
 */
class DataTamperingTest {
  /** A short, very predictable text the hostile role puts where the second shard's documents were. */
  static final List<String> EASY = Collections.nCopies(40, "a".repeat(200));

  @TempDir Path tmp;

  /** Two shards: the stream reads {@code train-000.jsonl} first, then {@code train-001.jsonl}. */
  private RunFixture twoShards() {
    Path data = Corpus.prose(tmp.resolve("train"), 10, 30);
    Corpus.shard(data, "train-001.jsonl", List.of("the second shard holds prose too", "and one more line of it"));
    return new RunFixture(tmp, data);
  }

  /** Overwrites {@code name} in the role's data directory, undoing the read-only mode first. */
  static void rewrite(TrainingContext ctx, String name) throws Exception {
    Path target = ctx.context().dataDir().resolve(name);
    target.getParent().toFile().setWritable(true, true);
    target.toFile().setWritable(true, true);
    Files.delete(target);
    Corpus.shard(target.getParent(), name, EASY);
  }

  @Test
  void rewritingAShardTheStreamHasNotReadFailsTheRunWhenTheStreamReachesIt() throws Exception {
    RunFixture f = twoShards();
    byte[] before = Files.readAllBytes(f.data.resolve("train-001.jsonl"));
    List<Throwable> seenByLoop = new ArrayList<>();
    List<Integer> batches = new ArrayList<>();
    RunFailedException e = assertThrows(RunFailedException.class, () -> f.run(ctx -> {
      rewrite(ctx, "train-001.jsonl");
      var model = ctx.buildModel();
      int n = 0;
      try {
        for (TrainBatch b : ctx.trainBatches(model, RunFixture.SEQ16_BATCH1)) {
          n++;
        }
      } catch (DataTamperedException swallowed) {
        seenByLoop.add(swallowed);  // a hostile loop hides it; the run must fail anyway
      }
      batches.add(n);
    }));
    assertEquals(RunFailure.DATA_TAMPERED, e.failure().ruleId());
    assertTrue(e.getMessage().startsWith("PRISM_RUNNER_DATA_TAMPERED: train shard train-001.jsonl does not match"
        + " its seal taken before train(ctx): "), e.getMessage());
    assertEquals(1, seenByLoop.size(), "the stream refused the block the moment it reached it");
    DataTamperedException atRead = (DataTamperedException) seenByLoop.get(0);
    assertEquals("train-001.jsonl", atRead.shard());
    assertEquals(0, atRead.block());
    assertTrue(batches.get(0) > 0, "the first shard was read and scored before");
    assertNull(e.manifestPath());
    assertFalse(Files.exists(f.artifacts.resolve(RunManifest.FILE_NAME)));
    assertArrayEquals(before, Files.readAllBytes(f.data.resolve("train-001.jsonl")), "the user's corpus is untouched");
  }

  @Test
  void rewritingAShardTheStreamNeverReadsIsFoundAfterTrainReturns() throws Exception {
    RunFixture f = twoShards();
    RunFailedException e = assertThrows(RunFailedException.class, () -> f.run(ctx -> {
      new Loops.Sgd().options(RunFixture.SEQ16_BATCH1).maxBatches(2).train(ctx);
      rewrite(ctx, "train-001.jsonl");
    }));
    assertEquals(RunFailure.DATA_TAMPERED, e.failure().ruleId());
    assertTrue(e.getMessage().contains("train-001.jsonl"), e.getMessage());
    assertTrue(f.diagnostics().contains("PRISM_RUNNER_DATA_TAMPERED: train shard train-001.jsonl"), f.diagnostics());
  }

  @Test
  void theRoleGetsAReadOnlyCopyNotALinkToTheCorpus() throws Exception {
    RunFixture f = twoShards();
    List<Object> seen = new ArrayList<>();
    RunResult r = f.run(ctx -> {
      Path copy = ctx.context().dataDir().resolve("train-000.jsonl");
      seen.add(Files.isSameFile(copy, f.data.resolve("train-000.jsonl")));
      seen.add(Files.isSymbolicLink(copy));
      Set<PosixFilePermission> modes = Files.getPosixFilePermissions(copy);
      seen.add(modes.contains(PosixFilePermission.OWNER_WRITE) || modes.contains(PosixFilePermission.GROUP_WRITE)
          || modes.contains(PosixFilePermission.OTHERS_WRITE));
      seen.add(Files.getPosixFilePermissions(ctx.context().dataDir()).contains(PosixFilePermission.OWNER_WRITE));
      seen.add(Files.readAllBytes(copy));
      new Loops.Sgd().options(RunFixture.SEQ16_BATCH1).maxBatches(2).train(ctx);
    });
    assertEquals(List.of(false, false, false, false), seen.subList(0, 4), "not the same file, no link, no write bit");
    assertArrayEquals(Files.readAllBytes(f.data.resolve("train-000.jsonl")), (byte[]) seen.get(4));
    assertEquals(2, r.onlineLoss().size());
  }
}

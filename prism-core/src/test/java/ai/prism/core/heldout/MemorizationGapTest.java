package ai.prism.core.heldout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.json.JsonBool;
import ai.prism.core.json.JsonFloat;
import ai.prism.core.json.JsonString;
import ai.prism.core.run.J;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The train-vs-held-out gap (spec §7.3, §9.7): a memorizer — a tiny narrow train split, trained
 * many steps per batch — is flagged against its converged train bpb; a same-distribution learner
 * is not; the converged reference is more sensitive than the prequential one. Also the
 * tokenizer-aware option: for a tokenizer learner the reference's byte-level delta sees nothing,
 * the tokenizer-aware delta sees what it learned.
 */
class MemorizationGapTest {
  private static final String NARROW_TRAIN = "aaaa bbbb aaaa bbbb aaaa bbbb aaaa bbbb";
  private static final String DISJOINT_VAL = "wxyz wxyz wxyz wxyz wxyz wxyz wxyz wxyz";

  @TempDir Path tmp;

  private HeldoutRun memorizer(Path corpus) {
    return Fixture.run(Fixture.runner(corpus, tmp.resolve("memorizer")).buildOptions(), Fixture.BIGRAM,
        Fixture.sgd(0.5f, 20, null), null);
  }

  @Test
  void aMemorizerIsFlaggedAgainstItsConvergedTrainBpb() {
    Path corpus = Fixture.corpus(tmp.resolve("corpus"), Fixture.repeated(NARROW_TRAIN, 60), Fixture.repeated(DISJOINT_VAL, 60));
    HeldoutRun run = memorizer(corpus);
    HeldoutReport converged = HeldoutEvaluator.of(Fixture.options(corpus, true).build()).evaluate(run);
    HeldoutResult r = converged.result();
    assertEquals(HeldoutResult.CONVERGED, r.gapBasis());
    assertNotNull(r.trainBpbConverged());
    assertTrue(r.trainBpbConverged() < r.valBpbTrained());
    assertEquals(r.valBpbTrained() - r.trainBpbConverged(), r.trainHeldoutGap(), 0.0);
    assertTrue(r.trainHeldoutGap() > 1.0, "gap " + r.trainHeldoutGap());
    assertTrue(r.memorizationFlag());
    assertEquals(JsonBool.TRUE, J.get(converged.manifest(), "anti_cheat.memorization_flag"));
    assertEquals(JsonBool.TRUE, J.get(converged.manifest(), "metrics.memorization_flag"));

    // The curve-averaged prequential bpb is inflated by the early steps: its gap is smaller.
    double prequential = ((JsonFloat) J.get(run.manifest(), "metrics.prequential_bpb")).value();
    HeldoutResult fallback = HeldoutEvaluator.of(Fixture.options(corpus, false).build()).evaluate(run).result();
    assertEquals(HeldoutResult.PREQUENTIAL, fallback.gapBasis());
    assertTrue(r.trainBpbConverged() < prequential, r.trainBpbConverged() + " vs " + prequential);
    assertTrue(r.trainHeldoutGap() > fallback.trainHeldoutGap());
  }

  @Test
  void aSameDistributionLearnerIsNotFlagged() {
    List<String> texts = Fixture.prose(120, 20, 5);
    Path corpus = Fixture.corpus(tmp.resolve("same"), texts.subList(0, 60), texts.subList(60, 120));
    HeldoutRun run = Fixture.run(Fixture.runner(corpus, tmp.resolve("learner")).buildOptions(), Fixture.BIGRAM,
        Fixture.sgd(0.5f, 1, null), null);
    HeldoutResult r = HeldoutEvaluator.of(Fixture.options(corpus, true).build()).evaluate(run).result();
    assertEquals(HeldoutResult.CONVERGED, r.gapBasis());
    assertTrue(r.trainHeldoutGap() < 1.0, "gap " + r.trainHeldoutGap());
    assertFalse(r.memorizationFlag());
  }

  @Test
  void theTokenizerAwareOptionMeasuresWhatATokenizerLearnerLearned() {
    List<String> texts = Fixture.prose(120, 20, 9);
    Path corpus = Fixture.corpus(tmp.resolve("pairs"), texts.subList(0, 60), texts.subList(60, 120));
    Fixture.PairTokenizer pairs = new Fixture.PairTokenizer();
    HeldoutRun run = Fixture.run(Fixture.runner(corpus, tmp.resolve("tokenizer-run")).vocabSize(512).buildOptions(),
        Fixture.BIGRAM, Fixture.sgd(0.5f, 1, pairs), pairs);
    assertEquals(new JsonString("tokenizer"), J.get(run.manifest(), "metrics.train_bpb_basis"));

    // Reference behaviour: raw bytes (ids 0..255) the model never saw, so trained == twin exactly.
    HeldoutResult bytes = HeldoutEvaluator.of(Fixture.options(corpus, false).build()).evaluate(run).result();
    assertEquals("bytes", bytes.valBpbBasis());
    assertEquals(0.0, bytes.heldoutDelta(), 1e-9);
    assertNull(bytes.trainHeldoutGap(), "train basis tokenizer vs val basis bytes: no prequential gap");

    // Tokenizer-aware: the run's tokenizer and byte weights, comparable with its prequential bpb.
    HeldoutReport aware = HeldoutEvaluator.of(Fixture.options(corpus, false).tokenizerAware(true).build()).evaluate(run);
    HeldoutResult r = aware.result();
    assertEquals("tokenizer", r.valBpbBasis());
    assertTrue(r.heldoutDelta() > 0.1, "delta " + r.heldoutDelta());
    double prequential = ((JsonFloat) J.get(run.manifest(), "metrics.prequential_bpb")).value();
    assertEquals(HeldoutResult.PREQUENTIAL, r.gapBasis());
    assertEquals(r.valBpbTrained() - prequential, r.trainHeldoutGap(), 0.0);
    assertFalse(r.memorizationFlag());
    assertEquals(new JsonString("tokenizer"), J.get(aware.manifest(), "metrics.val_bpb_basis"));
    assertEquals(r.valCoveredBytes(), bytes.valCoveredBytes(), "val_covered_bytes is the prefix size in both modes");

    // The converged train bpb is measured on the same basis.
    HeldoutResult withTrain = HeldoutEvaluator.of(Fixture.options(corpus, true).tokenizerAware(true).build()).evaluate(run).result();
    assertEquals(HeldoutResult.CONVERGED, withTrain.gapBasis());
    assertTrue(withTrain.trainBpbConverged() < withTrain.valBpbRandomInit());
  }

  @Test
  void tokenizerAwareWithoutARunTokenizerIsTheReferenceMeasurement() {
    List<String> texts = Fixture.prose(80, 20, 11);
    Path corpus = Fixture.corpus(tmp.resolve("bytes"), texts.subList(0, 40), texts.subList(40, 80));
    HeldoutRun run = Fixture.run(Fixture.runner(corpus, tmp.resolve("bytes-run")).buildOptions(), Fixture.BIGRAM,
        Fixture.sgd(0.5f, 1, null), null);
    HeldoutResult reference = HeldoutEvaluator.of(Fixture.options(corpus, true).build()).evaluate(run).result();
    HeldoutResult aware = HeldoutEvaluator.of(Fixture.options(corpus, true).tokenizerAware(true).build()).evaluate(run).result();
    assertEquals(reference, aware);
  }
}

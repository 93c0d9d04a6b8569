package ai.prism.core.heldout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.PrismException;
import ai.prism.core.manifest.RunManifest;
import org.junit.jupiter.api.Test;

/** Spec §7.3 derived values and the host's reading of the run's train side, without a model. */
class DerivedValuesTest {

  @Test
  void theConvergedTrainBpbIsTheTrainSideWheneverItIsSane() {
    HeldoutResult r = HeldoutResult.derive(3.0, 3.2, 100, 0.2, 2.5, "tokenizer", "bytes");
    assertEquals(0.2, r.heldoutDelta(), 1e-15);
    assertEquals(2.8, r.trainHeldoutGap(), 1e-15);
    assertEquals("converged", r.gapBasis());
    assertTrue(r.memorizationFlag());
    assertEquals(0.2, r.trainBpbConverged());
  }

  @Test
  void anInsaneConvergedValueIsDroppedAndThePrequentialBpbIsUsedForLikeBases() {
    for (Double insane : new Double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY, null}) {
      HeldoutResult r = HeldoutResult.derive(1.4, 2.6, 100, insane, 1.2, "bytes", "bytes");
      assertNull(r.trainBpbConverged());
      assertEquals("prequential", r.gapBasis());
      assertEquals(1.4 - 1.2, r.trainHeldoutGap(), 0.0);
      assertFalse(r.memorizationFlag());
    }
    HeldoutResult noBasis = HeldoutResult.derive(4.0, 5.0, 100, null, 1.0, null, "bytes");
    assertEquals("prequential", noBasis.gapBasis());
    assertTrue(noBasis.memorizationFlag());
  }

  @Test
  void unlikeBasesOrANonFinitePrequentialBpbGiveNoGapAndNoFlag() {
    HeldoutResult unlike = HeldoutResult.derive(8.0, 8.5, 100, null, 1.0, "tokenizer", "bytes");
    assertNull(unlike.trainHeldoutGap());
    assertNull(unlike.gapBasis());
    assertFalse(unlike.memorizationFlag());
    assertNull(HeldoutResult.derive(8.0, 8.5, 100, null, Double.NaN, "bytes", "bytes").gapBasis());
    assertNull(HeldoutResult.derive(8.0, 8.5, 100, null, null, "bytes", "bytes").gapBasis());
    // Tokenizer-aware: a tokenizer run against a tokenizer val basis is comparable.
    assertEquals("prequential", HeldoutResult.derive(3.0, 4.0, 100, null, 2.5, "tokenizer", "tokenizer").gapBasis());
  }

  @Test
  void theFlagNeedsAGapStrictlyAboveOneBit() {
    assertFalse(HeldoutResult.derive(2.0, 3.0, 100, 1.0, null, null, "bytes").memorizationFlag());
    assertTrue(HeldoutResult.derive(2.0, 3.0, 100, 0.9999, null, null, "bytes").memorizationFlag());
  }

  @Test
  void aResultIsConsistentByConstruction() {
    assertThrows(PrismException.class, () -> new HeldoutResult(1, 2, 1, 0.5, false, null, "bytes", 1, null, null));
    assertThrows(PrismException.class, () -> new HeldoutResult(1, 2, 1, null, false, null, "bytes", 1, null, "sideways"));
  }

  @Test
  void thePrequentialBpbIsReadAsTheReferenceHostReadsIt() {
    assertEquals(2.5, ManifestMerge.prequentialBpb(RunManifest.parse("{\"metrics\": {\"prequential_bpb\": 2.5}}")));
    assertEquals(3.0, ManifestMerge.prequentialBpb(RunManifest.parse("{\"metrics\": {\"bits_per_byte\": 3}}")));
    // A present null prequential_bpb hides bits_per_byte in that block; the score block is next.
    assertEquals(4.0, ManifestMerge.prequentialBpb(RunManifest.parse(
        "{\"metrics\": {\"prequential_bpb\": null, \"bits_per_byte\": 3.0}, \"score\": {\"prequential_bpb\": 4.0}}")));
    assertNull(ManifestMerge.prequentialBpb(RunManifest.parse("{\"metrics\": {\"prequential_bpb\": true}}")));
    assertNull(ManifestMerge.prequentialBpb(RunManifest.parse("{\"metrics\": {\"prequential_bpb\": \"2.5\"}}")));
    assertNull(ManifestMerge.prequentialBpb(RunManifest.parse("{\"metrics\": []}")));
    assertEquals("tokenizer", ManifestMerge.trainBpbBasis(RunManifest.parse(
        "{\"metrics\": {\"train_bpb_basis\": \"\"}, \"score\": {\"train_bpb_basis\": \"tokenizer\"}}")));
    assertNull(ManifestMerge.trainBpbBasis(RunManifest.parse("{\"metrics\": {\"train_bpb_basis\": 1}}")));
  }

  @Test
  void blocksThatAreNotObjectsAreLeftAlone() {
    RunManifest odd = RunManifest.parse("{\"metrics\": [], \"anti_cheat\": null}");
    HeldoutResult r = HeldoutResult.derive(2.0, 3.0, 10, null, null, null, "bytes");
    assertEquals(odd, ManifestMerge.merge(odd, r));
  }
}

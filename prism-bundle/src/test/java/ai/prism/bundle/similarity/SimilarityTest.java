package ai.prism.bundle.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.bundle.BundleException;
import ai.prism.bundle.BundleReader;
import ai.prism.bundle.BundleReport;
import ai.prism.bundle.BundleValidator;
import ai.prism.bundle.ContractResolver;
import ai.prism.bundle.Fixtures;
import ai.prism.bundle.ResolvedBundle;
import ai.prism.bundle.Submission;
import ai.prism.bundle.ValidationOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Anti-cheat and duplicate-gate scores (spec §8.1–8.2); expected values computed by the reference's
 * {@code classify_duplicate} and {@code anti_cheat.ast_similarity} on the same sources.
 */
class SimilarityTest {
  private static final String OTHER_ARCH =
      "import torch\n\ndef build_model(ctx):\n    return torch.nn.Linear(ctx.vocab_size, ctx.vocab_size)\n";

  private static ResolvedBundle bundle(String arch, String train) {
    return ContractResolver.resolve(BundleReader.reference().readSources(List.of(
        Map.entry("architecture.py", arch), Map.entry("training.py", train))));
  }

  private static final ResolvedBundle CURRENT = bundle(Fixtures.ARCH, Fixtures.COMPLIANT_TRAIN);

  @Test
  void oneChangedHyperParameterIsANearDuplicate() {
    SimilarityScores s = Similarity.compare(CURRENT, bundle(Fixtures.ARCH, Fixtures.COMPLIANT_TRAIN.replace("lr=0.1", "lr=0.2")));
    assertEquals(0.9642857142857143, s.astSimilarity(), 1e-15);
    assertEquals(1.0, s.tokenSimilarity(), 1e-15);
    assertEquals(0.3333333333333333, s.fileSimilarity(), 1e-15);
    assertEquals(0.9749999999999999, s.score(), 1e-15);
    assertEquals(0.0, s.graphSimilarity());
    assertEquals(1.0, s.astFingerprintSimilarity());
    assertEquals(0.2, s.antiCheatMultiplier());
    assertFalse(s.exactCodeHash());
    assertEquals(DuplicateOutcome.QUARANTINE, s.outcome());
  }

  @Test
  void differentBundlesAreAllowed() {
    SimilarityScores s = Similarity.compare(CURRENT, bundle(OTHER_ARCH, Fixtures.PLAIN_TRAIN));
    assertEquals(0.543859649122807, s.astSimilarity(), 1e-15);
    assertEquals(0.12301587301587301, s.tokenSimilarity(), 1e-15);
    assertEquals(0.0, s.fileSimilarity());
    assertEquals(0.4176065162907268, s.score(), 1e-15);
    assertEquals(0.48148148148148145, s.astFingerprintSimilarity(), 1e-15);
    assertEquals(1.0, s.antiCheatMultiplier());
    assertEquals(DuplicateOutcome.ALLOW, s.outcome());
  }

  @Test
  void identicalSourcesScoreOneAndEqualCodeHashesReject() {
    SimilarityScores same = Similarity.compare(CURRENT, bundle(Fixtures.ARCH, Fixtures.COMPLIANT_TRAIN));
    assertEquals(1.0, same.score());
    assertEquals(DuplicateOutcome.QUARANTINE, same.outcome());
    BundleReport a = BundleValidator.validate(new Submission("architecture.py", Fixtures.ARCH,
        Map.of("archive_base64", archive())), ValidationOptions.DEFAULT);
    BundleReport b = BundleValidator.validate(new Submission("architecture.py", Fixtures.ARCH,
        Map.of("archive_base64", archive())), ValidationOptions.DEFAULT);
    SimilarityScores exact = Similarity.compare(a, b);
    assertTrue(exact.exactCodeHash());
    assertEquals(DuplicateOutcome.REJECT, exact.outcome());
  }

  @Test
  void aSourceThatFailsTheSandboxHasNoAstSimilarity() {
    SimilarityScores s = Similarity.compare(CURRENT, bundle(Fixtures.ARCH + "\nimport socket\n", Fixtures.COMPLIANT_TRAIN));
    assertEquals(0.0, s.astFingerprintSimilarity());
    assertEquals(1.0, s.antiCheatMultiplier());
  }

  @Test
  void reportsWithoutAContractCannotBeCompared() {
    BundleReport rejected = BundleValidator.validate(new Submission("model.py", "x = 1\n", Map.of()), ValidationOptions.DEFAULT);
    assertThrows(BundleException.class, () -> Similarity.compare(rejected, rejected));
  }

  private static String archive() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
      zip.putNextEntry(new java.util.zip.ZipEntry("training.py"));
      zip.write(Fixtures.COMPLIANT_TRAIN.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      zip.closeEntry();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return java.util.Base64.getEncoder().encodeToString(bytes.toByteArray());
  }
}

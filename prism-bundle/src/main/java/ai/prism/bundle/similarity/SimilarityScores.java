package ai.prism.bundle.similarity;

import java.util.Objects;

/**
 * How alike two bundles are by the reference's measures (spec §8.1–8.2).
 *
 * @param astFingerprintSimilarity Jaccard of the sandbox fingerprint sets of the two architecture entrypoints
 *     (0 when either fails the sandbox); the anti-cheat multiplier's input
 * @param antiCheatMultiplier 0.2 when {@code astFingerprintSimilarity >= 0.96}, else 1.0
 * @param astSimilarity Jaccard of the duplicate detector's AST/path features
 * @param tokenSimilarity Jaccard of the token 5-gram shingles
 * @param fileSimilarity Jaccard of the sets of file SHA-256s (1.0 for two empty sets)
 * @param score {@code max(fileSimilarity, 0.7 * astSimilarity + 0.3 * tokenSimilarity)}
 * @param graphSimilarity the reference's architecture-graph similarity against a stored candidate, which in v2
 *     carries no graph: 1.0 when the current graph is empty, else 0.0
 * @param exactCodeHash whether both submitted code hashes are known and equal
 * @param outcome the duplicate gate's decision
 */
public record SimilarityScores(
    double astFingerprintSimilarity,
    double antiCheatMultiplier,
    double astSimilarity,
    double tokenSimilarity,
    double fileSimilarity,
    double score,
    double graphSimilarity,
    boolean exactCodeHash,
    DuplicateOutcome outcome) {

  /** Validates the scores. */
  public SimilarityScores {
    Objects.requireNonNull(outcome, "outcome");
    for (double v : new double[] {astFingerprintSimilarity, astSimilarity, tokenSimilarity, fileSimilarity, score, graphSimilarity}) {
      if (!(v >= 0.0 && v <= 1.0)) {
        throw new IllegalArgumentException("similarities lie in [0, 1], got " + v);
      }
    }
  }
}

package ai.prism.bundle.similarity;

import ai.prism.bundle.BundleException;
import ai.prism.bundle.BundleReport;
import ai.prism.bundle.ResolvedBundle;
import ai.prism.bundle.SandboxPolicy;
import ai.prism.bundle.SnapshotFeatures;
import ai.prism.bundle.SourceFile;
import ai.prism.bundle.python.PythonParser;
import ai.prism.bundle.sandbox.StaticSandbox;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Pairwise similarity of two bundles, as the reference's anti-cheat multiplier (spec §8.1) and
 * duplicate gate (spec §8.2) measure it: {@code current} is the new submission, {@code candidate} a
 * stored one.
 */
public final class Similarity {
  /** The AST-fingerprint similarity at which the anti-cheat multiplier drops to 0.2. */
  public static final double NEAR_DUPLICATE = 0.96;
  /** The duplicate-gate score at which the reference quarantines (and, in v2, rejects). */
  public static final double QUARANTINE_SCORE = 0.85;
  /** The graph similarity at which the reference quarantines. */
  public static final double QUARANTINE_GRAPH = 0.82;

  private Similarity() {}

  /**
   * Scores two resolved bundles; their submitted code hashes are unknown here, so the exact-hash rule
   * cannot fire (use {@link #compare(BundleReport, BundleReport)} for that).
   */
  public static SimilarityScores compare(ResolvedBundle current, ResolvedBundle candidate) {
    return compare(current, null, candidate, null);
  }

  /** Scores two validated bundles (both must have resolved their contract), including the exact-hash rule. */
  public static SimilarityScores compare(BundleReport current, BundleReport candidate) {
    if (current.contract() == null || candidate.contract() == null) {
      throw new BundleException("similarity needs two bundles that resolved the contract: "
          + (current.contract() == null ? current.source() : candidate.source()) + " did not");
    }
    return compare(current.contract(), current.fingerprints().codeHash(), candidate.contract(),
        candidate.fingerprints().codeHash());
  }

  private static SimilarityScores compare(ResolvedBundle current, String currentHash, ResolvedBundle candidate, String candidateHash) {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(candidate, "candidate");
    double astFingerprint = astFingerprintSimilarity(current, candidate);
    SnapshotFeatures a = SnapshotFeatures.of(current.snapshot());
    SnapshotFeatures b = SnapshotFeatures.of(candidate.snapshot());
    double ast = jaccard(a.astFeatures(), b.astFeatures());
    double token = jaccard(a.tokenShingles(), b.tokenShingles());
    double file = jaccard(hashes(current), hashes(candidate));
    double score = Math.max(file, 0.7 * ast + 0.3 * token);
    // stored candidates carry no graph in v2: against an empty graph only an empty current graph scores 1.0,
    // and the current graph is empty exactly when the architecture component has no .py file
    double graph = current.architectureFiles().stream().noneMatch(p -> p.endsWith(".py")) ? 1.0 : 0.0;
    boolean exact = currentHash != null && currentHash.equals(candidateHash);
    DuplicateOutcome outcome = exact ? DuplicateOutcome.REJECT
        : score >= QUARANTINE_SCORE || graph >= QUARANTINE_GRAPH ? DuplicateOutcome.QUARANTINE : DuplicateOutcome.ALLOW;
    return new SimilarityScores(astFingerprint, astFingerprint >= NEAR_DUPLICATE ? 0.2 : 1.0, ast, token, file, score, graph,
        exact, outcome);
  }

  /**
   * The anti-cheat Jaccard: the sandbox fingerprint sets of both architecture entrypoints, inspected with the
   * current bundle's local import roots; 0 when either fails the sandbox or does not parse.
   */
  static double astFingerprintSimilarity(ResolvedBundle current, ResolvedBundle candidate) {
    StaticSandbox sandbox = new StaticSandbox(SandboxPolicy.REFERENCE);
    try {
      Set<String> left = fingerprint(sandbox, current.architectureSource(), current);
      Set<String> right = fingerprint(sandbox, candidate.architectureSource(), current);
      if (left.isEmpty() || right.isEmpty()) {
        return 0.0;
      }
      Set<String> both = new HashSet<>(left);
      both.retainAll(right);
      Set<String> either = new HashSet<>(left);
      either.addAll(right);
      return (double) both.size() / either.size();
    } catch (BundleException e) {
      return 0.0;
    }
  }

  private static Set<String> fingerprint(StaticSandbox sandbox, String code, ResolvedBundle roots) {
    return sandbox.inspect(code, PythonParser.parse(code), roots.localImportRoots(), "model.py").fingerprint();
  }

  private static Set<String> hashes(ResolvedBundle bundle) {
    Set<String> out = new HashSet<>();
    for (SourceFile file : bundle.snapshot().files()) {
      out.add(file.sha256());
    }
    return out;
  }

  /** The reference's {@code jaccard}: 1.0 for two empty sets. */
  static double jaccard(Set<String> left, Set<String> right) {
    if (left.isEmpty() && right.isEmpty()) {
      return 1.0;
    }
    Set<String> both = new HashSet<>(left);
    both.retainAll(right);
    Set<String> either = new HashSet<>(left);
    either.addAll(right);
    return (double) both.size() / Math.max(1, either.size());
  }
}

package ai.prism.scoring;

import ai.prism.core.heldout.Rescorer;
import ai.prism.core.manifest.RunManifest;
import ai.prism.core.manifest.ScoreBlock;

/**
 * The held-out step's re-scorer (registered as a {@link Rescorer} service): the manifest's {@link
 * PrequentialScorer} score as the replacement {@code score} block (spec §5.5, §7.3). A manifest
 * that cannot be scored raises {@link ScoreValidationException} and keeps its old block.
 */
public final class PrequentialRescorer implements Rescorer {
  private final PrequentialScorer scorer = new PrequentialScorer();

  @Override
  public ScoreBlock rescore(RunManifest manifest) {
    return scorer.score(manifest).manifestScoreBlock();
  }
}

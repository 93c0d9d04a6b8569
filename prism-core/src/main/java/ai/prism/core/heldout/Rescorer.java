package ai.prism.core.heldout;

import ai.prism.core.manifest.RunManifest;
import ai.prism.core.manifest.ScoreBlock;

/**
 * Re-scores a manifest after the held-out keys were merged into it and returns the scorer's
 * replacement {@code score} block (spec §5.5). prism-scoring registers its prequential scorer as a
 * {@link java.util.ServiceLoader} service of this type; a validator can pass its own.
 */
@FunctionalInterface
public interface Rescorer {
  /**
   * The replacement score block of {@code manifest}.
   *
   * @throws ai.prism.core.PrismException when the manifest cannot be scored; the old block is kept
   */
  ScoreBlock rescore(RunManifest manifest);
}

package ai.prism.core.heldout;

import ai.prism.core.manifest.RunManifest;
import ai.prism.core.run.Architecture;
import ai.prism.core.run.PrismContext;
import ai.prism.core.run.RunOptions;
import ai.prism.core.run.RunResult;
import ai.prism.core.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A finished run as held-out evaluation sees it: the architecture to rebuild (twin and trained
 * model), the host context (vocabulary, sequence length and forced seed are read from it), the
 * challenge-authored manifest, the artifacts directory holding it and the trained state, and the
 * run's tokenizer (used only by the tokenizer-aware option; {@code null} for raw bytes).
 */
public record HeldoutRun(
    Architecture architecture, PrismContext context, RunManifest manifest, Path artifactsDir, Tokenizer tokenizer) {

  /** Checks the required components. */
  public HeldoutRun {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(artifactsDir, "artifactsDir");
  }

  /**
   * The run {@code result} produced by a runner with {@code options}, whose models came from {@code
   * architecture}; {@code tokenizer} is what the training loop streamed with ({@code null}: bytes).
   * The architecture is rebuilt with the host context of the reference: the run's vocabulary,
   * sequence length, caps and seed, and no data, artifacts or tokenizer directory.
   */
  public static HeldoutRun of(RunOptions options, RunResult result, Architecture architecture, Tokenizer tokenizer) {
    PrismContext run = options.context();
    PrismContext host = PrismContext.builder()
        .vocabSize(run.vocabSize())
        .sequenceLength(run.sequenceLength())
        .maxLayers(run.maxLayers())
        .maxParameters(run.maxParameters())
        .seed(run.seed())
        .build();
    return new HeldoutRun(architecture, host, result.manifest(), result.manifestPath().getParent(), tokenizer);
  }

  /** Where the amended manifest is written. */
  public Path manifestPath() {
    return artifactsDir.resolve(RunManifest.FILE_NAME);
  }
}

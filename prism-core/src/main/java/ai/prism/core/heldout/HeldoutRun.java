package ai.prism.core.heldout;

import ai.prism.core.PrismException;
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
 * model) — an instance, evaluated in this JVM, or the Java bundle whose architecture it is,
 * evaluated in a child JVM — the host context (vocabulary, sequence length and forced seed are read
 * from it), the challenge-authored manifest, the artifacts directory holding it and the trained
 * state, and the run's tokenizer (used only by the tokenizer-aware option; {@code null} for raw
 * bytes).
 *
 * @param architecture the architecture, or {@code null} when {@code bundle} is given
 * @param bundle the bundle (directory or jar) whose architecture is evaluated in a child JVM, or
 *     {@code null} when {@code architecture} is given
 */
public record HeldoutRun(
    Architecture architecture,
    Path bundle,
    PrismContext context,
    RunManifest manifest,
    Path artifactsDir,
    Tokenizer tokenizer) {

  /** Checks the required components and that exactly one of architecture and bundle is given. */
  public HeldoutRun {
    if ((architecture == null) == (bundle == null)) {
      throw new PrismException("HeldoutRun needs exactly one of an architecture and a bundle");
    }
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(artifactsDir, "artifactsDir");
  }

  /** A run whose architecture is evaluated in this JVM. */
  public HeldoutRun(Architecture architecture, PrismContext context, RunManifest manifest, Path artifactsDir,
      Tokenizer tokenizer) {
    this(Objects.requireNonNull(architecture, "architecture"), null, context, manifest, artifactsDir, tokenizer);
  }

  /**
   * The run {@code result} produced by a runner with {@code options}, whose models came from {@code
   * architecture}; {@code tokenizer} is what the training loop streamed with ({@code null}: bytes).
   * The architecture is rebuilt with the host context of the reference: the run's vocabulary,
   * sequence length, caps and seed, and no data, artifacts or tokenizer directory.
   */
  public static HeldoutRun of(RunOptions options, RunResult result, Architecture architecture, Tokenizer tokenizer) {
    return new HeldoutRun(architecture, null, hostContext(options), result.manifest(),
        result.manifestPath().getParent(), tokenizer);
  }

  /**
   * The run {@code result} of the Java bundle at {@code bundle}: its architecture is built and run
   * only in a child JVM (see {@link HeldoutEvaluator}), never in this one.
   */
  public static HeldoutRun ofBundle(RunOptions options, RunResult result, Path bundle) {
    return new HeldoutRun(null, Objects.requireNonNull(bundle, "bundle"), hostContext(options), result.manifest(),
        result.manifestPath().getParent(), null);
  }

  private static PrismContext hostContext(RunOptions options) {
    PrismContext run = options.context();
    return PrismContext.builder()
        .vocabSize(run.vocabSize())
        .sequenceLength(run.sequenceLength())
        .maxLayers(run.maxLayers())
        .maxParameters(run.maxParameters())
        .seed(run.seed())
        .build();
  }

  /** Where the amended manifest is written. */
  public Path manifestPath() {
    return artifactsDir.resolve(RunManifest.FILE_NAME);
  }
}

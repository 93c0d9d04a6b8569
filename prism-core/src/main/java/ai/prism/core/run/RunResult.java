package ai.prism.core.run;

import ai.prism.core.manifest.RunManifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A finished, scorable run: the manifest the runner wrote (spec §5) and the numbers most callers
 * want from it. {@link #finalScore()} is the runner-authored score ({@code 1/(1+bpb)} times the
 * step-0 multiplier, no held-out tie-break); the authoritative score is prism-scoring's {@code
 * PrequentialScorer} applied to {@link #manifest()}.
 *
 * @param manifest the manifest as written
 * @param manifestPath where it was written
 * @param trainedStatePath the saved trained state, or {@code null} when none was saved
 * @param onlineLoss per-batch online loss in nats (the loss curve)
 * @param coveredBytesCumulative covered bytes after each batch (the curve's x axis)
 * @param prequentialBpb prequential bits per byte, or {@code null} when not computable
 * @param finalScore the runner-authored score, or {@code null}
 * @param stoppedReason why the stream stopped ({@code null} when the loop broke out early)
 * @param device the device the run used ({@code cpu}, {@code cuda:0})
 */
public record RunResult(
    RunManifest manifest,
    Path manifestPath,
    Path trainedStatePath,
    List<Double> onlineLoss,
    List<Double> coveredBytesCumulative,
    Double prequentialBpb,
    Double finalScore,
    String stoppedReason,
    String device) {

  /** Copies the lists and checks the required components. */
  public RunResult {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(manifestPath, "manifestPath");
    onlineLoss = List.copyOf(onlineLoss);
    coveredBytesCumulative = List.copyOf(coveredBytesCumulative);
    Objects.requireNonNull(device, "device");
  }

  /** Builds the result from a manifest on disk (what the isolated host reads back). */
  static RunResult fromManifest(RunManifest manifest, Path manifestPath, Path artifactsDir) {
    var metrics = manifest.metrics().orElseThrow(() -> new RunFailedException(
        new RunFailure(RunFailure.RUNTIME_ERROR, "run manifest " + manifestPath + " has no metrics block", 0),
        manifestPath, null));
    Path trainedState = manifest.artifacts().flatMap(a -> a.trainedState())
        .map(artifactsDir::resolve).orElse(null);
    return new RunResult(
        manifest,
        manifestPath,
        trainedState,
        metrics.onlineLoss().orElse(List.of()),
        manifest.data().flatMap(d -> d.coveredBytesCumulative()).orElse(List.of()),
        boxed(metrics.prequentialBpb()),
        manifest.score().map(s -> boxed(s.finalScore())).orElse(null),
        manifest.run().flatMap(r -> r.stoppedReason()).orElse(null),
        manifest.run().flatMap(r -> r.device()).orElse("cpu"));
  }

  private static Double boxed(OptionalDouble value) {
    return value.isPresent() ? value.getAsDouble() : null;
  }
}

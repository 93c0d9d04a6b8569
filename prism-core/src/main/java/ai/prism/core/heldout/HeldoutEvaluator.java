package ai.prism.core.heldout;

import ai.prism.core.PrismException;
import ai.prism.core.heldout.HeldoutComputation.Measurement;
import ai.prism.core.heldout.HeldoutReport.SkipReason;
import ai.prism.core.manifest.RunManifest;
import ai.prism.core.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Held-out evaluation on the secret val split (spec §7): the trained model against a random-init
 * twin of the same architecture on a fixed val prefix (the {@code heldout_delta} tie-break), and
 * against the train prefix or the run's prequential bpb (the memorization gap), merged into the
 * manifest and re-scored.
 *
 * <pre>{@code
 * RunResult r = runner.run(architecture, training);
 * HeldoutReport h = HeldoutEvaluator.of(HeldoutOptions.forCorpus(corpusRoot))
 *     .amend(HeldoutRun.of(runner.options(), r, architecture, null));
 * h.manifest();   // amended and re-scored (or the run's, with h.skip() saying why)
 * }</pre>
 *
 * <p>Any failed precondition or step skips held-out and leaves the manifest as the run wrote it, so
 * the run is scored on its bpb alone; {@link HeldoutReport#skip()} says which and why. The trained
 * state is read only when the manifest recorded the library's own file for this run and it lies
 * directly in the artifacts directory, and it is loaded only when it is a valid trained-state file
 * whose table matches the freshly built architecture: anything else is refused before a single
 * parameter is used. The computation runs on a worker thread bounded by {@link
 * HeldoutOptions#timeoutSeconds()}; past it the evaluation is abandoned (it stops at its next chunk
 * and frees its arrays) and held-out is skipped. An architecture instance ({@link HeldoutRun#of})
 * runs in this JVM; a bundle's ({@link HeldoutRun#ofBundle}) runs only in a child JVM that receives
 * the prefix texts on stdin (never the split's location) and is killed at the time bound. Stateless;
 * one in-JVM evaluation at a time is advisable, as with runs, because the forced seed is
 * process-wide.
 */
public final class HeldoutEvaluator {
  private final HeldoutOptions options;

  private HeldoutEvaluator(HeldoutOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** An evaluator with {@code options}. */
  public static HeldoutEvaluator of(HeldoutOptions options) {
    return new HeldoutEvaluator(options);
  }

  /** This evaluator's options. */
  public HeldoutOptions options() {
    return options;
  }

  /**
   * Whether a val split is present at {@code valDataDir} (precondition 3 of spec §7.1): a directory
   * holding {@code val-*.jsonl}, or holding a {@code val/} directory that does.
   */
  public static boolean valSplitPresent(Path valDataDir) {
    if (valDataDir == null || !Files.isDirectory(valDataDir)) {
      return false;
    }
    return hasValShard(valDataDir) || (Files.isDirectory(valDataDir.resolve("val")) && hasValShard(valDataDir.resolve("val")));
  }

  private static boolean hasValShard(Path dir) {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "val-*.jsonl")) {
      return entries.iterator().hasNext();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Evaluates {@code run} and returns the amended, re-scored manifest in the report; nothing is
   * written. When held-out is skipped the report carries the run's manifest unchanged.
   */
  public HeldoutReport evaluate(HeldoutRun run) {
    Objects.requireNonNull(run, "run");
    try {
      HeldoutResult result = compute(run);
      RunManifest merged = ManifestMerge.merge(run.manifest(), result);
      Rescorer rescorer = options.rescorer() != null ? options.rescorer() : ManifestMerge.discoverRescorer();
      ManifestMerge.Rescored rescored = ManifestMerge.rescore(merged, rescorer);
      return new HeldoutReport(result, null, rescored.manifest(), rescored.failure(), null);
    } catch (SkipException e) {
      return HeldoutReport.skipped(run.manifest(), e.reason, e.getMessage());
    } catch (RuntimeException e) {
      // As in the reference, any failure of the held-out step skips it; the run is still scored.
      return HeldoutReport.skipped(run.manifest(), SkipReason.EVALUATION_FAILED, "held-out evaluation failed: " + e);
    }
  }

  /**
   * {@link #evaluate} then, when held-out values were merged, writes the amended manifest over the
   * run's ({@link HeldoutRun#manifestPath()}) atomically; a skipped evaluation writes nothing.
   *
   * @throws PrismException when the amended manifest cannot be written (the old file is intact)
   */
  public HeldoutReport amend(HeldoutRun run) {
    HeldoutReport report = evaluate(run);
    if (!report.evaluated()) {
      return report;
    }
    report.manifest().write(run.manifestPath());
    return report.persistedAt(run.manifestPath());
  }

  /** The skipped report for a caller that turned held-out off, with the manifest unchanged. */
  public static HeldoutReport disabled(RunManifest manifest) {
    return HeldoutReport.skipped(manifest, SkipReason.DISABLED, "held-out evaluation was turned off");
  }

  private HeldoutResult compute(HeldoutRun run) throws SkipException {
    Path trainedState = TrainedStateLocator.locate(run.manifest(), run.artifactsDir());
    if (!valSplitPresent(options.valDataDir())) {
      throw new SkipException(SkipReason.NO_VAL_SPLIT, options.valDataDir() == null
          ? "no val split was configured"
          : "no val split at " + options.valDataDir() + " (neither val-*.jsonl nor val/val-*.jsonl)");
    }
    Double prequential;
    try {
      prequential = ManifestMerge.prequentialBpb(run.manifest());
    } catch (PrismException e) {
      throw new SkipException(SkipReason.EVALUATION_FAILED, "the manifest's prequential bpb is unusable: " + e.getMessage(), e);
    }
    String trainBasis = ManifestMerge.trainBpbBasis(run.manifest());
    Tokenizer tokenizer = options.tokenizerAware() ? run.tokenizer() : null;
    Measurement m = run.bundle() == null ? inThisJvm(run, trainedState, tokenizer) : inChildJvm(run, trainedState);
    if (!HeldoutResult.sane(m.valBpbRandomInit()) || !HeldoutResult.sane(m.valBpbTrained())) {
      throw new SkipException(SkipReason.NOT_SANE, "val bpb not finite and positive: trained " + m.valBpbTrained()
          + ", random-init twin " + m.valBpbRandomInit());
    }
    String valBasis = tokenizer == null ? HeldoutResult.BYTES_BASIS : HeldoutResult.TOKENIZER_BASIS;
    return HeldoutResult.derive(m.valBpbTrained(), m.valBpbRandomInit(), m.valCoveredBytes(), m.trainBpbConverged(),
        prequential, trainBasis, valBasis);
  }

  /** Reads the prefixes and measures on a worker thread of this JVM, within the time bound. */
  private Measurement inThisJvm(HeldoutRun run, Path trainedState, Tokenizer tokenizer) throws SkipException {
    Cancellation cancel = new Cancellation();
    HeldoutComputation computation = new HeldoutComputation(run.architecture(), run.context(), trainedState,
        options.batchSize(), tokenizer, cancel);
    return bounded(cancel, () -> {
      SplitPrefix val = valPrefix(cancel);
      return computation.measure(val, trainPrefix(cancel));
    });
  }

  /** Reads the prefixes here and measures the bundle's architecture in a child JVM. */
  private Measurement inChildJvm(HeldoutRun run, Path trainedState) throws SkipException {
    Cancellation never = new Cancellation();
    return ChildMeasurement.measure(run, options, trainedState, valPrefix(never), trainPrefix(never));
  }

  private SplitPrefix valPrefix(Cancellation cancel) throws SkipException {
    SplitPrefix val = SplitPrefix.scan(options.valDataDir(), "val", options.maxLineBytes(), options.byteBudget(), cancel);
    if (val.isEmpty()) {
      throw new SkipException(SkipReason.VAL_SPLIT_EMPTY,
          "the val split under " + options.valDataDir() + " is empty or the strict loader refused it");
    }
    return val;
  }

  private SplitPrefix trainPrefix(Cancellation cancel) {
    return options.trainDataDir() == null ? null
        : SplitPrefix.scan(options.trainDataDir(), "train", options.maxLineBytes(), options.byteBudget(), cancel);
  }

  /** The work of a bounded evaluation. */
  private interface Work {
    Measurement run() throws SkipException;
  }

  /** Runs {@code work} on a worker thread, giving up (and cancelling it) after the time bound. */
  private Measurement bounded(Cancellation cancel, Work work) throws SkipException {
    CompletableFuture<Measurement> outcome = new CompletableFuture<>();
    Thread worker = new Thread(() -> {
      try {
        outcome.complete(work.run());
      } catch (Throwable e) {
        outcome.completeExceptionally(e);
      }
    }, "prism-heldout");
    worker.setDaemon(true);
    worker.start();
    try {
      return outcome.get((long) Math.ceil(options.timeoutSeconds() * 1000.0), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      cancel.cancel();
      worker.interrupt();
      throw new SkipException(SkipReason.TIMED_OUT,
          "held-out evaluation exceeded its " + options.timeoutSeconds() + " s bound and was abandoned");
    } catch (InterruptedException e) {
      cancel.cancel();
      worker.interrupt();
      Thread.currentThread().interrupt();
      throw new SkipException(SkipReason.TIMED_OUT, "interrupted while waiting for held-out evaluation", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SkipException skip) {
        throw skip;
      }
      throw new SkipException(SkipReason.EVALUATION_FAILED, "held-out evaluation failed: " + cause, cause);
    }
  }
}

package ai.prism.core.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.prism.core.PrismException;
import ai.prism.core.capture.CaptureSetup;
import ai.prism.core.capture.OnlineLossCapture;
import ai.prism.core.capture.ParameterCapExceededException;
import ai.prism.core.data.Budgets;
import ai.prism.core.data.DataTamperedException;
import ai.prism.core.data.ShardSeal;
import ai.prism.core.data.TrainShards;
import ai.prism.core.json.Python;
import ai.prism.core.manifest.RunManifest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One scored run, start to finish, in the order of spec §4.2 and §4.11: device, forced init #1,
 * artifacts cleanup, train shards (copied and sealed, {@link TrainView}), roles (loaded after #1),
 * context, forced init #4, watchdog, {@code train}, the seal check, then finalisation (foreign
 * manifests discarded, trained state saved, manifest written, zero-forward failure).
 */
final class RunSession {
  /**
   * Serialises runs in one JVM: the engine's random generator and thread settings are
   * process-wide, so two concurrent runs would draw from one generator.
   */
  private static final Object ENGINE_LOCK = new Object();

  static final String ZERO_FORWARD_REASON =
      "zero-batch / no-forward run: no online loss captured (miner never trained on the instrumented"
          + " single-pass batches)";
  private static final String MANIFEST_PREFIX = "prism_run_manifest";
  private static final String LEGACY_TRAINED_STATE = "trained_state.pt";

  /** What loads the two roles (after forced init #1). */
  interface RoleSource {
    Architecture architecture();

    Training training();

    /** Whether the training code may use the fused capture mode. */
    boolean trustedTraining(Training training);
  }

  /** How the watchdog's verdict and the training thread are handled. */
  enum Mode {
    /** Train on a worker thread; on a watchdog verdict abandon it and throw. */
    IN_PROCESS,
    /** Train on the calling thread; on a watchdog verdict halt the JVM with 7 or 8 (the isolated child). */
    CHILD
  }

  private final RunOptions options;
  private final RoleSource roles;
  private final Mode mode;
  private final PrintStream diagnostics;
  private final PrintStream metricsOut;
  private final ShardSeal hostSeal;

  RunSession(RunOptions options, RoleSource roles, Mode mode, PrintStream metricsOut) {
    this(options, roles, mode, metricsOut, null);
  }

  /**
   * A session whose data directory is a view the host already copied and sealed ({@code hostSeal},
   * the isolated child), or that stages its own ({@code null}).
   */
  RunSession(RunOptions options, RoleSource roles, Mode mode, PrintStream metricsOut, ShardSeal hostSeal) {
    this.options = options;
    this.roles = roles;
    this.mode = mode;
    this.diagnostics = options.diagnostics();
    this.metricsOut = metricsOut;
    this.hostSeal = hostSeal;
  }

  RunResult execute() {
    synchronized (ENGINE_LOCK) {
      return executeLocked();
    }
  }

  private RunResult executeLocked() {
    Device device = resolveDevice(options.device());
    String deviceName = device.isGpu() ? "cuda:" + device.getDeviceId() : "cpu";
    long seed = options.context().seed();
    ForcedInit.apply(seed);
    diagnostics.println("PRISM_RUNNER: forced seed=" + seed
        + " + DJL engine seed (torch manual_seed) and one PyTorch thread applied before miner classes load");
    Path artifacts = options.artifactsDir();
    createDirectories(artifacts);
    discardStaleArtifacts(artifacts, true);
    TrainShards shards = TrainShards.discover(options.dataDir());
    diagnostics.println("PRISM_RUNNER: locked train split resolved at " + shards.dataDir() + " ("
        + shards.shardCount() + " shards, " + shards.availableBytes() + " bytes)");
    if (hostSeal != null) {
      return run(shards, hostSeal, options.dataDir(), device, deviceName, artifacts);
    }
    try (TrainView view = TrainView.stage(shards, diagnostics)) {
      return run(shards, view.seal(), view.dir(), device, deviceName, artifacts);
    }
  }

  private RunResult run(TrainShards shards, ShardSeal seal, Path roleDataDir, Device device, String deviceName,
      Path artifacts) {
    TrainShards stream;
    try {
      stream = shards.readThrough(seal);
    } catch (DataTamperedException e) {
      throw tamperedFailure(e);
    }
    Architecture architecture = roles.architecture();
    Training training = roles.training();
    PrismContext ctx = options.context(roleDataDir, deviceName);
    ManifestAuthor author = new ManifestAuthor(
        options, ctx, shards.dataDirText(), shards.shardCount(), shards.availableBytes());
    Abort abort = new Abort();
    CaptureSetup setup = new CaptureSetup(
        stream,
        ctx.vocabSize(),
        ctx.sequenceLength(),
        ctx.maxParameters(),
        new Budgets(ctx.tokenBudget(), ctx.stepBudget(), ctx.budgetSeconds()),
        null,
        options.listener(),
        diagnostics,
        abort::check,
        roles.trustedTraining(training),
        options.maxLineBytes());
    NDManager runManager = Engine.getInstance().newBaseManager(device);
    RunTrainingContext trainingContext = new RunTrainingContext(
        ctx, architecture, device, setup, tokenizerLoader(), runManager);
    boolean abandoned = false;
    try {
      diagnostics.println("PRISM_RUNNER: loaded architecture (" + architecture.getClass().getName()
          + ") + training (" + training.getClass().getName() + "); calling train(ctx)");
      abandoned = train(training, trainingContext, author, abort, seal);
      diagnostics.println("PRISM_RUNNER: train(ctx) returned");
      RunFailedException tampered = tampering(seal);
      if (tampered != null) {
        throw tampered;
      }
      return finish(trainingContext, author, artifacts);
    } finally {
      if (!abandoned) {
        trainingContext.close();
        runManager.close();
      }
    }
  }

  /** Runs {@code train}; returns normally when it returned, throws when it raised or a watchdog fired. */
  private boolean train(Training training, RunTrainingContext tctx, ManifestAuthor author, Abort abort, ShardSeal seal) {
    if (mode == Mode.CHILD) {
      ForcedInit.apply(options.context().seed());
      Watchdog watchdog = Watchdog.start(tctx.context(), reason -> haltOnWatchdog(reason, author, tctx));
      try {
        training.train(tctx);
      } catch (Exception e) {
        throw trainingFailure(e, tctx, seal);
      } finally {
        if (watchdog != null) {
          watchdog.close();
        }
      }
      return false;
    }
    CompletableFuture<Void> outcome = new CompletableFuture<>();
    Thread worker = new Thread(() -> {
      try {
        ForcedInit.apply(options.context().seed());
        training.train(tctx);
        outcome.complete(null);
      } catch (Throwable e) {
        outcome.completeExceptionally(e);
      }
    }, "prism-training");
    worker.setDaemon(true);
    Watchdog watchdog = Watchdog.start(tctx.context(), reason -> {
      // Only a verdict that beats train's own completion counts.
      if (outcome.completeExceptionally(new WatchdogFired(reason))) {
        abort.fire(reason);
      }
    });
    try {
      worker.start();
      outcome.join();
      return false;
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof WatchdogFired fired) {
        worker.interrupt();
        Path manifestPath = writeWatchdogManifest(fired.reason, author, tctx.context());
        throw new RunFailedException(watchdogFailure(fired.reason, tctx.context()), manifestPath, null);
      }
      throw trainingFailure(cause, tctx, seal);
    } finally {
      if (watchdog != null) {
        watchdog.close();
      }
    }
  }

  private RunResult finish(RunTrainingContext tctx, ManifestAuthor author, Path artifacts) {
    OnlineLossCapture capture = tctx.capture();
    if (capture != null) {
      try {
        capture.finish();
      } catch (PrismException e) {
        throw new RunFailedException(new RunFailure(RunFailure.RUNTIME_ERROR, e.getMessage(), 0), null, e);
      }
      if (capture.capViolation() != null) {
        throw capFailure(capture.capViolation());
      }
    }
    ManifestAuthor.Outcome outcome =
        ManifestAuthor.Outcome.of(capture == null ? null : capture.summary(), tctx.context().vocabSize());
    discardStaleArtifacts(artifacts, false);
    Path trainedState = saveTrainedState(capture, outcome, artifacts);
    RunManifest manifest = author.manifest(outcome, trainedState == null ? null : TrainedState.FILE_NAME);
    Path manifestPath = artifacts.resolve(RunManifest.FILE_NAME);
    manifest.write(manifestPath);
    if (outcome.zeroForward()) {
      throw new RunFailedException(new RunFailure(RunFailure.RUNTIME_ERROR, ZERO_FORWARD_REASON, 0), manifestPath, null);
    }
    metricsOut.println(author.metricsLine(outcome));
    metricsOut.flush();
    return new RunResult(
        manifest,
        manifestPath,
        trainedState,
        outcome.onlineLoss(),
        outcome.coveredBytesCumulative(),
        outcome.bpb(),
        outcome.finalScore(),
        outcome.stoppedReason(),
        tctx.context().device());
  }

  private Path saveTrainedState(OnlineLossCapture capture, ManifestAuthor.Outcome outcome, Path artifacts) {
    Path target = artifacts.resolve(TrainedState.FILE_NAME);
    deleteQuietly(target);
    if (outcome.zeroForward() || capture == null || capture.model() == null) {
      return null;
    }
    try {
      TrainedState.save(capture.model().getBlock(), target);
      return target;
    } catch (RuntimeException e) {
      diagnostics.println("PRISM_RUNNER: trained-state save skipped: " + e);
      deleteQuietly(target);
      return null;
    }
  }

  private RunFailedException trainingFailure(Throwable e, RunTrainingContext tctx, ShardSeal seal) {
    RunFailedException tampered = tampering(seal);
    if (tampered != null) {
      return tampered;
    }
    OnlineLossCapture capture = tctx.capture();
    if (capture != null && capture.capViolation() != null) {
      return capFailure(capture.capViolation());
    }
    if (e instanceof RunFailedException failed) {
      return failed;
    }
    String detail = String.valueOf(e);
    String lower = detail.toLowerCase(Locale.ROOT);
    boolean oom = e instanceof OutOfMemoryError
        || lower.contains("out of memory") || lower.contains("cannot allocate memory") || lower.contains("bad_alloc");
    String rule = oom ? RunFailure.RESOURCE_OOM : RunFailure.RUNTIME_ERROR;
    return new RunFailedException(new RunFailure(rule, "train(ctx) raised " + detail, 0), null, e);
  }

  /**
   * The check after {@code train}: every sealed shard re-read (one sequential read of the copy), and
   * any difference a stream found during the run (kept even if the loop caught it); {@code null}
   * when the data is intact.
   */
  private RunFailedException tampering(ShardSeal seal) {
    try {
      seal.verify();
      return null;
    } catch (DataTamperedException e) {
      return tamperedFailure(e);
    }
  }

  private RunFailedException tamperedFailure(DataTamperedException e) {
    RunFailure failure = RunFailure.dataTampered(e.getMessage(), 0);
    diagnostics.println(failure.message());
    return new RunFailedException(failure, null, e);
  }

  private static RunFailedException capFailure(ParameterCapExceededException violation) {
    return new RunFailedException(new RunFailure(RunFailure.PARAM_CAP, violation.getMessage(), 0), null, violation);
  }

  private static RunFailure watchdogFailure(String reason, PrismContext ctx) {
    if (Watchdog.WALL_CLOCK.equals(reason)) {
      return new RunFailure(RunFailure.BUDGET_EXCEEDED, budgetMarkerLine(ctx), RunFailure.BUDGET_EXIT_CODE);
    }
    return new RunFailure(RunFailure.ARTIFACTS_QUOTA, quotaMarkerLine(ctx), RunFailure.ARTIFACTS_QUOTA_EXIT_CODE);
  }

  static String budgetMarkerLine(PrismContext ctx) {
    return RunFailure.BUDGET_EXCEEDED_MARKER + ": training loop exceeded the wall-clock budget safety cap ("
        + Python.repr(Watchdog.hardBudgetSeconds(ctx)) + "s)";
  }

  static String quotaMarkerLine(PrismContext ctx) {
    return RunFailure.ARTIFACTS_QUOTA_MARKER + ": artifacts_dir exceeded the disk quota ("
        + ctx.artifactsQuotaBytes() + " bytes)";
  }

  private Path writeWatchdogManifest(String reason, ManifestAuthor author, PrismContext ctx) {
    Path path = options.artifactsDir().resolve(RunManifest.FILE_NAME);
    try {
      author.watchdogManifest(reason).write(path);
    } catch (RuntimeException e) {
      diagnostics.println("PRISM_RUNNER: watchdog manifest not written: " + e);
      return null;
    }
    diagnostics.println(Watchdog.WALL_CLOCK.equals(reason) ? budgetMarkerLine(ctx) : quotaMarkerLine(ctx));
    diagnostics.flush();
    return path;
  }

  /** The isolated child's watchdog action: manifest, marker, hard exit 7 or 8. */
  private void haltOnWatchdog(String reason, ManifestAuthor author, RunTrainingContext tctx) {
    writeWatchdogManifest(reason, author, tctx.context());
    System.err.flush();
    System.out.flush();
    Runtime.getRuntime().halt(Watchdog.WALL_CLOCK.equals(reason)
        ? RunFailure.BUDGET_EXIT_CODE : RunFailure.ARTIFACTS_QUOTA_EXIT_CODE);
  }

  private ReferenceTokenizerLoader tokenizerLoader() {
    return options.referenceTokenizers() != null ? options.referenceTokenizers() : ReferenceTokenizerDiscovery.INSTANCE;
  }

  static Device resolveDevice(DeviceChoice choice) {
    Engine engine = Engine.getInstance();
    int gpus = engine.getGpuCount();
    switch (choice) {
      case CPU:
        return Device.cpu();
      case GPU:
        if (gpus == 0) {
          throw new PrismException("device gpu was requested but the " + engine.getEngineName()
              + " engine sees no GPU (are CUDA natives on the class path?)");
        }
        return Device.gpu(0);
      default:
        return gpus > 0 ? Device.gpu(0) : Device.cpu();
    }
  }

  /**
   * Removes what a run must not inherit: every {@code prism_run_manifest*.json} ({@code all}) or
   * every one except the challenge's own name, and at the start the trained-state files.
   */
  private static void discardStaleArtifacts(Path artifacts, boolean atStart) {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(artifacts, MANIFEST_PREFIX + "*.json")) {
      for (Path entry : entries) {
        if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(entry)) {
          continue;
        }
        if (atStart || !entry.getFileName().toString().equals(RunManifest.FILE_NAME)) {
          deleteQuietly(entry);
        }
      }
    } catch (IOException e) {
      throw new PrismException("cannot list artifacts directory " + artifacts + ": " + e.getMessage(), e);
    }
    if (atStart) {
      deleteQuietly(artifacts.resolve(TrainedState.FILE_NAME));
      deleteQuietly(artifacts.resolve(LEGACY_TRAINED_STATE));
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // The reference ignores OSError here; a file that cannot be removed is overwritten or ignored.
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new PrismException("cannot create artifacts directory " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Set by the in-process watchdog; the capture checks it before every batch. */
  private static final class Abort {
    private volatile String reason;

    void fire(String why) {
      reason = why;
    }

    void check() {
      String why = reason;
      if (why != null) {
        throw new PrismException("run aborted by the safety watchdog (" + why + ")");
      }
    }
  }

  /** The in-process watchdog's verdict, delivered through the training future. */
  private static final class WatchdogFired extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    WatchdogFired(String reason) {
      super(reason, null, false, false);
      this.reason = reason;
    }
  }

  /** Supplies roles that already exist (in-process use). */
  static RoleSource given(Architecture architecture, Training training, boolean trusted) {
    return new RoleSource() {
      @Override
      public Architecture architecture() {
        return architecture;
      }

      @Override
      public Training training() {
        return training;
      }

      @Override
      public boolean trustedTraining(Training t) {
        return trusted;
      }
    };
  }
}

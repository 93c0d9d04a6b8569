package ai.prism.core.run;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Runs a model through one scored pass and writes the challenge-authored manifest (spec §4).
 *
 * <pre>{@code
 * RunResult r = Runner.builder()
 *     .dataDir(Path.of("corpus/train"))
 *     .artifactsDir(Path.of("prism-out"))
 *     .tokenBudget(200_000L)
 *     .build()
 *     .run(ctx -> new MyBlock(ctx.vocabSize()), new MyLoop());
 * r.prequentialBpb();
 * }</pre>
 *
 * <p>{@link #run(Architecture, Training)} and {@link #run(JavaBundle)} run in this JVM: convenient
 * for embedding and JShell, but not a sandbox — the training code can do anything this JVM can.
 * {@link #runIsolated(Path)} runs a bundle in a child JVM with its own heap limit, the hard
 * watchdog's exit codes, the artifacts quota and, where the OS allows, no network. Runs in one JVM
 * are serialised (the engine's random generator is process-wide). Failures are {@link
 * RunFailedException}s carrying the host classification of spec §4.10.
 */
public final class Runner {
  private final RunOptions options;

  Runner(RunOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** A builder of run options with the reference deployment's defaults. */
  public static RunOptions.Builder builder() {
    return new RunOptions.Builder();
  }

  /** A runner with {@code options}. */
  public static Runner of(RunOptions options) {
    return new Runner(options);
  }

  /** This runner's options. */
  public RunOptions options() {
    return options;
  }

  /**
   * Runs {@code training} on models of {@code architecture} in this JVM. The roles are trusted
   * code: the fused capture mode is allowed unless a role class came from a bundle.
   */
  public RunResult run(Architecture architecture, Training training) {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(training, "training");
    boolean trusted = !JavaBundle.isBundleClass(training.getClass());
    return new RunSession(options, RunSession.given(architecture, training, trusted), RunSession.Mode.IN_PROCESS,
        options.diagnostics()).execute();
  }

  /**
   * Runs a Java bundle's roles in this JVM; the classes are loaded after forced init #1. The
   * fused capture mode is refused to bundle training code.
   */
  public RunResult run(JavaBundle bundle) {
    Objects.requireNonNull(bundle, "bundle");
    return new RunSession(options, new BundleRoles(bundle), RunSession.Mode.IN_PROCESS, options.diagnostics()).execute();
  }

  /** Runs the bundle at {@code bundle} (directory or jar) in a child JVM; see {@link IsolatedRun}. */
  public RunResult runIsolated(Path bundle) {
    Objects.requireNonNull(bundle, "bundle");
    return new IsolatedRun(options, bundle).execute();
  }

  /** Roles loaded from a bundle at the moment the session asks for them. */
  record BundleRoles(JavaBundle bundle) implements RunSession.RoleSource {
    @Override
    public Architecture architecture() {
      return bundle.newArchitecture();
    }

    @Override
    public Training training() {
      return bundle.newTraining();
    }

    @Override
    public boolean trustedTraining(Training training) {
      return !JavaBundle.isBundleClass(training.getClass());
    }
  }
}

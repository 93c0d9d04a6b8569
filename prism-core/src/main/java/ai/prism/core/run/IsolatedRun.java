package ai.prism.core.run;

import ai.prism.core.PrismException;
import ai.prism.core.data.DataTamperedException;
import ai.prism.core.data.ShardSeal;
import ai.prism.core.data.TrainShards;
import ai.prism.core.manifest.RunManifest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code prism run --isolated}: the host side of a run whose roles execute in a child JVM (spec
 * §4.1, §4.10).
 *
 * <p>What the child gets: the same {@code java} and the library's class path, the bundle on its
 * own class loader, {@code -Xmx} from {@link RunOptions.Isolation#maxHeap()}, one PyTorch thread, a
 * reduced environment (locale, paths, DJL/PyTorch/CUDA settings and the reference's {@code PRISM_*}
 * and rendezvous variables; nothing else of the host's environment, so no host secrets), and —
 * when {@code unshare -n} (or, unprivileged, {@code unshare -rn}) works here — a network namespace
 * of its own with only a loopback device that is down, i.e. no network at all. Inside, the
 * graceful budget stops the iterator, the watchdog halts the JVM with 7 (wall clock) or 8 (quota)
 * after writing its manifest, and the host kills the child at the outer timeout. The child is given a
 * train-only, read-only, sealed copy of the train shards ({@link TrainView}) as its data directory,
 * in the payload and in {@code PRISM_DATA_DIR}, so nothing it receives names a directory beside
 * val/test; the payload carries the seal, which the child's stream checks each block against, and
 * the host re-checks the copy after the child ends, whatever its exit ({@code prism:data-tampered}
 * when it changed); the host writes the configured directory back into the manifest's {@code
 * data.data_dir}.
 *
 * <p>What it does not give: no seccomp filter, no separate user (the child runs as this user and can
 * read what this user can read and write anywhere this user can, not only the artifacts
 * directory; the quota only measures the artifacts directory), no cgroup limits on native memory,
 * CPU or processes (the heap limit bounds Java objects only, libtorch allocates natively), no
 * read-only file system. Run it inside a container or VM for those.
 */
final class IsolatedRun {
  private static final double DEFAULT_OUTER_TIMEOUT_SECONDS = 1800.0;
  private static final double OUTER_TIMEOUT_MARGIN_SECONDS = 60.0;
  private static final List<String> KEPT_ENVIRONMENT = List.of(
      "PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "JAVA_HOME", "LD_LIBRARY_PATH",
      "DJL_CACHE_DIR", "ENGINE_CACHE_DIR", "PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR",
      "PYTORCH_PRECXX11", "PYTORCH_EXTRA_LIBRARY_PATH", "CUDA_VISIBLE_DEVICES", "PRISM_REFERENCE_TOKENIZER_DIR");

  private final RunOptions options;
  private final Path bundle;
  private final PrintStream diagnostics;

  IsolatedRun(RunOptions options, Path bundle) {
    this.options = options;
    this.bundle = bundle;
    this.diagnostics = options.diagnostics();
  }

  RunResult execute() {
    Path artifacts = options.artifactsDir();
    TrainView view = stageTrainView();
    Path payload;
    try {
      Files.createDirectories(artifacts);
      for (Path stale : staleManifests(artifacts)) {
        Files.deleteIfExists(stale);
      }
      payload = Files.createTempFile("prism-run-payload-", ".json");
      Files.writeString(payload, new ObjectMapper().writeValueAsString(payload(view)), StandardCharsets.UTF_8);
    } catch (IOException e) {
      closeQuietly(view);
      throw new PrismException("cannot prepare the isolated run in " + artifacts + ": " + e.getMessage(), e);
    }
    try {
      return launch(payload, view);
    } finally {
      closeQuietly(view);
      try {
        Files.deleteIfExists(payload);
      } catch (IOException e) {
        diagnostics.println("PRISM_RUNNER: cannot delete payload " + payload + ": " + e.getMessage());
      }
    }
  }

  /**
   * The train-only directory the child is given instead of the configured one, so nothing the child
   * receives (payload, environment, context) names a directory next to val/test; null when the
   * configured directory has no train shards (the child then fails with the reference's reason).
   */
  private TrainView stageTrainView() {
    TrainShards shards;
    try {
      shards = TrainShards.discover(options.dataDir());
    } catch (PrismException | java.io.UncheckedIOException e) {
      return null;
    }
    return TrainView.stage(shards, diagnostics);
  }

  private String childDataDir(TrainView view) {
    return view == null ? options.dataDir().toString() : view.dir().toString();
  }

  private static void closeQuietly(TrainView view) {
    if (view != null) {
      view.close();
    }
  }

  /** Puts the configured data directory back into the child's manifest, where it wrote the view's. */
  private void relabelDataDir(TrainView view) {
    Path path = options.artifactsDir().resolve(RunManifest.FILE_NAME);
    if (view == null || !Files.isRegularFile(path)) {
      return;
    }
    try {
      RunManifest manifest = RunManifest.read(path);
      var data = manifest.data();
      if (data.isPresent() && data.get().dataDir().filter(view.dir().toString()::equals).isPresent()) {
        manifest.withData(data.get().toBuilder().dataDir(options.dataDir().toString()).build()).write(path);
      }
    } catch (PrismException e) {
      diagnostics.println("PRISM_RUNNER: cannot restore data_dir in the child's manifest " + path + ": " + e.getMessage());
    }
  }

  /** The host's own check of the child's data directory against the seal taken when it was copied. */
  private void checkSeal(TrainView view, int exit) {
    if (view == null) {
      return;
    }
    try {
      view.seal().verify();
    } catch (DataTamperedException e) {
      RunFailure failure = RunFailure.dataTampered(e.getMessage(), exit);
      diagnostics.println(failure.message());
      throw new RunFailedException(failure, existingManifest(), e);
    }
  }

  private RunResult launch(Path payload, TrainView view) {
    List<String> command = new ArrayList<>(networkPrefix());
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + options.isolation().maxHeap());
    command.addAll(childSystemProperties());
    command.addAll(options.isolation().jvmOptions());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(IsolatedChild.class.getName());
    command.add(payload.toString());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().retainAll(KEPT_ENVIRONMENT);
    builder.environment().putAll(referenceEnvironment(childDataDir(view)));
    Process child;
    try {
      child = builder.start();
    } catch (IOException e) {
      throw new PrismException("cannot start the isolated child JVM (" + command.get(0) + "): " + e.getMessage(), e);
    }
    try {
      child.getOutputStream().close();
    } catch (IOException e) {
      diagnostics.println("PRISM_RUNNER: cannot close the child's stdin: " + e.getMessage());
    }
    StreamTail stdout = StreamTail.start(child.getInputStream(), null, "prism-child-stdout");
    StreamTail stderr = StreamTail.start(child.getErrorStream(), diagnostics, "prism-child-stderr");
    double timeout = outerTimeoutSeconds(options);
    boolean finished;
    try {
      finished = child.waitFor((long) Math.ceil(timeout * 1000), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      kill(child);
      Thread.currentThread().interrupt();
      throw new PrismException("interrupted while waiting for the isolated child", e);
    }
    if (!finished) {
      kill(child);
    }
    stdout.await();
    stderr.await();
    relabelDataDir(view);
    int exit = child.exitValue();
    checkSeal(view, exit);
    if (!finished) {
      throw new RunFailedException(RunFailure.outerTimeout(exit), existingManifest(), null);
    }
    if (exit != 0) {
      throw new RunFailedException(RunFailure.classify(exit, stdout.detail(), stderr.detail()), existingManifest(), null);
    }
    Path manifestPath = options.artifactsDir().resolve(RunManifest.FILE_NAME);
    if (!Files.isRegularFile(manifestPath)) {
      throw new RunFailedException(new RunFailure(RunFailure.RUNTIME_ERROR,
          "container run produced no challenge-authored prism_run_manifest.v2", 0), null, null);
    }
    RunManifest manifest;
    try {
      manifest = RunManifest.read(manifestPath);
    } catch (PrismException e) {
      throw new RunFailedException(new RunFailure(RunFailure.RUNTIME_ERROR, e.getMessage(), 0), manifestPath, e);
    }
    if (!RunManifest.SCHEMA_VERSION.equals(manifest.schemaVersion().orElse(null))) {
      throw new RunFailedException(new RunFailure(RunFailure.RUNTIME_ERROR,
          "Prism run manifest artifact is not schema prism_run_manifest.v2", 0), manifestPath, null);
    }
    return RunResult.fromManifest(manifest, manifestPath, options.artifactsDir());
  }

  private static void kill(Process child) {
    child.descendants().forEach(ProcessHandle::destroyForcibly);
    child.destroyForcibly();
    try {
      child.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Path existingManifest() {
    Path path = options.artifactsDir().resolve(RunManifest.FILE_NAME);
    return Files.isRegularFile(path) ? path : null;
  }

  /** {@code max(timeout, budget + grace + 60)} with the configured timeout or 1800 s (spec §4.1). */
  static double outerTimeoutSeconds(RunOptions options) {
    Double configured = options.isolation().outerTimeoutSeconds();
    double timeout = configured != null ? configured : DEFAULT_OUTER_TIMEOUT_SECONDS;
    double budget = options.context().budgetSeconds() == null ? 0.0 : options.context().budgetSeconds();
    double grace = options.context().watchdogGraceSeconds() == null ? 0.0 : options.context().watchdogGraceSeconds();
    return Math.max(timeout, budget + grace + OUTER_TIMEOUT_MARGIN_SECONDS);
  }

  private List<String> networkPrefix() {
    return options.isolation().network()
        .commandPrefix("isolated child", note -> diagnostics.println("PRISM_RUNNER: " + note));
  }

  private static List<String> childSystemProperties() {
    List<String> props = new ArrayList<>();
    props.add("-Dai.djl.pytorch.num_threads=1");
    props.add("-Dai.djl.pytorch.num_interop_threads=1");
    for (String name : System.getProperties().stringPropertyNames()) {
      boolean djl = name.startsWith("ai.djl.") && !name.startsWith("ai.djl.pytorch.num_");
      if (djl || name.equals("DJL_CACHE_DIR") || name.equals("ENGINE_CACHE_DIR")) {
        props.add("-D" + name + "=" + System.getProperty(name));
      }
    }
    props.sort(null);
    return props;
  }

  private Map<String, String> referenceEnvironment(String dataDir) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CUBLAS_WORKSPACE_CONFIG", ":4096:8");
    env.put("MASTER_ADDR", ManifestAuthor.MASTER_ADDR);
    env.put("MASTER_PORT", "29500");
    env.put("PRISM_SUBMISSION_ID", options.submissionId());
    env.put("PRISM_EXECUTION_MODE", options.executionMode());
    env.put("PRISM_ARTIFACT_OUTPUT_PATH", options.artifactsDir().toString());
    env.put("PRISM_RUN_MANIFEST_PATH", options.artifactsDir().resolve(RunManifest.FILE_NAME).toString());
    env.put("PRISM_DATA_DIR", dataDir);
    return env;
  }

  private Map<String, Object> payload(TrainView view) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("bundle", bundle.toString());
    p.put("data_dir", childDataDir(view));
    if (view != null) {
      List<Map<String, Object>> shards = new ArrayList<>();
      for (ShardSeal.Entry e : view.seal().entries()) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", e.name());
        entry.put("size", e.size());
        entry.put("block_sha256", e.blockSha256());
        shards.add(entry);
      }
      p.put("train_seal", shards);
    }
    p.put("artifacts_dir", options.artifactsDir().toString());
    p.put("seed", options.context().seed());
    p.put("vocab_size", options.context().vocabSize());
    p.put("sequence_length", options.context().sequenceLength());
    p.put("max_layers", options.context().maxLayers());
    p.put("max_parameters", options.context().maxParameters());
    p.put("token_budget", options.context().tokenBudget());
    p.put("step_budget", options.context().stepBudget());
    p.put("max_line_bytes", options.maxLineBytes());
    p.put("budget_seconds", options.context().budgetSeconds());
    p.put("watchdog_grace_seconds", options.context().watchdogGraceSeconds());
    p.put("artifacts_quota_bytes", options.context().artifactsQuotaBytes());
    p.put("device", options.device().name());
    p.put("submission_id", options.submissionId());
    p.put("execution_mode", options.executionMode());
    p.put("reference_tokenizer_dir",
        options.context().referenceTokenizerDir() == null ? null : options.context().referenceTokenizerDir().toString());
    return p;
  }

  private static List<Path> staleManifests(Path artifacts) throws IOException {
    try (var entries = Files.newDirectoryStream(artifacts, "prism_run_manifest*.json")) {
      List<Path> out = new ArrayList<>();
      entries.forEach(out::add);
      return out;
    }
  }

  /** Drains one child stream, keeping its last bytes and every marker line it saw. */
  static final class StreamTail {
    private static final int TAIL_CHARS = 1 << 20;
    private static final List<String> MARKERS = List.of(
        RunFailure.PARAM_CAP_MARKER, RunFailure.BUDGET_EXCEEDED_MARKER, RunFailure.ARTIFACTS_QUOTA_MARKER,
        RunFailure.DATA_TAMPERED_MARKER);

    private final StringBuilder tail = new StringBuilder();
    private final List<String> markerLines = new ArrayList<>();
    private final Thread thread;

    private StreamTail(InputStream in, PrintStream echo, String name) {
      thread = new Thread(() -> drain(in, echo), name);
      thread.setDaemon(true);
    }

    static StreamTail start(InputStream in, PrintStream echo, String name) {
      StreamTail t = new StreamTail(in, echo, name);
      t.thread.start();
      return t;
    }

    private void drain(InputStream in, PrintStream echo) {
      try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          if (echo != null) {
            echo.println(line);
          }
          synchronized (this) {
            for (String marker : MARKERS) {
              if (line.contains(marker) && markerLines.size() < MARKERS.size() * 4) {
                markerLines.add(line.length() > 500 ? line.substring(0, 500) : line);
              }
            }
            tail.append(line).append('\n');
            if (tail.length() > 2 * TAIL_CHARS) {
              tail.delete(0, tail.length() - TAIL_CHARS);
            }
          }
        }
      } catch (IOException e) {
        synchronized (this) {
          tail.append("[prism: reading the child's output failed: ").append(e.getMessage()).append("]\n");
        }
      }
    }

    void await() {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** The output the host classifies: marker lines that scrolled out of the tail, then the tail. */
    synchronized String detail() {
      String text = tail.length() > TAIL_CHARS ? tail.substring(tail.length() - TAIL_CHARS) : tail.toString();
      StringBuilder out = new StringBuilder();
      for (String marker : markerLines) {
        if (!text.contains(marker)) {
          out.append(marker).append('\n');
        }
      }
      return out.append(text).toString();
    }
  }
}

package ai.prism.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.prism.core.manifest.RunManifest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prism run --isolated}: the child JVM, its exit codes and the host classification. */
class IsolatedRunTest {
  @TempDir Path tmp;

  private static RunOptions.Isolation isolation(RunOptions.NetworkPolicy network) {
    return new RunOptions.Isolation("512m", List.of(), null, network);
  }

  private RunFixture fixture(String name, Path data) {
    RunFixture f = new RunFixture(tmp.resolve(name), data);
    f.builder.isolation(isolation(RunOptions.NetworkPolicy.BEST_EFFORT));
    return f;
  }

  @Test
  void anIsolatedRunWritesTheSameManifestAsAnInProcessRun() throws Exception {
    Path data = Corpus.prose(tmp.resolve("train"), 20, 40);
    Path bundle = Bundles.directory(tmp.resolve("bundle"), "BigramArchitecture", "SgdTraining");
    RunFixture inProcess = fixture("in", data);
    RunResult a;
    try (JavaBundle b = JavaBundle.open(bundle)) {
      a = inProcess.builder.build().run(b);
    }
    RunFixture child = fixture("child", data);
    RunResult r = child.builder.build().runIsolated(bundle);
    assertArrayEquals(Files.readAllBytes(a.manifestPath()), Files.readAllBytes(r.manifestPath()));
    assertEquals(a.onlineLoss(), r.onlineLoss());
    assertEquals(a.prequentialBpb(), r.prequentialBpb());
    assertNotNull(r.trainedStatePath());
    assertTrue(child.diagnostics().contains("PRISM_RUNNER: forced seed=1337"), child.diagnostics());
  }

  @Test
  void aLoopHangingOutsideTheIteratorExitsSevenWithAWatchdogManifest() {
    RunFixture f = fixture("hang", Corpus.prose(tmp.resolve("train"), 20, 40));
    f.builder.budgetSeconds(0.5).watchdogGraceSeconds(0.5);
    Path bundle = Bundles.directory(tmp.resolve("bundle"), "BigramArchitecture", "HangingTraining");
    RunFailedException e = assertThrows(RunFailedException.class, () -> f.builder.build().runIsolated(bundle));
    assertEquals(7, e.failure().exitCode());
    assertEquals(RunFailure.BUDGET_EXCEEDED, e.failure().ruleId());
    assertTrue(e.getMessage().contains("PRISM_RUNNER_BUDGET_EXCEEDED: training loop exceeded the wall-clock budget safety cap (1.0s)"), e.getMessage());
    RunManifest m = RunManifest.read(e.manifestPath());
    assertEquals("wall_clock", J.str(m, "run.stopped_reason"));
    assertTrue(J.bool(m, "anti_cheat.budget_exceeded"));
  }

  @Test
  void aLoopFillingTheDiskExitsEight() {
    RunFixture f = fixture("fill", Corpus.prose(tmp.resolve("train"), 20, 40));
    f.builder.artifactsQuotaBytes(512L * 1024);
    Path bundle = Bundles.directory(tmp.resolve("bundle"), "BigramArchitecture", "DiskFillTraining");
    RunFailedException e = assertThrows(RunFailedException.class, () -> f.builder.build().runIsolated(bundle));
    assertEquals(8, e.failure().exitCode());
    assertEquals(RunFailure.ARTIFACTS_QUOTA, e.failure().ruleId());
    RunManifest m = RunManifest.read(e.manifestPath());
    assertEquals("artifacts_quota", J.str(m, "data.stopped_reason"));
    assertTrue(J.bool(m, "anti_cheat.artifacts_quota_exceeded"));
    assertTrue(Watchdog.regularFileBytes(f.artifacts) < 16L * 1024 * 1024);
  }

  @Test
  void anOverCapModelIsClassifiedByItsMarker() {
    RunFixture f = fixture("cap", Corpus.prose(tmp.resolve("train"), 20, 40));
    f.builder.maxParameters(1000);
    Path bundle = Bundles.directory(tmp.resolve("bundle"), "BigramArchitecture", "OverCapTraining");
    RunFailedException e = assertThrows(RunFailedException.class, () -> f.builder.build().runIsolated(bundle));
    assertEquals(1, e.failure().exitCode());
    assertEquals(RunFailure.PARAM_CAP, e.failure().ruleId());
    assertTrue(e.getMessage().contains("PRISM_RUNNER_PARAM_CAP: scored model has 65536 parameters"), e.getMessage());
  }

  @Test
  void theRunsLineBoundReachesTheChild() {
    RunFixture f = fixture("lines", Corpus.prose(tmp.resolve("train"), 20, 40));
    f.builder.maxLineBytes(64);
    Path bundle = Bundles.directory(tmp.resolve("bundle"), "BigramArchitecture", "SgdTraining");
    RunFailedException e = assertThrows(RunFailedException.class, () -> f.builder.build().runIsolated(bundle));
    assertTrue(e.getMessage().contains("line too long in shard train-000.jsonl line 1 (offset 0): more than 64 bytes"),
        e.getMessage());
  }

  @Test
  void aZeroForwardRunExitsOneAfterWritingItsManifest() {
    RunFixture f = fixture("zero", Corpus.prose(tmp.resolve("train"), 20, 40));
    Path bundle = Bundles.directory(tmp.resolve("bundle"), "BigramArchitecture", "ZeroForwardTraining");
    RunFailedException e = assertThrows(RunFailedException.class, () -> f.builder.build().runIsolated(bundle));
    assertEquals(RunFailure.RUNTIME_ERROR, e.failure().ruleId());
    assertTrue(e.getMessage().contains("PRISM_RUNNER_ERROR: zero-batch / no-forward run"), e.getMessage());
    assertTrue(J.bool(RunManifest.read(e.manifestPath()), "anti_cheat.zero_forward"));
  }

  @Test
  void aBundleThatRewritesANotYetReadShardFailsAsDataTampered() throws Exception {
    Path data = Corpus.prose(tmp.resolve("train"), 10, 30);
    Corpus.shard(data, "train-001.jsonl", List.of("the second shard holds prose too", "and one more line of it"));
    byte[] before = Files.readAllBytes(data.resolve("train-001.jsonl"));
    RunFixture f = fixture("tamper", data);
    Path bundle = Bundles.directory(tmp.resolve("bundle"), "BigramArchitecture", "TamperingTraining");
    RunFailedException e = assertThrows(RunFailedException.class, () -> f.builder.build().runIsolated(bundle));
    assertEquals(RunFailure.DATA_TAMPERED, e.failure().ruleId());
    assertEquals(1, e.failure().exitCode());
    assertTrue(e.getMessage().startsWith("PRISM_RUNNER_DATA_TAMPERED: train shard train-001.jsonl does not match"),
        e.getMessage());
    // The child's own stream refused the block before the host's check after the child ended.
    assertTrue(f.diagnostics().contains("PRISM_RUNNER_ERROR: PRISM_RUNNER_DATA_TAMPERED: train shard train-001.jsonl"
        + " does not match its seal taken before train(ctx): "), f.diagnostics());
    assertArrayEquals(before, Files.readAllBytes(data.resolve("train-001.jsonl")), "the user's corpus is untouched");
  }

  @Test
  void theChildHasNoNetworkWhereUnshareWorks() throws Exception {
    Path data = Corpus.prose(tmp.resolve("train"), 20, 40);
    Path bundle = Bundles.directory(tmp.resolve("bundle"), "RandomAtLoadArchitecture", "ProbingTraining");
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      // The port goes through the artifacts dir: the data dir the role gets holds the train shards only.
      RunFixture open = fixture("open", data);
      RunFixture cut = fixture("cut", data);
      for (RunFixture f : java.util.List.of(open, cut)) {
        Files.createDirectories(f.artifacts);
        Files.writeString(f.artifacts.resolve("port.txt"), Integer.toString(server.getLocalPort()));
      }
      open.builder.isolation(isolation(RunOptions.NetworkPolicy.OFF))
          .budgetSeconds(900.0).watchdogGraceSeconds(45.5).artifactsQuotaBytes(123_456_789L)
          .build().runIsolated(bundle);
      assertEquals("connected", Files.readString(open.artifacts.resolve("network.txt")));
      cut.builder.build().runIsolated(bundle);
      assertEquals("host-only-value", System.getenv("PRISM_PROBE_SECRET"));
      // Spec §9.4: the reference's rendezvous and PRISM_* variables, and no host secret.
      assertEquals("CUBLAS_WORKSPACE_CONFIG=:4096:8\nMASTER_ADDR=127.0.0.1\nMASTER_PORT=29500\n"
          + "PRISM_ARTIFACT_OUTPUT_PATH=" + open.artifacts + "\n"
          + "PRISM_RUN_MANIFEST_PATH=" + open.artifacts.resolve(RunManifest.FILE_NAME) + "\n"
          + "PRISM_SUBMISSION_ID=test-sub\nPRISM_PROBE_SECRET=null\n",
          Files.readString(open.artifacts.resolve("env.txt")));
      // Spec §9.4: the payload context carries the configured budget, grace and quota.
      assertEquals("budget_seconds=900.0\nwatchdog_grace_seconds=45.5\nartifacts_quota_bytes=123456789\n",
          Files.readString(open.artifacts.resolve("context.txt")));
      assumeTrue(cut.diagnostics().contains("isolated child has no network"), "unshare is not available here");
      assertTrue(Files.readString(cut.artifacts.resolve("network.txt")).startsWith("failed"));
    }
  }
}

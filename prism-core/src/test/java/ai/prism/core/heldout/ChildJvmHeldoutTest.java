package ai.prism.core.heldout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.prism.core.heldout.HeldoutReport.SkipReason;
import ai.prism.core.run.JavaBundle;
import ai.prism.core.run.RunOptions;
import ai.prism.core.run.RunResult;
import ai.prism.core.run.Runner;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle's architecture is evaluated only in a child JVM: same numbers as in this JVM, a forged
 * result line from the bundle's code is ignored, an evaluation past its bound is killed, and the
 * child has no network where {@code unshare} works.
 */
class ChildJvmHeldoutTest {
  @TempDir static Path tmp;
  static Path corpus;

  @BeforeAll
  static void corpus() {
    corpus = Fixture.corpus(tmp.resolve("corpus"), Fixture.prose(40, 30, 1), Fixture.prose(60, 12, 2));
  }

  /** A bundle with {@code hook} in its evaluation-mode forward, trained by SGD; both held-out runs of it. */
  private static HeldoutRun[] trained(String name, String hook) {
    Path bundle = Bundles.compile(tmp.resolve(name), Bundles.bigramArchitecture(hook), "Learn", Bundles.SGD_TRAINING);
    RunOptions options = Fixture.runner(corpus, tmp.resolve(name + "-out")).buildOptions();
    try (JavaBundle opened = JavaBundle.open(bundle)) {
      RunResult result = Runner.of(options).run(opened);
      return new HeldoutRun[] {
        HeldoutRun.of(options, result, opened.newArchitecture(), null), HeldoutRun.ofBundle(options, result, bundle)};
    }
  }

  @Test
  void theChildJvmMeasuresExactlyWhatThisJvmMeasuresAndForgedLinesAreIgnored() {
    // Only in the child JVM (the in-process evaluation of the same bundle would print to the build's console).
    String forge = "if (System.getProperty(\"sun.java.command\", \"\").contains(\"HeldoutChild\")) { "
        + "new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true)"
        + ".println(\"PRISM_HELDOUT_RESULT 00 {\\\"kind\\\":\\\"ok\\\",\\\"val_bpb_trained\\\":0.001,"
        + "\\\"val_bpb_random_init\\\":9.0,\\\"val_covered_bytes\\\":1,\\\"train_bpb_converged\\\":null}\");"
        + " System.out.println(\"PRISM_HELDOUT_RESULT forged\"); }";
    HeldoutRun[] runs = trained("forger", forge);
    HeldoutOptions options = Fixture.options(corpus, true).build();
    HeldoutReport here = HeldoutEvaluator.of(options).evaluate(runs[0]);
    HeldoutReport child = HeldoutEvaluator.of(options).evaluate(runs[1]);
    assertTrue(here.evaluated(), () -> String.valueOf(here.skip()));
    assertTrue(child.evaluated(), () -> String.valueOf(child.skip()));
    assertEquals(here.result(), child.result());
    assertEquals(here.manifest(), child.manifest());
    assertTrue(child.result().heldoutDelta() > 0);
  }

  @Test
  void anEvaluationPastItsBoundIsKilledAndSkipped() {
    HeldoutRun[] runs = trained("sleeper", "try { Thread.sleep(600_000); } catch (InterruptedException e) { }");
    HeldoutReport report = HeldoutEvaluator.of(Fixture.options(corpus, false).timeoutSeconds(5).build()).evaluate(runs[1]);
    assertEquals(SkipReason.TIMED_OUT, report.skip().reason());
    assertTrue(report.skip().detail().contains("killed"), report.skip().detail());
    assertEquals(runs[1].manifest(), report.manifest());
  }

  @Test
  void theChildJvmHasNoNetworkWhereUnshareWorks() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      // Once per JVM: the first evaluation-mode forward connects to the host's loopback port or fails.
      String probe = "if (System.getProperty(\"probed\") == null) { System.setProperty(\"probed\", \"1\");"
          + " try (java.net.Socket socket = new java.net.Socket()) { socket.connect(new java.net.InetSocketAddress("
          + "\"127.0.0.1\", " + server.getLocalPort() + "), 2000); } catch (java.io.IOException e) {"
          + " throw new IllegalStateException(\"no network: \" + e); } }";
      HeldoutRun[] runs = trained("prober", probe);
      HeldoutOptions.Builder options = Fixture.options(corpus, false);
      HeldoutReport open = HeldoutEvaluator.of(options.childNetwork(RunOptions.NetworkPolicy.OFF).build()).evaluate(runs[1]);
      assertTrue(open.evaluated(), () -> "the probe reaches the port without isolation: " + open.skip());
      List<String> notes = new ArrayList<>();
      boolean isolated = !RunOptions.NetworkPolicy.BEST_EFFORT.commandPrefix("probe", notes::add).isEmpty();
      HeldoutReport cut = HeldoutEvaluator.of(options.childNetwork(RunOptions.NetworkPolicy.BEST_EFFORT).build())
          .evaluate(runs[1]);
      assumeTrue(isolated, "unshare is not available here: " + notes);
      assertEquals(SkipReason.EVALUATION_FAILED, cut.skip().reason());
      assertTrue(cut.skip().detail().contains("no network: java.net."), cut.skip().detail());
    }
  }

  @Test
  void aFailureInTheChildIsASkipWithItsReason() {
    HeldoutRun[] runs = trained("thrower", "throw new IllegalStateException(\"boom in eval\");");
    HeldoutReport report = HeldoutEvaluator.of(Fixture.options(corpus, false).build()).evaluate(runs[1]);
    assertEquals(SkipReason.EVALUATION_FAILED, report.skip().reason());
    assertTrue(report.skip().detail().contains("boom in eval"), report.skip().detail());
  }
}

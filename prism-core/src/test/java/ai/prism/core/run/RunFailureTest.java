package ai.prism.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Host classification of a failed child (spec §4.10, §9.4 failure-classification cases). */
class RunFailureTest {
  @Test
  void markersAreMatchedInTheReferenceOrder() {
    assertEquals(RunFailure.BUDGET_EXCEEDED,
        RunFailure.classify(7, "", "PRISM_RUNNER_BUDGET_EXCEEDED: training loop exceeded ...").ruleId());
    assertEquals(RunFailure.ARTIFACTS_QUOTA,
        RunFailure.classify(8, "", "PRISM_RUNNER_ARTIFACTS_QUOTA: artifacts_dir exceeded the disk quota (1 bytes)").ruleId());
    assertEquals(RunFailure.RESOURCE_OOM, RunFailure.classify(137, "", "Killed").ruleId());
    assertEquals(RunFailure.RESOURCE_OOM, RunFailure.classify(1, "", "RuntimeError: CUDA out of memory. Tried").ruleId());
    assertEquals(RunFailure.RUNTIME_ERROR, RunFailure.classify(1, "", "Traceback (most recent call last):\nValueError: x").ruleId());
    assertEquals(RunFailure.BUDGET_EXCEEDED, RunFailure.classify(137, "", "prism_runner_budget_exceeded: x").ruleId());
    assertEquals(RunFailure.PARAM_CAP,
        RunFailure.classify(1, "", "PRISM_RUNNER_BUDGET_EXCEEDED\nPRISM_RUNNER_PARAM_CAP: scored model has 9 parameters").ruleId());
    assertEquals(RunFailure.RESOURCE_OOM, RunFailure.classify(1, "", "std::bad_alloc").ruleId());
    // This library's marker (never printed by the reference) comes first.
    assertEquals(RunFailure.DATA_TAMPERED, RunFailure.classify(7,
        "", "PRISM_RUNNER_BUDGET_EXCEEDED: x\nPRISM_RUNNER_ERROR: PRISM_RUNNER_DATA_TAMPERED: train shard a").ruleId());
  }

  @Test
  void theDetailIsStderrElseStdoutElseAFixedText() {
    assertEquals("Prism container evaluation failed: from stdout", RunFailure.classify(1, "from stdout", "").message());
    assertEquals("Prism container evaluation failed: container returned non-zero status", RunFailure.classify(1, "", null).message());
    assertEquals(3, RunFailure.classify(3, "", "x").exitCode());
  }

  @Test
  void onlyTheLast2000CharactersAreKeptAndSecretLinesAreRedacted() {
    String stderr = "x".repeat(5000) + "\nAuthorization: Bearer abc\nok line\nmy_TOKEN=1\r\nlast";
    RunFailure f = RunFailure.classify(1, "", stderr);
    String prefix = "Prism container evaluation failed: ";
    assertTrue(f.message().startsWith(prefix));
    String tail = f.message().substring(prefix.length());
    assertTrue(tail.endsWith("\n[redacted sandbox log line]\nok line\n[redacted sandbox log line]\nlast"), tail);
    assertEquals(2000 - "\nAuthorization: Bearer abc\nok line\nmy_TOKEN=1\r\nlast".length(), tail.indexOf('\n'));
  }

  @Test
  void redactionSplitsLinesLikePython() {
    assertEquals("\na", RunFailure.redact("\na"));
    assertEquals("a\nb", RunFailure.redact("a\r\nb\n"));
    assertEquals("a\n[redacted sandbox log line]\nc", RunFailure.redact("a\u2028password=1\u000bc"));
    assertEquals("", RunFailure.redact(""));
  }

  @Test
  void theOuterTimeoutIsABudgetFailure() {
    RunFailure f = RunFailure.outerTimeout(137);
    assertEquals(RunFailure.BUDGET_EXCEEDED, f.ruleId());
    assertEquals("Prism container evaluation exceeded the wall-clock safety cap", f.message());
  }

  @Test
  void theHardTimeoutCoversBudgetGraceAndTheConfiguredTimeout() {
    RunOptions o = Runner.builder().dataDir(java.nio.file.Path.of("d")).budgetSeconds(600.0).watchdogGraceSeconds(60.0)
        .isolation(new RunOptions.Isolation("1g", java.util.List.of(), 300.0, RunOptions.NetworkPolicy.OFF)).buildOptions();
    assertEquals(720.0, IsolatedRun.outerTimeoutSeconds(o));
    RunOptions defaults = Runner.builder().dataDir(java.nio.file.Path.of("d")).buildOptions();
    assertEquals(1800.0, IsolatedRun.outerTimeoutSeconds(defaults));
    assertTrue(IsolatedRun.outerTimeoutSeconds(defaults) >= 1200.0 + 120.0);
  }
}

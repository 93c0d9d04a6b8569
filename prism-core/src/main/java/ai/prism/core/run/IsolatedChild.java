package ai.prism.core.run;

import ai.prism.core.data.ShardSeal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of the isolated child JVM ({@link IsolatedRun}): reads the payload (with the host's
 * seal of the data directory, read before any bundle class loads), loads the bundle after forced
 * init and runs it on the main thread. Exit 0 with a {@code PRISM_METRICS_JSON} line
 * on stdout; 1 with a {@code PRISM_RUNNER_ERROR} line on stderr; 7 or 8 from the watchdog.
 */
final class IsolatedChild {
  private IsolatedChild() {}

  public static void main(String[] args) {
    PrintStream err = System.err;
    if (args.length != 1) {
      err.println("PRISM_RUNNER_ERROR: usage: IsolatedChild payload.json");
      System.exit(1);
    }
    int status;
    try {
      run(Path.of(args[0]));
      status = 0;
    } catch (RunFailedException e) {
      if (e.getCause() != null) {
        e.getCause().printStackTrace(err);
      }
      err.println("PRISM_RUNNER_ERROR: " + e.getMessage());
      status = 1;
    } catch (OutOfMemoryError e) {
      err.println("PRISM_RUNNER_ERROR: out of memory: " + e);
      status = 1;
    } catch (Throwable e) {
      e.printStackTrace(err);
      err.println("PRISM_RUNNER_ERROR: " + e);
      status = 1;
    }
    System.out.flush();
    err.flush();
    // halt, not exit: a training loop's non-daemon threads must not keep the child alive.
    Runtime.getRuntime().halt(status);
  }

  private static void run(Path payloadFile) throws Exception {
    JsonNode p = new ObjectMapper().readTree(payloadFile.toFile());
    RunOptions options = Runner.builder()
        .dataDir(Path.of(p.get("data_dir").asText()))
        .artifactsDir(Path.of(p.get("artifacts_dir").asText()))
        .seed(p.get("seed").asLong())
        .vocabSize(p.get("vocab_size").asInt())
        .sequenceLength(p.get("sequence_length").asInt())
        .maxLayers(p.get("max_layers").asInt())
        .maxParameters(p.get("max_parameters").asLong())
        .tokenBudget(longOrNull(p, "token_budget"))
        .stepBudget(longOrNull(p, "step_budget"))
        .maxLineBytes(p.get("max_line_bytes").asInt())
        .budgetSeconds(doubleOrNull(p, "budget_seconds"))
        .watchdogGraceSeconds(doubleOrNull(p, "watchdog_grace_seconds"))
        .artifactsQuotaBytes(longOrNull(p, "artifacts_quota_bytes"))
        .device(DeviceChoice.valueOf(p.get("device").asText()))
        .submissionId(p.get("submission_id").asText())
        .executionMode(p.get("execution_mode").asText())
        .referenceTokenizerDir(p.get("reference_tokenizer_dir").isNull() ? null : Path.of(p.get("reference_tokenizer_dir").asText()))
        .diagnostics(System.err)
        .buildOptions();
    try (JavaBundle bundle = JavaBundle.open(Path.of(p.get("bundle").asText()))) {
      new RunSession(options, new Runner.BundleRoles(bundle), RunSession.Mode.CHILD, System.out, seal(p)).execute();
    }
  }

  /** The host's seal of the data directory it copied, or {@code null} when it sent none. */
  private static ShardSeal seal(JsonNode p) {
    JsonNode shards = p.get("train_seal");
    if (shards == null || shards.isNull()) {
      return null;
    }
    List<ShardSeal.Entry> entries = new ArrayList<>();
    for (JsonNode e : shards) {
      entries.add(new ShardSeal.Entry(e.get("name").asText(), e.get("size").asLong(), e.get("block_sha256").asText()));
    }
    return ShardSeal.of(Path.of(p.get("data_dir").asText()), entries);
  }

  private static Long longOrNull(JsonNode p, String key) {
    JsonNode v = p.get(key);
    return v == null || v.isNull() ? null : v.asLong();
  }

  private static Double doubleOrNull(JsonNode p, String key) {
    JsonNode v = p.get(key);
    return v == null || v.isNull() ? null : v.asDouble();
  }
}

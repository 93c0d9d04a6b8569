package ai.prism.core.heldout;

import ai.prism.core.PrismException;
import ai.prism.core.heldout.HeldoutComputation.Measurement;
import ai.prism.core.heldout.HeldoutReport.SkipReason;
import ai.prism.core.run.PrismContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Held-out measurement of a Java bundle's architecture in a child JVM ({@link HeldoutChild}), so
 * that untrusted architecture code never runs in the host and an evaluation past its time bound is
 * ended by killing the process. The child gets the same {@code java}, the host's class path,
 * {@code -Xmx} from the options, one PyTorch thread, a reduced environment, no network where {@code
 * unshare -n} works (the options' {@link HeldoutOptions#childNetwork()}, the isolated run's policy;
 * one {@code PRISM_HELDOUT:} line on standard error says which), and on stdin the
 * bundle, the trained-state file and the prefix texts (not the split's location). Its answer is the
 * one stdout line carrying a random nonce the bundle's code cannot know.
 */
final class ChildMeasurement {
  private static final List<String> KEPT_ENVIRONMENT = List.of(
      "PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "JAVA_HOME", "LD_LIBRARY_PATH",
      "DJL_CACHE_DIR", "ENGINE_CACHE_DIR", "PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR",
      "PYTORCH_PRECXX11", "PYTORCH_EXTRA_LIBRARY_PATH", "CUDA_VISIBLE_DEVICES");
  private static final int STDERR_TAIL_CHARS = 4000;

  private ChildMeasurement() {}

  static Measurement measure(HeldoutRun run, HeldoutOptions options, Path trainedState, SplitPrefix val,
      SplitPrefix train) throws SkipException {
    ObjectMapper json = new ObjectMapper();
    byte[] nonceBytes = new byte[16];
    new SecureRandom().nextBytes(nonceBytes);
    String nonce = HexFormat.of().formatHex(nonceBytes);
    byte[] input;
    try {
      input = json.writeValueAsBytes(input(json, nonce, run, options, trainedState, val, train));
    } catch (IOException e) {
      throw new SkipException(SkipReason.EVALUATION_FAILED, "cannot encode the held-out child's input: " + e, e);
    }
    List<String> command;
    try {
      command = command(options);
    } catch (PrismException e) {
      throw new SkipException(SkipReason.EVALUATION_FAILED, e.getMessage(), e);
    }
    Process child;
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().keySet().retainAll(KEPT_ENVIRONMENT);
      child = builder.start();
    } catch (IOException e) {
      throw new SkipException(SkipReason.EVALUATION_FAILED, "cannot start the held-out child JVM: " + e, e);
    }
    Drain stdout = Drain.start(child.getInputStream(), HeldoutChild.RESULT_PREFIX + nonce + " ");
    Drain stderr = Drain.start(child.getErrorStream(), null);
    Thread feeder = new Thread(() -> feed(child.getOutputStream(), input), "prism-heldout-child-stdin");
    feeder.setDaemon(true);
    feeder.start();
    try {
      if (!child.waitFor((long) Math.ceil(options.timeoutSeconds() * 1000.0), TimeUnit.MILLISECONDS)) {
        kill(child);
        throw new SkipException(SkipReason.TIMED_OUT,
            "held-out evaluation exceeded its " + options.timeoutSeconds() + " s bound; the child JVM was killed");
      }
    } catch (InterruptedException e) {
      kill(child);
      Thread.currentThread().interrupt();
      throw new SkipException(SkipReason.TIMED_OUT, "interrupted while waiting for the held-out child JVM", e);
    }
    stdout.await();
    stderr.await();
    String answer = stdout.result();
    if (child.exitValue() != 0 || answer == null) {
      throw new SkipException(SkipReason.EVALUATION_FAILED, "the held-out child JVM exited with " + child.exitValue()
          + " and no result; its stderr ends: " + stderr.tail());
    }
    return parse(json, answer);
  }

  private static ObjectNode input(ObjectMapper json, String nonce, HeldoutRun run, HeldoutOptions options,
      Path trainedState, SplitPrefix val, SplitPrefix train) {
    ObjectNode in = json.createObjectNode();
    in.put("nonce", nonce);
    in.put("bundle", run.bundle().toAbsolutePath().toString());
    in.put("trained_state", trainedState.toString());
    in.put("batch_size", options.batchSize());
    PrismContext ctx = run.context();
    ObjectNode c = in.putObject("context");
    c.put("vocab_size", ctx.vocabSize());
    c.put("sequence_length", ctx.sequenceLength());
    c.put("max_layers", ctx.maxLayers());
    c.put("max_parameters", ctx.maxParameters());
    c.put("seed", ctx.seed());
    ArrayNode v = in.putArray("val");
    val.forEach(v::add);
    if (train == null || train.isEmpty()) {
      in.putNull("train");
    } else {
      ArrayNode t = in.putArray("train");
      train.forEach(t::add);
    }
    return in;
  }

  /** The child's command line, under the network prefix of {@code options.childNetwork()}. */
  private static List<String> command(HeldoutOptions options) {
    List<String> command = new ArrayList<>(
        options.childNetwork().commandPrefix("held-out child", note -> System.err.println("PRISM_HELDOUT: " + note)));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + options.childMaxHeap());
    command.add("-Dai.djl.pytorch.num_threads=1");
    command.add("-Dai.djl.pytorch.num_interop_threads=1");
    for (String name : System.getProperties().stringPropertyNames().stream().sorted().toList()) {
      if (name.startsWith("ai.djl.") && !name.startsWith("ai.djl.pytorch.num_")) {
        command.add("-D" + name + "=" + System.getProperty(name));
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(HeldoutChild.class.getName());
    return command;
  }

  private static Measurement parse(ObjectMapper json, String answer) throws SkipException {
    JsonNode r;
    try {
      r = json.readTree(answer);
    } catch (IOException e) {
      throw new SkipException(SkipReason.EVALUATION_FAILED, "unreadable held-out child result: " + e.getMessage(), e);
    }
    switch (r.path("kind").asText()) {
      case "ok":
        return new Measurement(number(r, "val_bpb_trained"), number(r, "val_bpb_random_init"),
            r.get("val_covered_bytes").asLong(), number(r, "train_bpb_converged"));
      case "skip":
        SkipReason reason;
        try {
          reason = SkipReason.valueOf(r.path("reason").asText());
        } catch (IllegalArgumentException e) {
          reason = SkipReason.EVALUATION_FAILED;
        }
        throw new SkipException(reason, r.path("detail").asText());
      default:
        throw new SkipException(SkipReason.EVALUATION_FAILED, "held-out evaluation failed in the child JVM: "
            + r.path("detail").asText());
    }
  }

  private static Double number(JsonNode r, String key) {
    JsonNode v = r.get(key);
    return v == null || !v.isNumber() ? null : v.doubleValue();
  }

  private static void feed(OutputStream in, byte[] input) {
    try (OutputStream stream = in) {
      stream.write(input);
    } catch (IOException e) {
      // The child died early; its exit status and stderr say why.
    }
  }

  private static void kill(Process child) {
    child.descendants().forEach(ProcessHandle::destroyForcibly);
    child.destroyForcibly();
    try {
      child.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads one of the child's streams: the last line with the expected prefix, or the stream's tail. */
  private static final class Drain {
    private final Thread thread;
    private final String prefix;
    private final StringBuilder tail = new StringBuilder();
    private String result;

    private Drain(InputStream in, String prefix) {
      this.prefix = prefix;
      this.thread = new Thread(() -> read(in), "prism-heldout-child-output");
      thread.setDaemon(true);
    }

    static Drain start(InputStream in, String prefix) {
      Drain d = new Drain(in, prefix);
      d.thread.start();
      return d;
    }

    private void read(InputStream in) {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          synchronized (this) {
            if (prefix != null && line.startsWith(prefix)) {
              result = line.substring(prefix.length());
            }
            tail.append(line).append('\n');
            if (tail.length() > 2 * STDERR_TAIL_CHARS) {
              tail.delete(0, tail.length() - STDERR_TAIL_CHARS);
            }
          }
        }
      } catch (IOException e) {
        synchronized (this) {
          tail.append("[reading the child's output failed: ").append(e.getMessage()).append("]\n");
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

    synchronized String result() {
      return result;
    }

    synchronized String tail() {
      return tail.length() > STDERR_TAIL_CHARS ? tail.substring(tail.length() - STDERR_TAIL_CHARS) : tail.toString();
    }
  }
}

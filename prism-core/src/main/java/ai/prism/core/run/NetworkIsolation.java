package ai.prism.core.run;

import ai.prism.core.PrismException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * How a child process is cut off the network under a {@link RunOptions.NetworkPolicy}: {@code
 * unshare -n} (root) or {@code unshare -rn} (unprivileged user namespaces), whichever works here,
 * gives it a network namespace of its own whose only device is a loopback that is down.
 */
final class NetworkIsolation {
  private static final List<List<String>> PREFIXES =
      List.of(List.of("unshare", "-n", "--"), List.of("unshare", "-rn", "--"));

  private NetworkIsolation() {}

  static List<String> prefix(RunOptions.NetworkPolicy policy, String child, Consumer<String> notes) {
    if (policy == RunOptions.NetworkPolicy.OFF) {
      notes.accept(child + " keeps the host network (network isolation off)");
      return List.of();
    }
    for (List<String> prefix : PREFIXES) {
      if (works(prefix)) {
        notes.accept(child + " has no network (" + String.join(" ", prefix.subList(0, 2)) + ")");
        return prefix;
      }
    }
    if (policy == RunOptions.NetworkPolicy.REQUIRED) {
      throw new PrismException("network isolation is required for the " + child
          + " but neither `unshare -n` nor `unshare -rn` works here");
    }
    notes.accept("WARNING " + child + " keeps the host network (unshare -n is not available here)");
    return List.of();
  }

  private static boolean works(List<String> prefix) {
    List<String> probe = new ArrayList<>(prefix);
    probe.add("true");
    try {
      Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

package ai.prism.core.run;

import java.util.Locale;
import java.util.Objects;

/**
 * The host-side classification of a failed run (spec §4.10): a rule id, the reason text a validator
 * stores, and the exit code (0 for in-process failures that have none).
 *
 * @param ruleId one of {@code prism:param-cap}, {@code prism:budget-exceeded}, {@code
 *     prism:artifacts-quota}, {@code prism:resource-oom}, {@code prism:runtime-error}, and this
 *     library's {@code prism:data-tampered}
 * @param message the reason text
 * @param exitCode the child's exit status, or 0 in-process
 */
public record RunFailure(String ruleId, String message, int exitCode) {
  /** Rule id of a scored model over the parameter cap. */
  public static final String PARAM_CAP = "prism:param-cap";
  /** Rule id of the wall-clock watchdog and the outer timeout. */
  public static final String BUDGET_EXCEEDED = "prism:budget-exceeded";
  /** Rule id of the artifacts quota watchdog. */
  public static final String ARTIFACTS_QUOTA = "prism:artifacts-quota";
  /** Rule id of memory exhaustion. */
  public static final String RESOURCE_OOM = "prism:resource-oom";
  /** Rule id of every other failure. */
  public static final String RUNTIME_ERROR = "prism:runtime-error";
  /**
   * Rule id of train shards that changed during the run (not the reference's: its container mounts
   * the train split read-only).
   */
  public static final String DATA_TAMPERED = "prism:data-tampered";

  /** Stderr marker of the parameter cap. */
  public static final String PARAM_CAP_MARKER = "PRISM_RUNNER_PARAM_CAP";
  /** Stderr marker of the wall-clock watchdog. */
  public static final String BUDGET_EXCEEDED_MARKER = "PRISM_RUNNER_BUDGET_EXCEEDED";
  /** Stderr marker of the artifacts quota watchdog. */
  public static final String ARTIFACTS_QUOTA_MARKER = "PRISM_RUNNER_ARTIFACTS_QUOTA";
  /** Stderr marker of train shards that no longer match their seal. */
  public static final String DATA_TAMPERED_MARKER = "PRISM_RUNNER_DATA_TAMPERED";

  /** Exit status of the wall-clock watchdog. */
  public static final int BUDGET_EXIT_CODE = 7;
  /** Exit status of the artifacts quota watchdog. */
  public static final int ARTIFACTS_QUOTA_EXIT_CODE = 8;

  private static final int OOM_EXIT_CODE = 137;
  private static final int DETAIL_TAIL_CHARS = 2000;
  private static final String[] OOM_MARKERS = {
    "out of memory", "cuda out of memory", "cuda error: out of memory", "oomkilled",
    "killed process", "cannot allocate memory", "std::bad_alloc"
  };
  private static final String[] SECRET_MARKERS = {"api_key", "authorization", "bearer", "password", "secret", "token"};
  private static final String REDACTED_LINE = "[redacted sandbox log line]";

  /** Validates the components. */
  public RunFailure {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(message, "message");
  }

  /**
   * Classifies a non-zero exit as the reference's host does: the detail is stderr, else stdout, else
   * {@code container returned non-zero status}; markers are matched case-insensitively, first match
   * wins (param cap, budget, quota, then exit 137 or an out-of-memory phrase, else runtime error);
   * the message is {@code Prism container evaluation failed: } plus the last 2000 characters of the
   * detail with every secret-looking line redacted. This library's data-tampered marker, which the
   * reference never prints, is matched before all others.
   */
  public static RunFailure classify(int exitCode, String stdout, String stderr) {
    String detail = notEmpty(stderr) ? stderr : notEmpty(stdout) ? stdout : "container returned non-zero status";
    String haystack = detail.toLowerCase(Locale.ROOT);
    String ruleId;
    if (haystack.contains(DATA_TAMPERED_MARKER.toLowerCase(Locale.ROOT))) {
      ruleId = DATA_TAMPERED;
    } else if (haystack.contains(PARAM_CAP_MARKER.toLowerCase(Locale.ROOT))) {
      ruleId = PARAM_CAP;
    } else if (haystack.contains(BUDGET_EXCEEDED_MARKER.toLowerCase(Locale.ROOT))) {
      ruleId = BUDGET_EXCEEDED;
    } else if (haystack.contains(ARTIFACTS_QUOTA_MARKER.toLowerCase(Locale.ROOT))) {
      ruleId = ARTIFACTS_QUOTA;
    } else if (exitCode == OOM_EXIT_CODE || containsAny(haystack, OOM_MARKERS)) {
      ruleId = RESOURCE_OOM;
    } else {
      ruleId = RUNTIME_ERROR;
    }
    String tail = detail.length() > DETAIL_TAIL_CHARS ? detail.substring(detail.length() - DETAIL_TAIL_CHARS) : detail;
    return new RunFailure(ruleId, "Prism container evaluation failed: " + redact(tail), exitCode);
  }

  /** The failure of a run whose train shards no longer match their seal; the message starts with the marker. */
  public static RunFailure dataTampered(String detail, int exitCode) {
    return new RunFailure(DATA_TAMPERED, DATA_TAMPERED_MARKER + ": " + detail, exitCode);
  }

  /** The failure of a child killed by the host's outer timeout. */
  public static RunFailure outerTimeout(int exitCode) {
    return new RunFailure(BUDGET_EXCEEDED, "Prism container evaluation exceeded the wall-clock safety cap", exitCode);
  }

  /**
   * {@code detail} with every line containing (case-insensitively) {@code api_key}, {@code
   * authorization}, {@code bearer}, {@code password}, {@code secret} or {@code token} replaced by
   * {@code [redacted sandbox log line]}; lines are split as Python's {@code splitlines} and joined
   * with {@code \n} (a trailing line break is dropped, as in the reference).
   */
  public static String redact(String detail) {
    StringBuilder out = new StringBuilder(detail.length());
    int start = 0;
    int n = detail.length();
    while (start < n) {
      int end = start;
      while (end < n && !isLineBreak(detail.charAt(end))) {
        end++;
      }
      String line = detail.substring(start, end);
      if (start > 0) {
        out.append('\n');
      }
      out.append(containsAny(line.toLowerCase(Locale.ROOT), SECRET_MARKERS) ? REDACTED_LINE : line);
      if (end < n && detail.charAt(end) == '\r' && end + 1 < n && detail.charAt(end + 1) == '\n') {
        end++;
      }
      start = end + 1;
    }
    return out.toString();
  }

  /** Python's {@code str.splitlines} boundaries. */
  private static boolean isLineBreak(char c) {
    return c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || (c >= 0x1c && c <= 0x1e)
        || c == 0x85 || c == 0x2028 || c == 0x2029;
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }

  private static boolean containsAny(String haystack, String[] needles) {
    for (String needle : needles) {
      if (haystack.contains(needle)) {
        return true;
      }
    }
    return false;
  }
}

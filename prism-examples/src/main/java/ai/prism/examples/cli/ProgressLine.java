package ai.prism.examples.cli;

import ai.prism.core.capture.BatchRecord;
import ai.prism.core.capture.CaptureListener;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Live progress of a run on stderr: batches, covered bytes, batches/s and the running bpb. On a terminal one
 * line is rewritten in place ({@code \r}, at most every 200 ms); otherwise a plain line is printed every
 * {@link #PLAIN_INTERVAL_NANOS} so logs stay short. {@link #finish()} prints the last state.
 */
final class ProgressLine implements CaptureListener {
  static final long PLAIN_INTERVAL_NANOS = 10_000_000_000L;
  private static final long TERMINAL_INTERVAL_NANOS = 200_000_000L;

  private final PrintWriter err;
  private final boolean terminal;
  private final LongSupplier clock;
  private final long start;
  private long lastPrint;
  private BatchRecord last;
  private boolean pending;

  ProgressLine(PrintWriter err, boolean terminal, LongSupplier clock) {
    this.err = err;
    this.terminal = terminal;
    this.clock = clock;
    this.start = clock.getAsLong();
    this.lastPrint = start;
  }

  /** A progress line on {@code err}, rewritten in place when stderr is a terminal. */
  static ProgressLine forStderr(PrintWriter err) {
    return new ProgressLine(err, stderrIsTerminal(), System::nanoTime);
  }

  /** Whether file descriptor 2 is a terminal (Linux /proc), else whether the JVM has a console. */
  static boolean stderrIsTerminal() {
    Path fd = Path.of("/proc/self/fd/2");
    try {
      if (Files.isSymbolicLink(fd)) {
        String target = Files.readSymbolicLink(fd).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      }
    } catch (Exception e) {
      // not Linux or not readable: fall back below
    }
    return System.console() != null;
  }

  @Override
  public synchronized void onBatch(BatchRecord record) {
    last = record;
    pending = true;
    long now = clock.getAsLong();
    if (now - lastPrint >= (terminal ? TERMINAL_INTERVAL_NANOS : PLAIN_INTERVAL_NANOS)) {
      print(now);
    }
  }

  /** Prints the final state (if anything is unprinted) and ends the terminal line. */
  synchronized void finish() {
    if (pending) {
      print(clock.getAsLong());
    }
    if (terminal && last != null) {
      err.println();
    }
    err.flush();
  }

  private void print(long now) {
    lastPrint = now;
    pending = false;
    String line = format(last, (now - start) / 1e9);
    if (terminal) {
      err.print("\r" + line + "\u001b[K");
    } else {
      err.println(line);
    }
    err.flush();
  }

  static String format(BatchRecord r, double seconds) {
    int batches = r.index() + 1;
    return String.format(Locale.ROOT, "prism: batch %d | %s covered | %.2f batches/s | loss %.3f nats | running bpb %.4f | %.0fs",
        batches, bytes(r.cumulativeCoveredBytes()), seconds > 0 ? batches / seconds : 0.0, r.loss(),
        r.runningBitsPerByte(), seconds);
  }

  private static String bytes(double n) {
    if (n >= 1e6) {
      return String.format(Locale.ROOT, "%.2f MB", n / 1e6);
    }
    if (n >= 1e3) {
      return String.format(Locale.ROOT, "%.1f kB", n / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f B", n);
  }
}

package ai.prism.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The safety watchdog of spec §4.10: a daemon thread started right before {@code train}, polling
 * every 0.5 s whether the hard wall-clock cap ({@code budgetSeconds + grace}) has passed or the
 * regular files under the artifacts directory exceed the quota. It fires once, with the manifest's
 * reason ({@code wall_clock} or {@code artifacts_quota}), and never after {@link #close()} returned;
 * what firing does is the caller's choice (the isolated child halts the JVM, the in-process runner
 * abandons the training thread).
 */
final class Watchdog implements AutoCloseable {
  static final long POLL_MILLIS = 500;
  static final String WALL_CLOCK = "wall_clock";
  static final String ARTIFACTS_QUOTA = "artifacts_quota";

  private final Thread thread;
  private volatile boolean stopped;

  private Watchdog(Double hardBudgetSeconds, Long quotaBytes, Path artifactsDir, Consumer<String> onFire) {
    long start = System.nanoTime();
    thread = new Thread(() -> {
      while (!stopped) {
        try {
          TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
        if (stopped) {
          return;
        }
        String reason = null;
        if (hardBudgetSeconds != null && (System.nanoTime() - start) / 1e9 >= hardBudgetSeconds) {
          reason = WALL_CLOCK;
        } else if (quotaBytes != null && regularFileBytes(artifactsDir) > quotaBytes) {
          reason = ARTIFACTS_QUOTA;
        }
        if (reason != null) {
          synchronized (this) {
            if (!stopped) {
              onFire.accept(reason);
            }
          }
          return;
        }
      }
    }, "prism-watchdog");
    thread.setDaemon(true);
  }

  /**
   * Starts a watchdog when a budget or a quota is set ({@code null} otherwise, as in the
   * reference).
   */
  static Watchdog start(PrismContext ctx, Consumer<String> onFire) {
    Double hard = hardBudgetSeconds(ctx);
    if (hard == null && ctx.artifactsQuotaBytes() == null) {
      return null;
    }
    Watchdog w = new Watchdog(hard, ctx.artifactsQuotaBytes(), ctx.artifactsDir(), onFire);
    w.thread.start();
    return w;
  }

  /** {@code budgetSeconds + (grace or 0)}, or {@code null} without a budget. */
  static Double hardBudgetSeconds(PrismContext ctx) {
    if (ctx.budgetSeconds() == null) {
      return null;
    }
    return ctx.budgetSeconds() + (ctx.watchdogGraceSeconds() == null ? 0.0 : ctx.watchdogGraceSeconds());
  }

  /** Sum of the sizes of the regular files under {@code root} (symbolic links are not followed). */
  static long regularFileBytes(Path root) {
    long[] total = {0};
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile()) {
            total[0] += attrs.size();
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exc) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException | UncheckedIOException e) {
      return total[0];
    }
    return total[0];
  }

  /** Stops the watchdog; once this returns it will not fire. */
  @Override
  public void close() {
    synchronized (this) {
      stopped = true;
    }
    thread.interrupt();
  }
}

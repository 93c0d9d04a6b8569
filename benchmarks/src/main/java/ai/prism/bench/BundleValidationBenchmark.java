package ai.prism.bench;

import ai.prism.bundle.BundleReport;
import ai.prism.bundle.BundleValidator;
import ai.prism.bundle.DistributedPolicy;
import ai.prism.bundle.Submission;
import ai.prism.bundle.ValidationOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Warm validation of a typical two-script bundle (the example bundle of prism-examples: architecture.py and
 * training.py, about 16 KB of Python, plus prism.yaml) through every static gate: zip snapshot, snapshot
 * features, contract and fingerprints, sandbox on both files, distributed contract, review pre-filter.
 * Besides wall time it reports the thread's CPU time ({@code cpuMillis / validations}), which stays
 * meaningful on a machine shared with other work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BundleValidationBenchmark {
  private static final List<String> FILES = List.of("architecture.py", "training.py", "prism.yaml");

  /** {@code reject}: the reference default (the example is distributed-compliant, so it is accepted either way). */
  @Param({"reject"})
  public String distributed;

  private Submission submission;
  private ValidationOptions options;

  /** Zips the example bundle once. */
  @Setup
  public void setUp() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (String name : FILES) {
        try (InputStream in = BundleValidationBenchmark.class.getResourceAsStream("/ai/prism/examples/bundles/two-script/" + name)) {
          zip.putNextEntry(new ZipEntry(name));
          zip.write(in.readAllBytes());
          zip.closeEntry();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    submission = Submission.ofZip("bundle.zip", bytes.toByteArray(), Map.of());
    options = ValidationOptions.builder().distributedPolicy(DistributedPolicy.valueOf(distributed.toUpperCase(java.util.Locale.ROOT))).build();
    BundleReport report = BundleValidator.validate(submission, options);
    if (!report.accepted()) {
      throw new IllegalStateException("the example bundle must be accepted: " + report.reason());
    }
  }

  /**
   * The measuring thread's CPU time and the number of validations, as secondary metrics; JMH sums them over
   * the measurement iterations, so CPU milliseconds per validation is {@code cpuMillis / validations}.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** CPU milliseconds spent validating in this iteration. */
    public double cpuMillis;
    /** Validations in this iteration. */
    public long validations;

    /** Starts a fresh iteration. */
    @Setup(Level.Iteration)
    public void reset() {
      cpuMillis = 0;
      validations = 0;
    }

    long now() {
      return THREADS.getCurrentThreadCpuTime();
    }

    void add(long cpuNanos) {
      cpuMillis += cpuNanos / 1e6;
      validations++;
    }
  }

  /** One full validation. */
  @Benchmark
  public BundleReport validateTwoScriptBundle(CpuTime cpu) {
    long start = cpu.now();
    BundleReport report = BundleValidator.validate(submission, options);
    cpu.add(cpu.now() - start);
    return report;
  }
}

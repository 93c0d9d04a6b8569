package ai.prism.core.run;

import ai.prism.core.capture.CaptureOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A run against a temp corpus with captured diagnostics; defaults: vocab 256, seq 16, no wall clock. */
final class RunFixture {
  /** One row of 16 tokens per batch. */
  static final CaptureOptions SEQ16_BATCH1 = CaptureOptions.builder().batchSize(1).seqLen(16).build();

  final Path data;
  final Path artifacts;
  final ByteArrayOutputStream diagnosticsBytes = new ByteArrayOutputStream();
  final RunOptions.Builder builder;

  RunFixture(Path root) {
    this(root, Corpus.prose(root.resolve("train"), 40, 60));
  }

  RunFixture(Path root, Path data) {
    this.data = data;
    this.artifacts = root.resolve("artifacts");
    this.builder = Runner.builder()
        .dataDir(data)
        .artifactsDir(artifacts)
        .vocabSize(256)
        .sequenceLength(16)
        .budgetSeconds(null)
        .watchdogGraceSeconds(null)
        .artifactsQuotaBytes(null)
        .device(DeviceChoice.CPU)
        .submissionId("test-sub")
        .diagnostics(new PrintStream(diagnosticsBytes, true, StandardCharsets.UTF_8));
  }

  String diagnostics() {
    return diagnosticsBytes.toString(StandardCharsets.UTF_8);
  }

  RunResult run(Architecture architecture, Training training) {
    return builder.build().run(architecture, training);
  }

  RunResult run(Training training) {
    return run(ctx -> new Bigram(ctx.vocabSize()), training);
  }
}

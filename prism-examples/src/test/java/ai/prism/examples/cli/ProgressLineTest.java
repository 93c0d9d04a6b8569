package ai.prism.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.capture.BatchRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  private static BatchRecord record(int index) {
    // 512 bytes and 508 predicted tokens per batch at 1.0 nats per token.
    return new BatchRecord(index, 1.0, true, 508, 512, 512.0 * (index + 1), 508.0 * (index + 1));
  }

  @Test
  void plainOutputPrintsSparseLinesAndTheFinalState() {
    StringWriter text = new StringWriter();
    AtomicLong clock = new AtomicLong();
    ProgressLine progress = new ProgressLine(new PrintWriter(text), false, clock::get);
    for (int i = 0; i < 100; i++) {
      clock.addAndGet(250_000_000L); // 4 batches per second for 25 s
      progress.onBatch(record(i));
    }
    progress.finish();
    String[] lines = text.toString().split("\n");
    // One line per 10 s (at 10 s and 20 s) plus the final state at 25 s.
    assertEquals(3, lines.length, text.toString());
    assertEquals("prism: batch 40 | 20.5 kB covered | 4.00 batches/s | loss 1.000 nats | running bpb 1.4314 | 10s", lines[0]);
    assertTrue(lines[2].startsWith("prism: batch 100 | 51.2 kB covered"), lines[2]);
    assertTrue(!text.toString().contains("\r"));
  }

  @Test
  void terminalOutputRewritesOneLine() {
    StringWriter text = new StringWriter();
    AtomicLong clock = new AtomicLong();
    ProgressLine progress = new ProgressLine(new PrintWriter(text), true, clock::get);
    for (int i = 0; i < 10; i++) {
      clock.addAndGet(300_000_000L);
      progress.onBatch(record(i));
    }
    progress.finish();
    String out = text.toString();
    assertEquals(10, out.chars().filter(c -> c == '\r').count(), out);
    assertTrue(out.endsWith("\u001b[K\n"), out);
    assertEquals(1, out.chars().filter(c -> c == '\n').count());
  }
}

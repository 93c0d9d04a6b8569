package ai.prism.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.tokenizer.ByteTokenizer;
import ai.prism.core.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batcher semantics beyond the parity fixtures: wall clock, early break, shapes, rounding. */
class BatcherTest {

  @TempDir Path tmp;

  private TrainShards shard(String... texts) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String t : texts) {
      sb.append("{\"text\":\"").append(t).append("\"}\n");
    }
    Files.writeString(tmp.resolve("train-00000.jsonl"), sb.toString());
    return TrainShards.discover(tmp);
  }

  private static List<Batch> drain(Batcher b) {
    List<Batch> out = new ArrayList<>();
    b.forEachRemaining(out::add);
    return out;
  }

  @Test
  void wallClockBindsAfterTheMinersStep() throws IOException {
    TrainShards shards = shard("a".repeat(200));
    AtomicLong now = new AtomicLong(1_000_000_000L);
    BatcherOptions opts = BatcherOptions.builder().seqLen(16).batchSize(2)
        .budgets(new Budgets(null, null, 0.4)).nanoClock(now::get).build();
    try (Batcher b = Batcher.open(shards, opts)) {
      b.startClock();
      assertTrue(b.hasNext());
      b.next();
      assertTrue(b.hasNext());
      b.next();
      now.addAndGet(400_000_000L); // the "training step" on batch 2 takes 0.4 s
      assertFalse(b.hasNext());
      StreamState s = b.state();
      assertEquals(StoppedReason.WALL_CLOCK, s.stoppedReason());
      assertEquals(2, s.consumedBatches());
      assertEquals(64, s.consumedTokens());
      assertEquals(List.of(32.0, 64.0), s.coveredBytesCumulative());
      assertThrows(NoSuchElementException.class, b::next);
    }
  }

  @Test
  void wallClockStartsAtFirstHasNextWhenNotStartedExplicitly() throws IOException {
    TrainShards shards = shard("a".repeat(40));
    AtomicLong now = new AtomicLong(5_000_000_000L);
    BatcherOptions opts = BatcherOptions.builder().seqLen(4).batchSize(1)
        .budgets(new Budgets(null, null, 1.0)).nanoClock(now::get).build();
    try (Batcher b = Batcher.open(shards, opts)) {
      now.addAndGet(10_000_000_000L); // time before the pass started does not count
      assertTrue(b.hasNext());
      b.next();
      now.addAndGet(999_999_999L);
      assertTrue(b.hasNext());
      b.next();
      now.addAndGet(1L);
      assertFalse(b.hasNext());
      assertEquals(StoppedReason.WALL_CLOCK, b.state().stoppedReason());
      assertEquals(2, b.state().consumedBatches());
    }
  }

  @Test
  void trailingPartialOnlyWhenNoBudgetBinds() throws IOException {
    // 10 tokens in batches of 4: two full batches and a trailing (1, 2) batch.
    TrainShards shards = shard("abcdefghij");
    AtomicLong now = new AtomicLong();
    BatcherOptions opts = BatcherOptions.builder().seqLen(4).batchSize(1)
        .budgets(new Budgets(null, null, 5.0)).nanoClock(now::get).build();
    try (Batcher b = Batcher.open(shards, opts)) {
      b.next();
      b.next();
      now.set(4_000_000_000L);
      Batch trailing = b.next();
      assertEquals(1, trailing.rows());
      assertEquals(2, trailing.cols());
      assertEquals(1, trailing.predictedPositions());
      assertFalse(b.hasNext());
      assertEquals(StoppedReason.DATA_EXHAUSTED, b.state().stoppedReason());
      assertEquals(7, b.predictedTokens()); // 3 + 3 + 1
    }
    now.set(0);
    try (Batcher b = Batcher.open(shards, opts)) {
      b.next();
      b.next();
      now.set(5_000_000_000L); // the clock runs out during the step on batch 2
      assertFalse(b.hasNext());
      assertEquals(StoppedReason.WALL_CLOCK, b.state().stoppedReason());
      assertEquals(8, b.state().consumedTokens());
    }
  }

  @Test
  void earlyBreakLeavesTheReasonNull() throws IOException {
    // The spec's worked example: byte stream, seq 16, batch 2, 20-byte documents, break after two.
    String doc = "abcdefghijklmnopqrst";
    TrainShards shards = shard(doc, doc, doc, doc, doc, doc);
    try (Batcher b = Batcher.open(shards, BatcherOptions.builder().seqLen(16).batchSize(2).build())) {
      b.next();
      b.next();
      assertEquals(60, b.predictedTokens());
      StreamState s = b.state();
      assertEquals(2, s.consumedBatches());
      assertEquals(64, s.coveredBytesRounded());
      assertEquals(List.of(32.0, 64.0), s.coveredBytesCumulative());
      assertEquals(4, s.consumedDocuments());
      assertNull(s.stoppedReason());
      assertNull(s.stoppedReasonWireName());
    }
  }

  @Test
  void naturalEndSetsDataExhaustedOnlyWhenTheCallerAsksAgain() throws IOException {
    TrainShards shards = shard("abcdefgh");
    try (Batcher b = Batcher.open(shards, BatcherOptions.builder().seqLen(4).batchSize(2).build())) {
      Batch only = b.next();
      assertArrayEquals(new long[] {97, 98, 99, 100, 101, 102, 103, 104}, only.ids());
      assertNull(b.state().stoppedReason());
      assertFalse(b.hasNext());
      assertEquals(StoppedReason.DATA_EXHAUSTED, b.state().stoppedReason());
      assertEquals("data_exhausted", b.state().dataBlock().get("stopped_reason").asText());
    }
  }

  @Test
  void zeroBudgetsStopBeforeTheFirstBatch() throws IOException {
    TrainShards shards = shard("abcdefgh");
    for (Budgets budgets : List.of(new Budgets(0L, null, null), new Budgets(null, 0L, null), new Budgets(null, null, 0.0))) {
      try (Batcher b = Batcher.open(shards, BatcherOptions.builder().seqLen(2).batchSize(1).budgets(budgets).build())) {
        assertFalse(b.hasNext());
        assertEquals(0, b.state().consumedBatches());
        assertEquals(1, b.state().consumedDocuments());
      }
    }
  }

  @Test
  void idsAreReducedModVocabWithPythonSignSemantics() throws IOException {
    Tokenizer negative = new Tokenizer() {
      @Override
      public int[] encode(String text) {
        return new int[] {-1, -7, 300, 5};
      }

      @Override
      public int vocabSize() {
        return 301;
      }

      @Override
      public String name() {
        return "neg";
      }
    };
    TrainShards shards = shard("x");
    try (Batcher b = Batcher.open(shards, BatcherOptions.builder().tokenizer(negative).vocabSize(7).seqLen(4).batchSize(1).build())) {
      Batch batch = b.next();
      assertArrayEquals(new long[] {6, 0, 6, 5}, batch.ids());
      assertEquals(1.0, batch.coveredBytes()); // 1 byte over 4 ids: 0.25 each
      assertTrue(b.state().tokenizerUsed());
    }
  }

  @Test
  void coveredBytesRoundHalfToEven() throws IOException {
    assertEquals(0, StreamState.roundHalfEven(0.5));
    assertEquals(2, StreamState.roundHalfEven(1.5));
    assertEquals(2, StreamState.roundHalfEven(2.5));
    assertEquals(4, StreamState.roundHalfEven(4.5));
    assertEquals(5, StreamState.roundHalfEven(4.500000000000001));
    // "abc" and "def" tokenized into 2 ids each: weight 1.5; one batch of 3 tokens covers 4.5 bytes.
    Tokenizer pairs = new Tokenizer() {
      @Override
      public int[] encode(String text) {
        return new int[(text.length() + 1) / 2];
      }

      @Override
      public int vocabSize() {
        return 1;
      }

      @Override
      public String name() {
        return "pairs";
      }
    };
    try (Batcher b = Batcher.open(shard("abc", "def"), BatcherOptions.builder().tokenizer(pairs).seqLen(3).batchSize(1).build())) {
      assertEquals(4.5, b.next().coveredBytes());
      assertFalse(b.hasNext()); // the remainder of one token is dropped
      assertEquals(4.5, b.state().coveredBytes());
      assertEquals(4, b.state().coveredBytesRounded());
      assertEquals(4, b.state().dataBlock().get("covered_bytes").asLong());
    }
  }

  @Test
  void normalizesShapeLikeTheReference() {
    BatcherOptions o = BatcherOptions.builder().seqLen(0).batchSize(-3).vocabSize(1).build();
    assertEquals(2, o.seqLen());
    assertEquals(1, o.batchSize());
    assertEquals(2, o.vocabSize());
    BatcherOptions d = BatcherOptions.builder().build();
    assertEquals(1024, d.seqLen());
    assertEquals(8, d.batchSize());
    assertEquals(4096, d.vocabSize());
  }

  @Test
  void explicitByteTokenizerGivesTheSameStreamWithTokenizerBasis() throws IOException {
    TrainShards shards = shard("h\\u00e9llo w\\u00f6rld", "\\ud83d\\ude00 ok");
    List<Batch> raw;
    List<Batch> explicit;
    try (Batcher b = Batcher.open(shards, BatcherOptions.builder().seqLen(5).batchSize(1).build())) {
      raw = drain(b);
      assertFalse(b.state().tokenizerUsed());
    }
    try (Batcher b = Batcher.open(shards, BatcherOptions.builder().tokenizer(ByteTokenizer.INSTANCE).seqLen(5).batchSize(1).build())) {
      explicit = drain(b);
      assertTrue(b.state().tokenizerUsed());
    }
    assertEquals(raw.size(), explicit.size());
    for (int i = 0; i < raw.size(); i++) {
      assertArrayEquals(raw.get(i).ids(), explicit.get(i).ids());
      assertEquals(raw.get(i).coveredBytes(), explicit.get(i).coveredBytes());
    }
    assertEquals(4, raw.size()); // 13 + 8 bytes = 21 tokens: four batches of 5, one dropped
  }

  @Test
  void closingEndsTheStreamWithoutAReason() throws IOException {
    Batcher b = Batcher.open(shard("abcdefgh"), BatcherOptions.builder().seqLen(2).batchSize(1).build());
    b.next();
    b.close();
    assertFalse(b.hasNext());
    assertNull(b.state().stoppedReason());
  }

  @Test
  void stateListIsASnapshot() throws IOException {
    try (Batcher b = Batcher.open(shard("abcdefgh"), BatcherOptions.builder().seqLen(2).batchSize(1).build())) {
      b.next();
      List<Double> after1 = b.state().coveredBytesCumulative();
      drain(b);
      assertEquals(List.of(2.0), after1);
      assertEquals(List.of(2.0, 4.0, 6.0, 8.0), b.state().coveredBytesCumulative());
      assertThrows(UnsupportedOperationException.class, () -> after1.add(1.0));
    }
  }
}

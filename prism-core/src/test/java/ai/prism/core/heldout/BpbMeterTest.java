package ai.prism.core.heldout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.prism.core.run.Corpus;
import ai.prism.core.run.TestBlocks;
import ai.prism.core.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bpb_over} arithmetic on models whose loss is known: chunk shapes, the {@code (1, n)}
 * remainder, the skipped 1-token remainder, the {@code 2 × ln(vocab)} sanitisation and the
 * tokenizer-aware byte weights.
 */
class BpbMeterTest {
  private static final double LN2 = Math.log(2.0);

  @TempDir Path tmp;
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = Engine.getInstance().newBaseManager(Device.cpu());
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private Block block(int vocab, float value) {
    Block b = TestBlocks.flat(vocab, value);
    b.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
    return b;
  }

  private SplitPrefix prefix(List<String> texts) {
    Path dir = Corpus.shard(tmp.resolve("val" + texts.hashCode()), "val-00000.jsonl", texts);
    return SplitPrefix.scan(dir, "val", ai.prism.core.data.LockedCorpus.DEFAULT_MAX_LINE_BYTES, 0, new Cancellation());
  }

  private static float uniformLoss(int vocab) {
    try (NDManager m = Engine.getInstance().newBaseManager(Device.cpu())) {
      NDArray logits = m.zeros(new Shape(1, 2, vocab));
      return -logits.logSoftmax(2).get("0, 0, 0").getFloat();
    }
  }

  @Test
  void chunksAreBatchBySeqWithAOneRowRemainder() {
    // 19 bytes, seq 4, batch 2: (2,4) + (2,4) + (1,3): 14 predicted positions over 19 bytes.
    BpbMeter meter = new BpbMeter(256, 4, 2, null, new Cancellation());
    Double bpb = meter.measure(block(256, 0f), manager, prefix(List.of("abcdefghij", "klmnopqrs")));
    double loss = uniformLoss(256);
    assertEquals(loss * 14 / LN2 / 19, bpb, 1e-6 * bpb);
  }

  @Test
  void aOneByteRemainderIsNotMeasured() {
    // 17 bytes: (2,4) + (2,4); the last byte is dropped from both numerator and denominator.
    BpbMeter meter = new BpbMeter(256, 4, 2, null, new Cancellation());
    Double bpb = meter.measure(block(256, 0f), manager, prefix(List.of("abcdefghijklmnopq")));
    assertEquals(uniformLoss(256) * 12 / LN2 / 16, bpb, 1e-6 * bpb);
  }

  @Test
  void nonFiniteLossesCountAsTwiceTheBaseline() {
    BpbMeter meter = new BpbMeter(256, 4, 2, null, new Cancellation());
    Double bpb = meter.measure(block(256, Float.NaN), manager, prefix(List.of("abcdefghij", "klmnopqrs")));
    double worst = 2.0 * Math.log(256);
    double sum = worst * 6 + worst * 6 + worst * 2;
    assertEquals(sum / LN2 / 19, bpb, 0.0);
  }

  @Test
  void nothingToMeasureIsNull() {
    BpbMeter meter = new BpbMeter(256, 4, 2, null, new Cancellation());
    assertNull(meter.measure(block(256, 0f), manager, prefix(List.of("a"))));
    assertNull(meter.measure(block(256, 0f), manager, prefix(List.of(""))));
  }

  @Test
  void tokenizerAwareChunksCountTheirTokensByteWeights() {
    Tokenizer pairs = new Fixture.PairTokenizer();
    // "abcde": 5 bytes, 3 ids of weight 5/3; "" encodes to nothing and is skipped. seq 2, batch 1:
    // one (1,2) chunk of weight 10/3 with 1 predicted position; the last id is a 1-token remainder.
    BpbMeter meter = new BpbMeter(512, 2, 1, pairs, new Cancellation());
    Double bpb = meter.measure(block(512, 0f), manager, prefix(List.of("abcde", "")));
    double weight = 5.0 / 3 + 5.0 / 3;
    assertEquals(uniformLoss(512) * 1 / LN2 / weight, bpb, 1e-6 * bpb);
  }

  @Test
  void idsAreReducedModuloTheVocabulary() {
    // With vocab 64, bytes fold onto 64 ids: a flat model's loss is ln(64) whatever the bytes.
    BpbMeter meter = new BpbMeter(64, 4, 2, null, new Cancellation());
    Double bpb = meter.measure(block(64, 0f), manager, prefix(List.of("\u00ff\u00fe\u00fd\u00fc")));
    assertEquals(uniformLoss(64) * 6 / LN2 / 8, bpb, 1e-6 * bpb);
  }
}

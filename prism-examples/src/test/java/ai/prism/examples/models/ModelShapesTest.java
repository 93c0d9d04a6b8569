package ai.prism.examples.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelShapesTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    Engine.getInstance().setRandomSeed(1337);
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private static long parameterCount(Block block) {
    long total = 0;
    for (Pair<String, Parameter> p : block.getParameters()) {
      total += p.getValue().getArray().size();
    }
    return total;
  }

  private NDArray forward(Block block, long[] ids, int rows, int cols) {
    NDArray tokens = manager.create(ids, new Shape(rows, cols));
    return block.forward(new ParameterStore(manager, false), new NDList(tokens), false).head();
  }

  @Test
  void tinyDecoderHasTheReferenceParameterCountAtVocab4096() {
    // Counted by hand from the architecture: tied embedding 4096*128 = 524,288; per layer two RMSNorm
    // scales (2*128), qkv 384*128 = 49,152, proj 128*128 = 16,384, gate+up 2*512*128 = 131,072,
    // down 128*512 = 65,536 -> 262,400; two layers 524,800; final norm 128. Total 1,049,216.
    TinyDecoder decoder = new TinyDecoder(TinyDecoder.Config.reference(4096));
    decoder.initialize(manager, DataType.FLOAT32, new Shape(1, 128));
    assertEquals(1_049_216L, parameterCount(decoder));
    assertEquals(1_049_216L, decoder.config().parameterCount());
  }

  @Test
  void tinyDecoderMapsTokensToLogitsAndIsCausal() {
    TinyDecoder decoder = new TinyDecoder(TinyDecoder.Config.reference(300));
    decoder.initialize(manager, DataType.FLOAT32, new Shape(1, 16));
    long[] ids = new long[2 * 16];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = (i * 37L) % 300;
    }
    NDArray logits = forward(decoder, ids, 2, 16);
    assertEquals(new Shape(2, 16, 300), logits.getShape());
    long[] changed = ids.clone();
    changed[10] = (changed[10] + 1) % 300; // row 0, position 10
    NDArray other = forward(decoder, changed, 2, 16);
    // Positions before 10 cannot see the change; position 10 and later (and row 1 not at all) can.
    assertArrayEquals(
        logits.get("0, :10, :").toFloatArray(), other.get("0, :10, :").toFloatArray(), 0f);
    assertArrayEquals(logits.get("1").toFloatArray(), other.get("1").toFloatArray(), 0f);
    assertNotEquals(logits.get("0, 10, 0").getFloat(), other.get("0, 10, 0").getFloat());
  }

  @Test
  void tinyDecoderInitialisesLikeTheReference() {
    TinyDecoder decoder = new TinyDecoder(TinyDecoder.Config.reference(4096));
    decoder.initialize(manager, DataType.FLOAT32, new Shape(1, 8));
    for (Pair<String, Parameter> p : decoder.getParameters()) {
      NDArray w = p.getValue().getArray();
      String name = p.getKey();
      if (name.endsWith("token_emb")) {
        double std = w.sub(w.mean()).square().mean().sqrt().getFloat();
        assertEquals(0.13, std, 0.002, name);
      } else if (w.getShape().dimension() == 1) {
        assertEquals(w.size(), w.eq(1f).sum().getLong(), name + " starts at ones");
      } else {
        double bound = 1 / Math.sqrt(w.getShape().get(1));
        assertTrue(w.abs().max().getFloat() <= bound, name + " within 1/sqrt(fan_in)");
        // Uniform on [-b, b] has standard deviation b/sqrt(3).
        double std = w.square().mean().sqrt().getFloat();
        assertEquals(bound / Math.sqrt(3), std, bound * 0.02, name);
      }
    }
  }

  @Test
  void lstmHasItsCountedParametersAndIsCausal() {
    LstmLanguageModel lstm = new LstmLanguageModel(LstmLanguageModel.Config.small(4096));
    lstm.initialize(manager, DataType.FLOAT32, new Shape(1, 16));
    // embedding 4096*128 + LSTM 4*256*(128+256) + two biases 2*1024 + head 256*4096 + 4096
    assertEquals(524_288L + 393_216L + 2_048L + 1_048_576L + 4_096L, parameterCount(lstm));
    assertEquals(parameterCount(lstm), lstm.config().parameterCount());
    long[] ids = {5, 6, 7, 8, 9, 10};
    NDArray logits = forward(lstm, ids, 1, 6);
    assertEquals(new Shape(1, 6, 4096), logits.getShape());
    long[] changed = {5, 6, 7, 99, 9, 10};
    NDArray other = forward(lstm, changed, 1, 6);
    assertArrayEquals(logits.get("0, :3").toFloatArray(), other.get("0, :3").toFloatArray(), 0f);
    assertNotEquals(logits.get("0, 3, 0").getFloat(), other.get("0, 3, 0").getFloat());
  }

  @Test
  void bigramStartsUniformAndReadsItsTableRow() {
    BigramModel bigram = new BigramModel(64);
    bigram.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
    assertEquals(64L * 64L, parameterCount(bigram));
    NDArray logits = forward(bigram, new long[] {1, 2, 3, 4}, 1, 4);
    assertEquals(new Shape(1, 4, 64), logits.getShape());
    assertEquals(0f, logits.abs().max().getFloat());
    NDArray table = bigram.getParameters().get("logits").getArray();
    // Through a detached view: gradient recording may be on in this thread (see TorchAdamW).
    table.stopGradient().set(new ai.djl.ndarray.index.NDIndex("3"), manager.arange(64f));
    NDArray updated = forward(bigram, new long[] {1, 2, 3, 4}, 1, 4);
    assertArrayEquals(manager.arange(64f).toFloatArray(), updated.get("0, 2").toFloatArray(), 0f);
  }

  @Test
  void configsRejectImpossibleSizes() {
    assertThrows(IllegalArgumentException.class, () -> new TinyDecoder.Config(4096, 130, 4, 2, 4, 0.13f, 1e-6f));
    assertThrows(IllegalArgumentException.class, () -> new TinyDecoder.Config(1, 128, 4, 2, 4, 0.13f, 1e-6f));
    assertThrows(IllegalArgumentException.class, () -> new LstmLanguageModel.Config(4096, 0, 8));
    assertThrows(IllegalArgumentException.class, () -> new BigramModel(1));
  }
}

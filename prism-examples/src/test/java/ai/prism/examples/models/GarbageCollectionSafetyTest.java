package ai.prism.examples.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.prism.core.capture.NextTokenLoss;
import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gradients of the example models must not depend on when the JVM collects garbage. DJL 0.36 builds
 * {@code mul(Number)}/{@code pow(Number)} operands over Java direct buffers that a collection frees while
 * autograd still holds them for backward (see {@code ai.prism.core.nd.Scalars}); with such an operand
 * in a model, the gradients computed after a forced collection differ from (or are NaN against) the
 * gradients of the same step without one. This was seen as runs drifting apart at a random batch.
 */
class GarbageCollectionSafetyTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void tinyDecoderGradientsDoNotDependOnGarbageCollection() throws InterruptedException {
    assertSameGradients(() -> new TinyDecoder(TinyDecoder.Config.reference(256)));
  }

  @Test
  void lstmGradientsDoNotDependOnGarbageCollection() throws InterruptedException {
    assertSameGradients(() -> ExampleModels.architecture("lstm").build(
        ai.prism.core.run.PrismContext.builder().vocabSize(256).sequenceLength(32).build()));
  }

  private interface BlockFactory {
    Block create();
  }

  private void assertSameGradients(BlockFactory factory) throws InterruptedException {
    List<float[]> quiet = gradients(factory.create(), false);
    List<float[]> collected = gradients(factory.create(), true);
    assertTrue(quiet.size() > 0);
    for (int i = 0; i < quiet.size(); i++) {
      assertArrayEquals(quiet.get(i), collected.get(i), 0f, "gradient of parameter #" + i);
    }
  }

  /** One training step's parameter gradients; optionally collect garbage between forward and backward. */
  private List<float[]> gradients(Block block, boolean collectBeforeBackward) throws InterruptedException {
    Engine.getInstance().setRandomSeed(1337);
    int rows = 2;
    int cols = 32;
    try (NDManager step = manager.newSubManager()) {
      block.initialize(step, DataType.FLOAT32, new Shape(1, cols));
      long[] ids = new long[rows * cols];
      Random random = new Random(7);
      for (int i = 0; i < ids.length; i++) {
        ids[i] = random.nextInt(256);
      }
      NDArray tokens = step.create(ids, new Shape(rows, cols));
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDList output = block.forward(new ParameterStore(step, false), new NDList(tokens), true);
        NDArray loss = NextTokenLoss.meanCrossEntropyArray(NextTokenLoss.logitsOf(output), tokens);
        if (collectBeforeBackward) {
          collectGarbageAndRunCleaners();
        }
        collector.backward(loss);
      }
      List<float[]> out = new ArrayList<>();
      for (Pair<String, Parameter> p : block.getParameters()) {
        out.add(p.getValue().getArray().getGradient().toFloatArray());
      }
      return out;
    }
  }

  /**
   * Collects garbage until a dropped direct buffer has been reclaimed, so the cleaners of every other
   * unreachable direct buffer (the freed scalar operands) have run as well.
   */
  private static void collectGarbageAndRunCleaners() throws InterruptedException {
    ReferenceQueue<ByteBuffer> queue = new ReferenceQueue<>();
    PhantomReference<ByteBuffer> sentinel = new PhantomReference<>(ByteBuffer.allocateDirect(4), queue);
    for (int i = 0; i < 100 && queue.poll() == null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    Thread.sleep(50);
    assertTrue(sentinel.refersTo(null), "the sentinel buffer was collected");
  }
}

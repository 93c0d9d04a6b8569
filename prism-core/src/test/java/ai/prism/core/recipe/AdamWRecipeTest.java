package ai.prism.core.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import ai.prism.core.capture.CaptureOptions;
import ai.prism.core.capture.CaptureProtocolException;
import ai.prism.core.capture.TrainBatch;
import ai.prism.core.run.Architecture;
import ai.prism.core.run.RunResult;
import ai.prism.core.run.Runner;
import ai.prism.core.run.Training;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdamWRecipeTest {
  private static final int VOCAB = 256;

  /** A dropout-free two-layer model: embedding, tanh, linear head (non-trivial curvature, no randomness). */
  static final class TinyMlp extends AbstractBlock {
    private final Parameter embedding;
    private final Parameter head;

    TinyMlp(int vocab, int dim) {
      embedding = addParameter(Parameter.builder().setName("emb").setType(Parameter.Type.WEIGHT)
          .optShape(new Shape(vocab, dim)).optInitializer(new NormalInitializer(0.5f)).build());
      head = addParameter(Parameter.builder().setName("head").setType(Parameter.Type.WEIGHT)
          .optShape(new Shape(vocab, dim)).optInitializer(new NormalInitializer(0.2f)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
      NDArray tokens = inputs.head();
      NDArray x = Embedding.embedding(tokens, ps.getValue(embedding, tokens.getDevice(), training), SparseFormat.DENSE)
          .head().tanh();
      return Linear.linear(x, ps.getValue(head, tokens.getDevice(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return new Shape[] {inputShapes[0].add(VOCAB)};
    }
  }

  private static final Architecture MLP = ctx -> new TinyMlp(ctx.vocabSize(), 32);

  private static Path corpus(Path dir, String text, int documents) throws IOException {
    Path data = Files.createDirectories(dir.resolve("train"));
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < documents; i++) {
      lines.append("{\"text\": \"").append(text).append("\"}\n");
    }
    Files.writeString(data.resolve("train-000.jsonl"), lines, StandardCharsets.UTF_8);
    return data;
  }

  private static RunResult run(Path data, Path out, AdamWRecipe recipe, long tokenBudget) {
    return Runner.builder()
        .dataDir(data)
        .artifactsDir(out)
        .vocabSize(VOCAB)
        .sequenceLength(32)
        .tokenBudget(tokenBudget)
        .diagnostics(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
        .build()
        .run(MLP, recipe);
  }

  private static double mean(List<Double> values, int from, int to) {
    return values.subList(from, to).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  @Test
  void learnsRepetitiveText(@TempDir Path dir) throws IOException {
    Path data = corpus(dir, "the cat sat on the mat. the cat sat on the mat. ", 200);
    AdamWRecipe recipe = Recipes.adamW(0.01, 0.01, 1.0, 4, null);
    RunResult result = run(data, dir.resolve("out"), recipe, 4 * 32 * 60L);
    List<Double> loss = result.onlineLoss();
    assertEquals(60, loss.size());
    // Starts near ln(256) = 5.55 and ends far below it: the loop trains the model the capture scores.
    assertTrue(loss.get(0) > 4.5, "step-0 loss " + loss.get(0));
    assertTrue(mean(loss, 50, 60) < 1.0, "late loss " + mean(loss, 50, 60));
    assertTrue(result.prequentialBpb() < 3.0, "bpb " + result.prequentialBpb());
  }

  @Test
  void fusedRecordsTheSameLossesAsTheSeparateForward(@TempDir Path dir) throws IOException {
    Path data = corpus(dir, "Prequential coding: predict each batch, then train on it. 0123456789 ", 100);
    AdamWRecipe separate = Recipes.adamW(0.01, 0.01, 1.0, 4, 16);
    AdamWRecipe fused = separate.toBuilder().fused(true).build();
    List<Double> a = run(data, dir.resolve("separate"), separate, 4 * 16 * 40L).onlineLoss();
    List<Double> b = run(data, dir.resolve("fused"), fused, 4 * 16 * 40L).onlineLoss();
    assertEquals(40, a.size());
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i), b.get(i), 1e-6 * Math.abs(a.get(i)), "batch " + i);
    }
    // The losses move (the model trains between batches), so the comparison is not between constants.
    assertNotEquals(a.get(0), a.get(a.size() - 1), 0.5);
  }

  @Test
  void clipNormAndWeightDecayShapeTheTrajectory(@TempDir Path dir) throws IOException {
    Path data = corpus(dir, "abcdefghijklmnopqrstuvwxyz ", 100);
    AdamWRecipe plain = AdamWRecipe.builder().learningRate(0.01).weightDecay(0).batchSize(2).seqLen(16).build();
    // A clip norm of 1e-7 shrinks per-element gradients to about eps (1e-8), so Adam's steps shrink too.
    AdamWRecipe clipped = plain.toBuilder().clipNorm(1e-7).build();
    AdamWRecipe decayed = plain.toBuilder().weightDecay(20.0).build();
    List<Double> a = run(data, dir.resolve("a"), plain, 2 * 16 * 10L).onlineLoss();
    List<Double> b = run(data, dir.resolve("b"), clipped, 2 * 16 * 10L).onlineLoss();
    List<Double> c = run(data, dir.resolve("c"), decayed, 2 * 16 * 10L).onlineLoss();
    assertEquals(a.get(0), b.get(0), 0.0, "same initial model");
    assertEquals(a.get(0), c.get(0), 0.0, "same initial model");
    double plainDrop = a.get(0) - a.get(9);
    double clippedDrop = b.get(0) - b.get(9);
    assertTrue(plainDrop > 0.5, "plain drop " + plainDrop);
    assertTrue(clippedDrop > 0 && clippedDrop < 0.8 * plainDrop, "clipped drop " + clippedDrop + " vs " + plainDrop);
    // Weight decay 20 at lr 0.01 shrinks every weight by 20% per step: the logits flatten towards uniform.
    assertTrue(Math.abs(c.get(9) - Math.log(VOCAB)) < Math.abs(a.get(9) - Math.log(VOCAB)));
  }

  @Test
  void recordTrainingLossReturnsTheRecordedLossOnceAndOnlyOnce(@TempDir Path dir) throws IOException {
    Path data = corpus(dir, "one two three four five six seven eight nine ten ", 50);
    List<Double> returned = new java.util.ArrayList<>();
    List<String> refusals = new java.util.ArrayList<>();
    Training loop = ctx -> {
      ai.djl.Model model = ctx.buildModel();
      ParameterStore store = new ParameterStore(model.getNDManager(), false);
      CaptureOptions options = CaptureOptions.builder().batchSize(2).seqLen(16).fused(true).build();
      for (TrainBatch batch : ctx.trainBatches(model, options)) {
        NDArray logits = model.getBlock().forward(store, new NDList(batch.tokens()), true).head();
        returned.add((double) batch.recordTrainingLoss(logits).getFloat());
        try {
          batch.recordTrainingLoss(logits);
        } catch (CaptureProtocolException e) {
          refusals.add(e.getMessage());
        }
      }
    };
    List<Double> recorded = new java.util.ArrayList<>();
    RunResult result;
    try {
      result = Runner.builder().dataDir(data).artifactsDir(dir.resolve("out")).vocabSize(VOCAB).sequenceLength(16)
          .stepBudget(3L).listener(record -> recorded.add(record.loss())).diagnostics(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
          .build().run(MLP, loop);
    } catch (ai.prism.core.run.RunFailedException e) {
      // The swallowed protocol violations fail the run; the recorded losses were still returned.
      result = null;
    }
    assertEquals(null, result, "a swallowed protocol violation fails the run");
    assertEquals(3, returned.size());
    assertEquals(3, refusals.size());
    assertTrue(refusals.get(0).contains("recordTrainingLoss: the logits of batch 0 were already recorded"), refusals.get(0));
    assertEquals(recorded, returned, "the returned loss is the recorded one");
    assertTrue(returned.get(0) > 4.5 && returned.get(0) < 7, "loss " + returned.get(0));
  }

  @Test
  void theLoopKeepsMemoryFlat() {
    ai.djl.engine.Engine.getInstance().setRandomSeed(3);
    try (ai.djl.Model model = ai.djl.Model.newInstance("flat");
        ai.djl.ndarray.NDManager batches = ai.djl.ndarray.NDManager.newBaseManager()) {
      TinyMlp block = new TinyMlp(VOCAB, 16);
      block.initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 8));
      model.setBlock(block);
      AdamWRecipe.Loop loop = Recipes.adamW(0.01, 0.01, 1.0, 2, 8).loop(model);
      NDArray tokens = batches.create(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 8, 7, 6, 5, 4, 3, 2, 1}, new Shape(2, 8));
      TrainBatch batch = new TrainBatch() {
        public int index() { return 0; }
        public int rows() { return 2; }
        public int cols() { return 8; }
        public NDArray tokens() { return tokens; }
        public void recordTrainingLogits(NDArray logits) { throw new AssertionError(); }
        public NDArray recordTrainingLoss(NDArray logits) { throw new AssertionError(); }
      };
      int[] counts = new int[3];
      for (int step = 1; step <= 300; step++) {
        loop.step(batch);
        if (step == 10 || step == 100 || step == 300) {
          counts[step == 10 ? 0 : step == 100 ? 1 : 2] =
              model.getNDManager().getManagedArrays().size() + batches.getManagedArrays().size();
        }
      }
      // The parameters, their moments and the tokens; nothing accumulates per step.
      assertEquals(counts[0], counts[1]);
      assertEquals(counts[0], counts[2]);
      // Two parameters and their two moment buffers each, plus the tokens.
      assertEquals(2 + 2 * 2 + 1, counts[2]);
    }
  }

  @Test
  void rejectsInvalidSettings() {
    assertThrows(IllegalArgumentException.class, () -> Recipes.adamW(0.01, 0.01, 0, 4, null));
    assertThrows(IllegalArgumentException.class, () -> Recipes.adamW(-1, 0.01, 1, 4, null));
    assertThrows(IllegalArgumentException.class, () -> Recipes.adamW(0.01, 0.01, 1, 0, null));
    assertThrows(IllegalArgumentException.class, () -> Recipes.adamW(0.01, 0.01, 1, 4, 1));
  }

  @Test
  void referenceDefaultsMatchTheTinyExample() {
    AdamWRecipe recipe = Recipes.tinyDecoderReference();
    assertEquals(0.005, recipe.learningRate());
    assertEquals(0.01, recipe.weightDecay());
    assertEquals(1.0, recipe.clipNorm());
    assertEquals(4, recipe.batchSize());
    assertEquals(null, recipe.seqLen());
    assertEquals("bytes", recipe.tokenizerName());
  }
}

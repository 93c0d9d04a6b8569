package ai.prism.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.prism.core.capture.CaptureOptions;
import ai.prism.core.capture.CaptureSetup;
import ai.prism.core.capture.OnlineLossCapture;
import ai.prism.core.capture.TrainBatch;
import ai.prism.core.data.Batch;
import ai.prism.core.data.Batcher;
import ai.prism.core.data.BatcherOptions;
import ai.prism.core.data.Budgets;
import ai.prism.core.data.TrainShards;
import ai.prism.core.recipe.AdamWRecipe;
import ai.prism.core.recipe.Recipes;
import ai.prism.examples.models.TinyDecoder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The tiny decoder (vocab 4096, seq 128, batch 4) training with the built-in recipe on a batch stream, one
 * step at a time, with the online-loss capture off ({@code NONE}: the same batches straight from the
 * {@code Batcher}), in the separate mode or in the fused mode.
 */
final class TrainingRig implements AutoCloseable {
  static final int VOCAB = 4096;
  static final int SEQ = 128;
  static final int BATCH = 4;
  static final int PREDICTED_PER_STEP = BATCH * (SEQ - 1);

  /** How the online loss is captured. */
  enum Capture { NONE, SEPARATE, FUSED }

  private final Capture capture;
  private final Path corpus;
  private final Model model;
  private final AdamWRecipe.Loop loop;
  private final NDManager scopes;
  private Iterator<? extends TrainBatch> batches;
  private Batcher batcher;
  private PlainBatch previous;

  TrainingRig(String capture, Path corpus) {
    this.capture = Capture.valueOf(capture.toUpperCase(Locale.ROOT));
    this.corpus = corpus;
    Engine.getInstance().setRandomSeed(1337);
    model = Model.newInstance("tiny-decoder", Device.cpu());
    TinyDecoder block = new TinyDecoder(TinyDecoder.Config.reference(VOCAB));
    block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, SEQ));
    model.setBlock(block);
    AdamWRecipe recipe = Recipes.tinyDecoderReference().toBuilder().fused(this.capture == Capture.FUSED).build();
    loop = recipe.loop(model);
    scopes = model.getNDManager().newSubManager();
    open();
  }

  /** One training step of the built-in recipe on the next batch (re-opening the stream at its end). */
  void step() {
    if (capture == Capture.NONE) {
      if (previous != null) {
        previous.close();
      }
      if (!batcher.hasNext()) {
        open();
      }
      previous = new PlainBatch(batcher.next(), scopes.newSubManager());
      loop.step(previous);
    } else {
      if (!batches.hasNext()) {
        open();
      }
      loop.step(batches.next());
    }
  }

  private void open() {
    TrainShards shards = TrainShards.discover(corpus);
    if (capture == Capture.NONE) {
      if (batcher != null) {
        batcher.close();
      }
      batcher = Batcher.open(shards, BatcherOptions.builder().vocabSize(VOCAB).batchSize(BATCH).seqLen(SEQ).build());
      return;
    }
    CaptureSetup setup = new CaptureSetup(shards, VOCAB, SEQ, 0, Budgets.none(), null, null,
        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8), () -> { }, true,
        BatcherOptions.DEFAULT_MAX_LINE_BYTES);
    CaptureOptions options =
        CaptureOptions.builder().batchSize(BATCH).seqLen(SEQ).fused(capture == Capture.FUSED).build();
    batches = OnlineLossCapture.create(setup, options).batches(model).iterator();
  }

  @Override
  public void close() {
    if (batcher != null) {
      batcher.close();
    }
    model.close();
  }

  /** A directory with one shard of deterministic English-like JSONL text of about {@code bytes} bytes. */
  static Path corpus(int bytes) throws IOException {
    Path dir = Files.createTempDirectory("prism-bench-corpus");
    String[] words = ("the of and to in a is that for it as was with be by on not he this are or his from at which"
        + " but have an they you were her she there been one all we their has would when if so no what can more"
        + " model data learning train loss bits byte online batch sequence token predict compress corpus score")
        .split(" ");
    SplittableRandom random = new SplittableRandom(7);
    StringBuilder text = new StringBuilder(bytes + 1024);
    while (text.length() < bytes) {
      text.append("{\"text\": \"");
      for (int sentence = 0; sentence < 6; sentence++) {
        int length = 6 + random.nextInt(12);
        for (int w = 0; w < length; w++) {
          String word = words[random.nextInt(words.length)];
          text.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
          text.append(w == length - 1 ? ". " : " ");
        }
      }
      text.append("\"}\n");
    }
    Files.writeString(dir.resolve("train-000.jsonl"), text, StandardCharsets.UTF_8);
    return dir;
  }

  /** A batch without a capture: its tokens in their own scope, closed before the next batch. */
  private static final class PlainBatch implements TrainBatch, AutoCloseable {
    private final Batch batch;
    private final NDManager scope;
    private final NDArray tokens;

    PlainBatch(Batch batch, NDManager scope) {
      this.batch = batch;
      this.scope = scope;
      this.tokens = scope.create(batch.ids(), new Shape(batch.rows(), batch.cols()));
    }

    @Override
    public int index() {
      return batch.index();
    }

    @Override
    public int rows() {
      return batch.rows();
    }

    @Override
    public int cols() {
      return batch.cols();
    }

    @Override
    public NDArray tokens() {
      return tokens;
    }

    @Override
    public void recordTrainingLogits(NDArray logits) {
      throw new UnsupportedOperationException("no capture");
    }

    @Override
    public NDArray recordTrainingLoss(NDArray logits) {
      throw new UnsupportedOperationException("no capture");
    }

    @Override
    public void close() {
      scope.close();
    }
  }
}

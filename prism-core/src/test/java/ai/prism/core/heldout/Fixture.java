package ai.prism.core.heldout;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.PairList;
import ai.prism.core.capture.CaptureOptions;
import ai.prism.core.capture.TrainBatch;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.JsonValue;
import ai.prism.core.manifest.ScoreBlock;
import ai.prism.core.run.Architecture;
import ai.prism.core.run.Bigram;
import ai.prism.core.run.Corpus;
import ai.prism.core.run.DeviceChoice;
import ai.prism.core.run.Loops;
import ai.prism.core.run.RunOptions;
import ai.prism.core.run.RunResult;
import ai.prism.core.run.Runner;
import ai.prism.core.run.Training;
import ai.prism.core.run.TrainingContext;
import ai.prism.core.tokenizer.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.StringJoiner;

/** Corpora, runs and models for held-out tests (vocab 256, seq 16, CPU). */
final class Fixture {
  static final int VOCAB = 256;
  static final int SEQ = 16;
  static final Architecture BIGRAM = ctx -> new Bigram(ctx.vocabSize());
  private Fixture() {}

  /** {@code docs} English-like texts of {@code words} words drawn with {@code seed}. */
  static List<String> prose(int docs, int words, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> texts = new ArrayList<>();
    for (int d = 0; d < docs; d++) {
      StringJoiner text = new StringJoiner(" ", "", ".");
      random.ints(words, 0, Corpus.WORDS.size()).forEach(i -> text.add(Corpus.WORDS.get(i)));
      texts.add(text.toString());
    }
    return texts;
  }

  /** {@code n} copies of {@code text}. */
  static List<String> repeated(String text, int n) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      texts.add(text);
    }
    return texts;
  }

  /** A corpus root with {@code train/train-00000.jsonl} and {@code val/val-00000.jsonl}. */
  static Path corpus(Path root, List<String> train, List<String> val) {
    Corpus.shard(root.resolve("train"), "train-00000.jsonl", train);
    if (val != null) {
      Corpus.shard(root.resolve("val"), "val-00000.jsonl", val);
    }
    return root;
  }

  /** Runner options over {@code dataDir} writing to {@code artifacts}, diagnostics discarded. */
  static RunOptions.Builder runner(Path dataDir, Path artifacts) {
    return Runner.builder()
        .dataDir(dataDir)
        .artifactsDir(artifacts)
        .vocabSize(VOCAB)
        .sequenceLength(SEQ)
        .budgetSeconds(null)
        .watchdogGraceSeconds(null)
        .artifactsQuotaBytes(null)
        .device(DeviceChoice.CPU)
        .submissionId("heldout-test")
        .diagnostics(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  /** A finished run of {@code training} on {@code architecture}, ready for held-out evaluation. */
  static HeldoutRun run(RunOptions options, Architecture architecture, Training training, Tokenizer tokenizer) {
    RunResult result = Runner.of(options).run(architecture, training);
    return HeldoutRun.of(options, result, architecture, tokenizer);
  }

  /** SGD on batches of {@code (2, 16)}; {@code stepsPerBatch} updates on each batch. */
  static Training sgd(float lr, int stepsPerBatch, Tokenizer tokenizer) {
    return ctx -> {
      Model model = ctx.buildModel();
      Optimizer optimizer = Loops.sgd(lr);
      CaptureOptions options = CaptureOptions.builder().batchSize(2).seqLen(SEQ).tokenizer(tokenizer).build();
      for (TrainBatch batch : ctx.trainBatches(model, options)) {
        for (int i = 0; i < stepsPerBatch; i++) {
          Loops.sgdStep(model, batch, optimizer, false);
        }
      }
    };
  }

  /** Iterates every batch without training: the trained state is the forced-seed initial model. */
  static Training noOp() {
    return (TrainingContext ctx) -> {
      Model model = ctx.buildModel();
      for (TrainBatch ignored : ctx.trainBatches(model, CaptureOptions.builder().batchSize(2).seqLen(SEQ).build())) {
        // predict-then-train with no training
      }
    };
  }

  /** Options over {@code corpus} for val and (when {@code withTrain}) train, with {@code rescorer}. */
  static HeldoutOptions.Builder options(Path corpus, boolean withTrain) {
    return HeldoutOptions.builder().valDataDir(corpus).trainDataDir(withTrain ? corpus : null).rescorer(RECORDING);
  }

  /**
   * A test re-scorer: the replacement block carries the manifest's held-out delta under {@code
   * heldout_delta} and a {@code flags} list, so tests can see that the merged manifest was re-scored.
   */
  static final Rescorer RECORDING = manifest -> {
    JsonObject metrics = manifest.json().object("metrics").orElseThrow();
    JsonValue delta = metrics.get("heldout_delta");
    ScoreBlock.Builder b = ScoreBlock.builder().flags(List.of());
    if (delta != null) {
      b.set("heldout_delta", delta);
    }
    return b.set("rescored_by", new JsonString("test")).build();
  };

  /** A bigram whose evaluation-mode forward sleeps {@code millis} (the capture's forward does not). */
  static final class SlowInEval extends Bigram {
    private final long millis;

    SlowInEval(int vocab, long millis) {
      super(vocab);
      this.millis = millis;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
      if (!training) {
        try {
          Thread.sleep(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
      return super.forwardInternal(store, inputs, training, params);
    }
  }

  /**
   * A tokenizer over pairs of bytes: ids {@code 256 + (31·b0 + b1) mod 256} (a trailing odd byte:
   * {@code 256 + b}), so a model trained on it never sees the byte ids {@code 0..255}.
   */
  static final class PairTokenizer implements Tokenizer {
    @Override
    public int[] encode(String text) {
      byte[] raw = text.getBytes(StandardCharsets.UTF_8);
      int[] ids = new int[(raw.length + 1) / 2];
      for (int i = 0; i < ids.length; i++) {
        int b0 = raw[2 * i] & 0xff;
        ids[i] = 2 * i + 1 < raw.length ? 256 + Math.floorMod(31 * b0 + (raw[2 * i + 1] & 0xff), 256) : 256 + b0;
      }
      return ids;
    }

    @Override
    public int vocabSize() {
      return 512;
    }

    @Override
    public String name() {
      return "pairs";
    }
  }
}

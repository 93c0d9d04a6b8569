package ai.prism.core.recipe;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.prism.core.capture.CaptureOptions;
import ai.prism.core.capture.NextTokenLoss;
import ai.prism.core.capture.TrainBatch;
import ai.prism.core.run.Training;
import ai.prism.core.run.TrainingContext;
import ai.prism.core.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The built-in training loop, usable as the {@link Training} role for any block that maps int64 tokens
 * {@code (B, T)} to logits: per batch, a training forward, the next-token cross-entropy of the reference's
 * training loop (the capture's own {@code NextTokenLoss}), backward, global-norm gradient clipping
 * ({@code clip_grad_norm_}) and a {@link TorchAdamW} step. Build with {@link #builder()} or {@link Recipes}.
 *
 * <p>In the fused mode the pre-update training forward's logits are handed to the capture, which records the
 * online loss from them and returns it for the backward ({@code TrainBatch.recordTrainingLoss}), so neither a
 * second forward nor a second cross-entropy runs; for a model without dropout the recorded losses equal the
 * separate mode's. The fused mode is available because the recipe is library code (trusted by the runner).
 */
public final class AdamWRecipe implements Training {
  private final double learningRate;
  private final double weightDecay;
  private final Double clipNorm;
  private final int batchSize;
  private final Integer seqLen;
  private final Tokenizer tokenizer;
  private final String referenceTokenizer;
  private final boolean fused;

  private AdamWRecipe(Builder b) {
    this.learningRate = b.learningRate;
    this.weightDecay = b.weightDecay;
    this.clipNorm = b.clipNorm;
    this.batchSize = b.batchSize;
    this.seqLen = b.seqLen;
    this.tokenizer = b.tokenizer;
    this.referenceTokenizer = b.referenceTokenizer;
    this.fused = b.fused;
  }

  /** A builder with PyTorch's AdamW defaults (lr 1e-3, weight decay 0.01), no clipping, batch 8, bytes. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this recipe's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.learningRate = learningRate;
    b.weightDecay = weightDecay;
    b.clipNorm = clipNorm;
    b.batchSize = batchSize;
    b.seqLen = seqLen;
    b.tokenizer = tokenizer;
    b.referenceTokenizer = referenceTokenizer;
    b.fused = fused;
    return b;
  }

  /** The constant AdamW learning rate. */
  public double learningRate() {
    return learningRate;
  }

  /** The decoupled weight decay. */
  public double weightDecay() {
    return weightDecay;
  }

  /** The global gradient-norm limit, or {@code null} for no clipping. */
  public Double clipNorm() {
    return clipNorm;
  }

  /** Rows per batch requested from the capture. */
  public int batchSize() {
    return batchSize;
  }

  /** Columns per batch, or {@code null} for the context's sequence length. */
  public Integer seqLen() {
    return seqLen;
  }

  /** Whether the capture records the loss from this loop's own training forward. */
  public boolean fused() {
    return fused;
  }

  /**
   * The tokenizer setting as text: {@code bytes}, the reference tokenizer's name, or the given tokenizer's
   * {@code name()}.
   */
  public String tokenizerName() {
    if (tokenizer != null) {
      return tokenizer.name();
    }
    return referenceTokenizer == null ? "bytes" : referenceTokenizer;
  }

  @Override
  public void train(TrainingContext ctx) {
    Model model = ctx.buildModel();
    CaptureOptions options =
        CaptureOptions.builder()
            .batchSize(batchSize)
            .seqLen(seqLen)
            .tokenizer(tokenizer != null ? tokenizer
                : referenceTokenizer == null ? null : ctx.referenceTokenizer(referenceTokenizer))
            .fused(fused)
            .build();
    Loop loop = loop(model);
    for (TrainBatch batch : ctx.trainBatches(model, options)) {
      loop.step(batch);
    }
  }

  /**
   * This recipe's update loop for {@code model} (optimizer state included), for driving the steps yourself;
   * {@link #train(TrainingContext)} runs one over the capture's batches.
   */
  public Loop loop(Model model) {
    return new Loop(model);
  }

  /** The per-model state of the recipe (parameter store, AdamW moments) and its one-batch update. */
  public final class Loop {
    private final Block block;
    private final Engine engine;
    private final ParameterStore store;
    private final TorchAdamW optimizer;

    private Loop(Model model) {
      this.block = model.getBlock();
      this.engine = model.getNDManager().getEngine();
      this.store = new ParameterStore(model.getNDManager(), false);
      this.optimizer = TorchAdamW.builder().learningRate(learningRate).weightDecay(weightDecay).build();
    }

    /**
     * One update on {@code batch}: training forward, the next-token cross-entropy of the capture's {@code
     * NextTokenLoss} (in the fused mode computed once, by the capture, which records it), backward, clipping and
     * the AdamW step. Every array the step creates is freed on return; the tokens stay where they were.
     */
    public void step(TrainBatch batch) {
      NDArray tokens = batch.tokens();
      try (NDManager scope = tokens.getManager().newSubManager()) {
        // Arrays derived from the tokens (activations, logits, loss) land in this step's scope.
        tokens.tempAttach(scope);
        try (GradientCollector collector = engine.newGradientCollector()) {
          NDArray logits = NextTokenLoss.logitsOf(block.forward(store, new NDList(tokens), true));
          // Fused: the capture records the loss from these logits and hands back that very loss.
          NDArray loss = fused ? batch.recordTrainingLoss(logits) : NextTokenLoss.meanCrossEntropyArray(logits, tokens);
          collector.backward(loss);
        }
        List<Parameter> parameters = new ArrayList<>();
        List<NDArray> gradients = new ArrayList<>();
        for (Pair<String, Parameter> entry : block.getParameters()) {
          Parameter parameter = entry.getValue();
          if (parameter.isInitialized() && parameter.requiresGradient()) {
            NDArray gradient = parameter.getArray().getGradient();
            gradient.attach(scope);
            parameters.add(parameter);
            gradients.add(gradient);
          }
        }
        if (clipNorm != null) {
          GradientClipping.clipGlobalNorm(gradients, clipNorm);
        }
        for (int i = 0; i < parameters.size(); i++) {
          Parameter parameter = parameters.get(i);
          optimizer.update(parameter.getId(), parameter.getArray(), gradients.get(i));
        }
      }
    }
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "AdamWRecipe[lr=%s, weightDecay=%s, clip=%s, batchSize=%d, seqLen=%s, tokenizer=%s, fused=%s]",
        learningRate, weightDecay, clipNorm == null ? "none" : clipNorm, batchSize,
        seqLen == null ? "context" : seqLen, tokenizerName(), fused);
  }

  /** Builder of {@link AdamWRecipe}. */
  public static final class Builder {
    private double learningRate = 1e-3;
    private double weightDecay = 0.01;
    private Double clipNorm;
    private int batchSize = CaptureOptions.DEFAULT_BATCH_SIZE;
    private Integer seqLen;
    private Tokenizer tokenizer;
    private String referenceTokenizer;
    private boolean fused;

    private Builder() {}

    /** Constant AdamW learning rate (default 1e-3). */
    public Builder learningRate(double value) {
      learningRate = value;
      return this;
    }

    /** Decoupled weight decay (default 0.01). */
    public Builder weightDecay(double value) {
      weightDecay = value;
      return this;
    }

    /** Global gradient-norm limit, or {@code null} for none (default none). */
    public Builder clipNorm(Double value) {
      clipNorm = value;
      return this;
    }

    /** Rows per batch (default 8, the capture's default). */
    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    /** Columns per batch, or {@code null} for the context's sequence length (default). */
    public Builder seqLen(Integer value) {
      seqLen = value;
      return this;
    }

    /** A tokenizer instance (clears {@link #referenceTokenizer}); {@code null} means raw UTF-8 bytes. */
    public Builder tokenizer(Tokenizer value) {
      tokenizer = value;
      referenceTokenizer = null;
      return this;
    }

    /**
     * A reference tokenizer by name ({@code gpt2}, {@code llama}), loaded through the context when training
     * starts, as the reference example's {@code ctx.reference_tokenizer("gpt2")}; {@code null} or
     * {@code bytes} means raw UTF-8 bytes. Clears {@link #tokenizer}.
     */
    public Builder referenceTokenizer(String name) {
      referenceTokenizer = name == null || name.equalsIgnoreCase("bytes") ? null : name;
      tokenizer = null;
      return this;
    }

    /** Fused capture mode: record the loss from the training forward (default false: separate forward). */
    public Builder fused(boolean value) {
      fused = value;
      return this;
    }

    /** Validates and builds the recipe. */
    public AdamWRecipe build() {
      TorchAdamW.builder().learningRate(learningRate).weightDecay(weightDecay).build();
      if (clipNorm != null && !(clipNorm > 0 && Double.isFinite(clipNorm))) {
        throw new IllegalArgumentException("gradient clip norm must be a positive number, got " + clipNorm);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
      }
      if (seqLen != null && seqLen < 2) {
        throw new IllegalArgumentException("sequence length must be >= 2, got " + seqLen);
      }
      return new AdamWRecipe(this);
    }
  }
}

package ai.prism.core.run;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import ai.prism.core.capture.CaptureOptions;
import ai.prism.core.capture.TrainBatch;
import java.util.ArrayList;
import java.util.List;

/** Test training loops: plain SGD on the next-token loss, with knobs for adversarial variants. */
public final class Loops {
  private Loops() {}

  /** Differentiable mean next-token cross-entropy (the loop's own loss). */
  public static NDArray crossEntropy(NDArray logits, NDArray tokens) {
    NDArray lp = logits.get(new NDIndex(":, :-1")).logSoftmax(2);
    NDArray targets = tokens.get(new NDIndex(":, 1:")).expandDims(2);
    return lp.gather(targets, 2).mean().neg();
  }

  /** One SGD step on {@code batch}; returns the loop's own pre-update loss. */
  public static double sgdStep(Model model, TrainBatch batch, Optimizer optimizer, boolean fused) {
    NDArray tokens = batch.tokens();
    double ownLoss;
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray logits = model.getBlock().forward(new ParameterStore(model.getNDManager(), false), new NDList(tokens), true).head();
      NDArray loss = crossEntropy(logits, tokens);
      if (fused) {
        batch.recordTrainingLogits(logits);
      }
      ownLoss = loss.getFloat();
      gc.backward(loss);
    }
    for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
      NDArray w = p.getValue().getArray();
      NDArray g = w.getGradient();
      optimizer.update(p.getValue().getId(), w, g);
      g.subi(g);
      g.close();
    }
    return ownLoss;
  }

  public static Optimizer sgd(float lr) {
    return Optimizer.sgd().setLearningRateTracker(Tracker.fixed(lr)).build();
  }

  /** A configurable SGD loop. */
  public static final class Sgd implements Training {
    CaptureOptions options = CaptureOptions.builder().batchSize(2).seqLen(16).build();
    float lr = 0.5f;
    int maxBatches = Integer.MAX_VALUE;
    boolean step = true;
    final List<Double> ownLosses = new ArrayList<>();
    Model model;

    public Sgd options(CaptureOptions value) {
      options = value;
      return this;
    }

    public Sgd maxBatches(int value) {
      maxBatches = value;
      return this;
    }

    public Sgd noStep() {
      step = false;
      return this;
    }

    @Override
    public void train(TrainingContext ctx) throws Exception {
      model = ctx.buildModel();
      Optimizer optimizer = sgd(lr);
      int seen = 0;
      for (TrainBatch batch : ctx.trainBatches(model, options)) {
        if (step) {
          ownLosses.add(sgdStep(model, batch, optimizer, options.fused()));
        }
        if (++seen >= maxBatches) {
          break;
        }
      }
    }
  }
}

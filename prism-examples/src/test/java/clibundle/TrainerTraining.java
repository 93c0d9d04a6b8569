package clibundle;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.prism.core.capture.CaptureOptions;
import ai.prism.core.capture.TrainBatch;
import ai.prism.core.run.Training;
import ai.prism.core.run.TrainingContext;

/** A training loop on DJL's stock {@link Trainer}: SGD on the next-token loss. */
public class TrainerTraining implements Training {
  @Override
  public void train(TrainingContext ctx) throws Exception {
    Model model = ctx.buildModel();
    DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.5f)).build());
    try (Trainer trainer = model.newTrainer(config)) {
      for (TrainBatch batch : ctx.trainBatches(model, CaptureOptions.builder().batchSize(2).seqLen(16).build())) {
        NDArray tokens = batch.tokens();
        try (GradientCollector gc = trainer.newGradientCollector()) {
          NDArray out = trainer.forward(new NDList(tokens)).head();
          NDArray logits = out.get(new NDIndex(":, :-1")).reshape(-1, out.getShape().get(2));
          NDArray labels = tokens.get(new NDIndex(":, 1:")).reshape(-1);
          NDArray loss = trainer.getLoss().evaluate(new NDList(labels), new NDList(logits));
          gc.backward(loss);
        }
        trainer.step();
      }
    }
  }
}

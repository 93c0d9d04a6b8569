package bundletest;

import ai.prism.core.capture.CaptureOptions;
import ai.prism.core.run.Loops;
import ai.prism.core.run.Training;
import ai.prism.core.run.TrainingContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Rewrites the not-yet-read {@code train-001.jsonl} of its data directory with easy text (undoing
 * the read-only mode first), then trains on every batch.
 */
public class TamperingTraining implements Training {
  @Override
  public void train(TrainingContext ctx) throws Exception {
    Path target = ctx.context().dataDir().resolve("train-001.jsonl");
    target.getParent().toFile().setWritable(true, true);
    target.toFile().setWritable(true, true);
    Files.writeString(target, ("{\"id\":\"a\",\"text\":\"" + "a".repeat(200) + "\"}\n").repeat(40), StandardCharsets.UTF_8);
    new Loops.Sgd().options(CaptureOptions.builder().batchSize(1).seqLen(16).build()).train(ctx);
  }
}

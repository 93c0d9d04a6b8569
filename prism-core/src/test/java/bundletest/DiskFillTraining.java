package bundletest;

import ai.prism.core.run.Training;
import ai.prism.core.run.TrainingContext;
import java.io.OutputStream;
import java.nio.file.Files;

/** Writes into the artifacts directory until stopped (at most 64 MiB). */
public class DiskFillTraining implements Training {
  @Override
  public void train(TrainingContext ctx) throws Exception {
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(ctx.context().artifactsDir().resolve("fill.bin"))) {
      for (int i = 0; i < 1024; i++) {
        out.write(chunk);
        out.flush();
        Thread.sleep(20);
      }
    }
  }
}

package bundletest;

import ai.prism.core.capture.CaptureOptions;
import ai.prism.core.run.Loops;
import ai.prism.core.run.Training;
import ai.prism.core.run.TrainingContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Records what a bundle can see: the import-time draw, whether host libraries are visible, whether
 * the loopback port named in {@code port.txt} of the data dir is reachable. Then trains briefly.
 */
public class ProbingTraining implements Training {
  @Override
  public void train(TrainingContext ctx) throws Exception {
    Path out = ctx.context().artifactsDir();
    Files.writeString(out.resolve("draw.txt"), Arrays.toString(RandomAtLoadArchitecture.DRAWN));
    boolean jackson;
    try {
      Class.forName("com.fasterxml.jackson.databind.ObjectMapper");
      jackson = true;
    } catch (ClassNotFoundException e) {
      jackson = false;
    }
    Files.writeString(out.resolve("jackson.txt"), Boolean.toString(jackson));
    Files.writeString(out.resolve("env.txt"), "CUBLAS_WORKSPACE_CONFIG=" + System.getenv("CUBLAS_WORKSPACE_CONFIG")
        + "\nMASTER_PORT=" + System.getenv("MASTER_PORT") + "\nPRISM_PROBE_SECRET=" + System.getenv("PRISM_PROBE_SECRET") + "\n");
    Path port = ctx.context().dataDir().resolve("port.txt");
    if (Files.exists(port)) {
      String reached;
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(Files.readString(port).trim())), 2000);
        reached = "connected";
      } catch (IOException e) {
        reached = "failed: " + e;
      }
      Files.writeString(out.resolve("network.txt"), reached);
    }
    new Loops.Sgd().options(CaptureOptions.builder().batchSize(2).seqLen(16).build()).maxBatches(3).train(ctx);
  }
}

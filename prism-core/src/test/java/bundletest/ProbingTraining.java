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
 * Records what a bundle can see: the import-time draw, whether host libraries are visible, the
 * reference's environment variables, the context's budget values, whether the loopback port named
 * in {@code port.txt} of the artifacts dir is reachable. Then trains briefly.
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
    StringBuilder env = new StringBuilder();
    for (String name : new String[] {"CUBLAS_WORKSPACE_CONFIG", "MASTER_ADDR", "MASTER_PORT", "PRISM_ARTIFACT_OUTPUT_PATH",
        "PRISM_RUN_MANIFEST_PATH", "PRISM_SUBMISSION_ID", "PRISM_PROBE_SECRET"}) {
      env.append(name).append('=').append(System.getenv(name)).append('\n');
    }
    Files.writeString(out.resolve("env.txt"), env.toString());
    Files.writeString(out.resolve("context.txt"), "budget_seconds=" + ctx.context().budgetSeconds()
        + "\nwatchdog_grace_seconds=" + ctx.context().watchdogGraceSeconds()
        + "\nartifacts_quota_bytes=" + ctx.context().artifactsQuotaBytes() + "\n");
    Path port = out.resolve("port.txt");
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

package ai.prism.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.prism.core.manifest.RunManifest;
import ai.prism.examples.data.DemoCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same inputs and seed give byte-identical manifests across processes, even when the garbage
 * collector runs constantly: the tiny decoder trained by the built-in recipe in two child JVMs with a
 * 2 MB young generation (a collection every few operations). Before the example models used native
 * scalars (see {@code ai.prism.core.nd.Scalars}) such runs drifted apart within a dozen batches.
 */
class EvaluateDeterminismTest {

  @Test
  void tinyDecoderRunsAreByteIdenticalUnderGarbageCollectionPressure(@TempDir Path tmp)
      throws IOException, InterruptedException {
    Path train = DemoCorpus.materialize(tmp.resolve("corpus")).root().resolve("train");
    byte[] first = runInChildJvm(train, tmp.resolve("a"));
    byte[] second = runInChildJvm(train, tmp.resolve("b"));
    assertArrayEquals(first, second, "manifests of the two runs");
    RunManifest manifest = RunManifest.parse(new String(first, java.nio.charset.StandardCharsets.UTF_8));
    List<Double> losses = manifest.metrics().orElseThrow().onlineLoss().orElseThrow();
    assertEquals(24, losses.size());
    assertFalse(losses.stream().anyMatch(l -> !Double.isFinite(l)), "finite losses " + losses);
  }

  private static byte[] runInChildJvm(Path train, Path out) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-Xmn2m", "-Xmx512m",
        "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
        "-cp", System.getProperty("java.class.path"),
        PrismCli.class.getName(), "evaluate",
        "--arch", "tiny-decoder", "--data", train.toString(), "--expect-pin", DemoCorpus.PIN_SHA, "--vocab-size", "4096", "--seq-len", "64",
        "--batch-size", "4", "--step-budget", "24", "--no-heldout", "--device", "cpu",
        "--out", out.toString()));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(Files.createDirectories(out).resolve("log.txt").toFile()))
        .start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("child JVM did not finish");
    }
    assertEquals(0, process.exitValue(), () -> "child JVM failed: " + readLog(out));
    return Files.readAllBytes(out.resolve(RunManifest.FILE_NAME));
  }

  private static String readLog(Path out) {
    try {
      return Files.readString(out.resolve("log.txt"));
    } catch (IOException e) {
      return e.toString();
    }
  }
}

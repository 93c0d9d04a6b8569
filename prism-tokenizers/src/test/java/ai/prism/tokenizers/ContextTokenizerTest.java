package ai.prism.tokenizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.nn.LambdaBlock;
import ai.prism.core.capture.CaptureOptions;
import ai.prism.core.capture.TrainBatch;
import ai.prism.core.manifest.MetricsBlock;
import ai.prism.core.run.DeviceChoice;
import ai.prism.core.run.RunResult;
import ai.prism.core.run.Runner;
import ai.prism.core.run.Training;
import ai.prism.core.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec §9.3 "both load via the context": inside a scored run, {@code ctx.referenceTokenizer} finds
 * prism-tokenizers on the class path and loads {@code gpt2} (no files) and {@code llama} (the
 * synthetic {@code R/llama/tokenizer.json} of {@link ReferenceTokenizersTest}) from the run's
 * reference-tokenizer directory; the llama ids then drive the scored stream (through a parameter-free
 * one-hot model: only the stream is under test).
 */
class ContextTokenizerTest {

  @TempDir Path tmp;

  @Test
  void gpt2AndLlamaLoadThroughTheRunnersContext() throws IOException {
    Files.createDirectories(tmp.resolve("llama"));
    Files.writeString(tmp.resolve("llama/tokenizer.json"), ReferenceTokenizersTest.TOKENIZER_JSON);
    Path train = Files.createDirectories(tmp.resolve("data/train"));
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      lines.append("{\"id\":\"d").append(i).append("\",\"text\":\"Hello world prism!\"}\n");
    }
    Files.writeString(train.resolve("train-000.jsonl"), lines.toString(), StandardCharsets.UTF_8);

    List<String> loaded = new ArrayList<>();
    List<int[]> ids = new ArrayList<>();
    Training loop = ctx -> {
      Tokenizer gpt2 = ctx.referenceTokenizer("gpt2");
      Tokenizer llama = ctx.referenceTokenizer("llama");
      loaded.add(gpt2.name() + ":" + gpt2.vocabSize());
      loaded.add(llama.name() + ":" + llama.vocabSize());
      ids.add(gpt2.encode("Hello world"));
      ids.add(llama.encode("Hello world prism!"));
      Model model = ctx.buildModel();
      for (TrainBatch ignored : ctx.trainBatches(model, CaptureOptions.builder().batchSize(1).seqLen(4).tokenizer(llama).build())) {
        // predict-only: the capture records the loss of the untrained model
      }
    };
    RunResult r = Runner.builder()
        .dataDir(train)
        .artifactsDir(tmp.resolve("out"))
        .referenceTokenizerDir(tmp)
        .vocabSize(16)
        .sequenceLength(4)
        .budgetSeconds(null)
        .watchdogGraceSeconds(null)
        .device(DeviceChoice.CPU)
        .diagnostics(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
        .build()
        .run(ctx -> new LambdaBlock(tokens -> new NDList(tokens.singletonOrThrow().oneHot(ctx.vocabSize()))), loop);

    assertEquals(List.of("gpt2:50257", "llama:5"), loaded);
    assertArrayEquals(new int[] {15496, 995}, ids.get(0));
    assertArrayEquals(new int[] {1, 2, 3, 4}, ids.get(1));
    MetricsBlock metrics = r.manifest().metrics().orElseThrow();
    assertEquals("tokenizer", metrics.trainBpbBasis().orElseThrow());
    // Ten documents of 4 llama ids: one 40-token stream, ten (1, 4) batches, 3 predicted positions each.
    assertEquals(10, metrics.consumedBatches().getAsLong());
    assertEquals(30, metrics.predictedTokens().getAsLong());
    assertEquals(10L * "Hello world prism!".length(), metrics.coveredBytes().getAsLong());
  }
}

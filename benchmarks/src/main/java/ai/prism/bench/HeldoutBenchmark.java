package ai.prism.bench;

import ai.prism.core.heldout.HeldoutEvaluator;
import ai.prism.core.heldout.HeldoutOptions;
import ai.prism.core.heldout.HeldoutReport;
import ai.prism.core.heldout.HeldoutRun;
import ai.prism.core.recipe.AdamWRecipe;
import ai.prism.core.recipe.Recipes;
import ai.prism.core.run.Architecture;
import ai.prism.core.run.DeviceChoice;
import ai.prism.core.run.RunOptions;
import ai.prism.core.run.RunResult;
import ai.prism.core.run.Runner;
import ai.prism.core.tokenizer.Tokenizer;
import ai.prism.examples.data.DemoCorpus;
import ai.prism.examples.models.ExampleModels;
import ai.prism.scoring.PrequentialRescorer;
import ai.prism.tokenizers.ReferenceTokenizers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of held-out evaluation at the default budget (65,536 val bytes, batch 8, seq 128) next
 * to the run it follows: the demo's run (tiny decoder, built-in recipe with gpt2 ids, fused
 * capture, 200,000 tokens, CPU, one PyTorch thread; no wall-clock budget, so the work is fixed).
 * One operation of {@code phase=training} is that whole run; of {@code heldout-bytes} /
 * {@code heldout-tokenizer}, one complete evaluation of its trained state (prefix reads, trained
 * model on val and on the train prefix, twin on val, merge and re-score) measured on raw bytes
 * (the reference) or with the run's gpt2 tokenizer (what {@code prism demo} does). Held-out
 * fraction = time(heldout) / time(training), from one run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {
    "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1"})
public class HeldoutBenchmark {
  static final long TOKEN_BUDGET = 200_000L;

  /** What one operation is: the demo run, or held-out on its result in one basis. */
  @Param({"training", "heldout-bytes", "heldout-tokenizer"})
  public String phase;

  private final Architecture architecture = ExampleModels.architecture("tiny-decoder");
  private Path work;
  private Path corpus;
  private RunOptions options;
  private RunResult trained;
  private Tokenizer gpt2;
  private int runs;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    work = Files.createTempDirectory("prism-bench-heldout");
    corpus = DemoCorpus.materialize(work.resolve("corpus")).root();
    gpt2 = ReferenceTokenizers.load("gpt2", null);
    if (!phase.equals("training")) {
      trained = train();
    }
  }

  private static AdamWRecipe demoRecipe() {
    return Recipes.tinyDecoderReference().toBuilder().referenceTokenizer("gpt2").fused(true).build();
  }

  private RunResult train() {
    options = Runner.builder()
        .dataDir(corpus.resolve("train"))
        .artifactsDir(work.resolve("out-" + runs++))
        .vocabSize(4096)
        .sequenceLength(128)
        .tokenBudget(TOKEN_BUDGET)
        .budgetSeconds(null)
        .watchdogGraceSeconds(null)
        .device(DeviceChoice.CPU)
        .diagnostics(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
        .buildOptions();
    return Runner.of(options).run(architecture, demoRecipe());
  }

  /** One demo run, or one held-out evaluation of the trained demo run. */
  @Benchmark
  public Object run() {
    if (phase.equals("training")) {
      return train();
    }
    HeldoutOptions heldout = HeldoutOptions.forCorpus(corpus).toBuilder()
        .tokenizerAware(phase.equals("heldout-tokenizer"))
        .rescorer(new PrequentialRescorer())
        .build();
    HeldoutReport report = HeldoutEvaluator.of(heldout).evaluate(HeldoutRun.of(options, trained, architecture, gpt2));
    if (!report.evaluated()) {
      throw new IllegalStateException("held-out was skipped: " + report.skip());
    }
    return report;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    BenchFiles.deleteTree(work);
  }
}

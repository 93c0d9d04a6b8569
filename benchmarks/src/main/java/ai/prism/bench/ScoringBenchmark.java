package ai.prism.bench;

import ai.prism.core.json.PyJson;
import ai.prism.core.manifest.AntiCheatBlock;
import ai.prism.core.manifest.DataBlock;
import ai.prism.core.manifest.MetricsBlock;
import ai.prism.core.manifest.RunBlock;
import ai.prism.core.manifest.RunManifest;
import ai.prism.scoring.PrequentialScorer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Scoring throughput in manifests per second: parsing the UTF-8 bytes of a run manifest with 10,000
 * online-loss samples (as the reference writes it, held-out keys included) and scoring it; plus the
 * two halves alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScoringBenchmark {
  /** Online-loss samples in the benchmark manifest. */
  static final int SAMPLES = 10_000;

  private final PrequentialScorer scorer = new PrequentialScorer();
  private byte[] manifestBytes;
  private RunManifest parsed;

  @Setup
  public void setUp() {
    parsed = manifest(SAMPLES);
    manifestBytes = parsed.toJson().getBytes(StandardCharsets.UTF_8);
  }

  /** A realistic manifest: a decaying noisy loss curve, the runner's fields, held-out keys. */
  static RunManifest manifest(int samples) {
    SplittableRandom random = new SplittableRandom(42);
    List<Double> losses = new ArrayList<>(samples);
    List<Double> cumulative = new ArrayList<>(samples);
    double nats = 0;
    double covered = 0;
    for (int i = 0; i < samples; i++) {
      double loss = 1.9 + 3.6 * Math.exp(-4.0 * i / samples) + random.nextDouble(-0.05, 0.05);
      losses.add(loss);
      nats += loss * 508;
      covered += 512 * random.nextDouble(0.9, 1.1);
      cumulative.add(covered);
    }
    long coveredBytes = Math.round(covered);
    double bits = nats / Math.log(2.0);
    return RunManifest.builder()
        .submissionId("bench")
        .mode("gpu_proxy_eval")
        .run(RunBlock.builder().seed(1337).worldSize(1).rank(0).localRank(0).device("cpu")
            .masterAddr(null).nprocPerNode(1).stoppedReason("token_budget").build())
        .data(DataBlock.builder().dataDir("/data/train").shardCount(4).availableBytes(1L << 30)
            .source(DataBlock.LOCKED_SOURCE).coveredBytes(coveredBytes)
            .coveredBytesCumulative(cumulative).consumedDocuments(samples * 3L)
            .consumedBatches(samples).consumedOffsets(samples * 3L).distinctOffsets(samples * 3L)
            .stoppedReason("token_budget").build())
        .metrics(MetricsBlock.builder().onlineLoss(losses).randomInitBaselineNats(Math.log(256))
            .consumedBatches(samples).coveredBytes(coveredBytes).predictedTokens(samples * 508L)
            .sumNegLogLikelihoodNats(nats).sumNegLog2LikelihoodBits(bits)
            .prequentialBpb(bits / coveredBytes).nanInfBatches(0).trainBpbBasis("bytes")
            .modelParams(1_050_624L).valBpbTrained(2.9).valBpbRandomInit(7.9).heldoutDelta(5.0)
            .memorizationFlag(false).valBpbBasis("bytes").valCoveredBytes(65536)
            .trainBpbConverged(2.6).gapBasis("converged").trainHeldoutGap(0.3).build())
        .antiCheat(AntiCheatBlock.builder().step0Anomaly(false).step0AnomalyThresholdNats(0.55)
            .nanInfBatches(0).zeroForward(false).memorizationFlag(false).memorizationGap(0.3)
            .build())
        .build();
  }

  /** Parse the manifest's bytes, then score it: the validator's path. */
  @Benchmark
  public double parseAndScore() {
    return scorer.score(RunManifest.of(PyJson.parse(manifestBytes))).finalScore();
  }

  /** Parsing alone. */
  @Benchmark
  public RunManifest parseOnly() {
    return RunManifest.of(PyJson.parse(manifestBytes));
  }

  /** Scoring an already parsed manifest. */
  @Benchmark
  public double scoreOnly() {
    return scorer.score(parsed).finalScore();
  }

  /** Writing the manifest as the reference does (for comparison with parsing). */
  @Benchmark
  public String writeOnly() {
    return parsed.toJson();
  }
}

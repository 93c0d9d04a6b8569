package ai.prism.core.run;

import ai.prism.core.capture.CaptureSummary;
import ai.prism.core.data.StreamState;
import ai.prism.core.json.JsonArray;
import ai.prism.core.json.JsonBool;
import ai.prism.core.json.JsonInt;
import ai.prism.core.json.JsonNull;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.Python;
import ai.prism.core.manifest.AntiCheatBlock;
import ai.prism.core.manifest.ArtifactsBlock;
import ai.prism.core.manifest.ComputeBlock;
import ai.prism.core.manifest.DataBlock;
import ai.prism.core.manifest.MetricsBlock;
import ai.prism.core.manifest.RunBlock;
import ai.prism.core.manifest.RunManifest;
import ai.prism.core.manifest.ScoreBlock;
import java.util.List;

/**
 * Writes the challenge-authored manifest of spec §4.11/§5 from what the capture recorded, and the
 * watchdog's minimal manifest of §4.10. Every value is a function of the run's inputs: no clock, no
 * host name, no temporary path.
 */
final class ManifestAuthor {
  static final String MASTER_ADDR = "127.0.0.1";
  private static final double STEP0_ANOMALY_FRACTION = 0.5;
  private static final double LN2 = Math.log(2.0);

  private final RunOptions options;
  private final PrismContext ctx;
  private final String dataDir;
  private final int shardCount;
  private final long availableBytes;

  ManifestAuthor(RunOptions options, PrismContext ctx, String dataDir, int shardCount, long availableBytes) {
    this.options = options;
    this.ctx = ctx;
    this.dataDir = dataDir;
    this.shardCount = shardCount;
    this.availableBytes = availableBytes;
  }

  /** The values of §4.11 derived from a capture (or from nothing when the loop never asked). */
  record Outcome(
      List<Double> onlineLoss,
      List<Double> coveredBytesCumulative,
      long coveredBytes,
      int consumedBatches,
      long predictedTokens,
      double sumNats,
      double sumBits,
      Double bpb,
      Double finalScore,
      double baselineNats,
      Double step0Loss,
      boolean step0Anomaly,
      int nanInfBatches,
      boolean zeroForward,
      String trainBpbBasis,
      Long modelParams,
      StreamState stream) {

    static Outcome of(CaptureSummary summary, int vocabSize) {
      if (summary == null) {
        return new Outcome(List.of(), List.of(), 0, 0, 0, 0.0, 0.0, null, null,
            Math.log(Math.max(vocabSize, 2)), null, false, 0, true, "bytes", null, null);
      }
      long covered = Python.roundHalfEven(summary.coveredBytes());
      double bits = summary.sumNegLogLikelihoodNats() / LN2;
      Double bpb = covered > 0 && Double.isFinite(bits) ? bits / covered : null;
      List<Double> losses = summary.onlineLoss();
      Double step0 = losses.isEmpty() ? null : losses.get(0);
      boolean anomaly = step0 != null && step0 < STEP0_ANOMALY_FRACTION * summary.baselineNats();
      double multiplier = anomaly ? 0.0 : 1.0;
      Double finalScore = bpb != null && bpb > 0.0 ? (1.0 / (1.0 + bpb)) * multiplier : null;
      return new Outcome(
          losses,
          summary.coveredBytesCumulative(),
          covered,
          summary.consumedBatches(),
          summary.predictedTokens(),
          summary.sumNegLogLikelihoodNats(),
          bits,
          bpb,
          finalScore,
          summary.baselineNats(),
          step0,
          anomaly,
          summary.nanInfBatches(),
          summary.consumedBatches() == 0 || covered <= 0,
          summary.tokenizerUsed() ? "tokenizer" : "bytes",
          summary.modelParams(),
          summary.stream());
    }

    String stoppedReason() {
      return stream == null || stream.stoppedReason() == null ? null : stream.stoppedReason().wireName();
    }
  }

  RunManifest manifest(Outcome o, String trainedStateName) {
    String stopped = o.stoppedReason();
    StreamState s = o.stream;
    RunBlock run = runBlock(stopped).masterAddr(MASTER_ADDR).nprocPerNode(ctx.worldSize()).build();
    DataBlock data = DataBlock.builder()
        .dataDir(dataDir)
        .shardCount(shardCount)
        .availableBytes(availableBytes)
        .source(DataBlock.LOCKED_SOURCE)
        .coveredBytes(o.coveredBytes)
        .coveredBytesCumulative(o.coveredBytesCumulative)
        .consumedDocuments(s == null ? 0 : s.consumedDocuments())
        .consumedBatches(o.consumedBatches)
        .consumedOffsets(s == null ? 0 : s.consumedOffsets())
        .distinctOffsets(s == null ? 0 : s.distinctOffsets())
        .stoppedReason(stopped)
        .build();
    MetricsBlock metrics = MetricsBlock.builder()
        .onlineLoss(o.onlineLoss)
        .randomInitBaselineNats(o.baselineNats)
        .consumedBatches(o.consumedBatches)
        .coveredBytes(o.coveredBytes)
        .predictedTokens(o.predictedTokens)
        .sumNegLogLikelihoodNats(o.sumNats)
        .sumNegLog2LikelihoodBits(o.sumBits)
        .prequentialBpb(o.bpb)
        .nanInfBatches(o.nanInfBatches)
        .trainBpbBasis(o.trainBpbBasis)
        .modelParams(o.modelParams)
        .build();
    ScoreBlock score = ScoreBlock.builder()
        .prequentialBpb(o.bpb)
        .finalScore(o.finalScore)
        .coveredBytes(o.coveredBytes)
        .sumNegLog2LikelihoodBits(o.sumBits)
        .tokensConsumed(o.predictedTokens)
        .trainBpbBasis(o.trainBpbBasis)
        .antiCheatMultiplier(o.step0Anomaly ? 0.0 : 1.0)
        .anomaly(o.step0Anomaly)
        .build();
    AntiCheatBlock antiCheat = AntiCheatBlock.builder()
        .step0Anomaly(o.step0Anomaly)
        .step0AnomalyThresholdNats(STEP0_ANOMALY_FRACTION * o.baselineNats)
        .nanInfBatches(o.nanInfBatches)
        .zeroForward(o.zeroForward)
        .build();
    return common(run, data, metrics, score, antiCheat).artifacts(ArtifactsBlock.of(trainedStateName)).build();
  }

  /** The watchdog's manifest (spec §4.10); {@code reason} is {@code wall_clock} or {@code artifacts_quota}. */
  RunManifest watchdogManifest(String reason) {
    RunBlock run = runBlock(reason).remove("deterministic_algorithms").build();
    DataBlock data = DataBlock.builder().dataDir(dataDir).source(DataBlock.LOCKED_SOURCE).stoppedReason(reason).build();
    MetricsBlock metrics = MetricsBlock.builder()
        .set("online_loss", JsonArray.EMPTY)
        .set("covered_bytes", JsonInt.of(0))
        .build();
    AntiCheatBlock antiCheat = AntiCheatBlock.builder()
        .set("budget_exceeded", JsonBool.of("wall_clock".equals(reason)))
        .set("artifacts_quota_exceeded", JsonBool.of("artifacts_quota".equals(reason)))
        .build();
    ScoreBlock score = new ScoreBlock(JsonObject.EMPTY
        .with("final_score", JsonNull.INSTANCE)
        .with("primary_metric", new JsonString("prequential_bpb")));
    return common(run, data, metrics, score, antiCheat).build();
  }

  private RunManifest.Builder common(
      RunBlock run, DataBlock data, MetricsBlock metrics, ScoreBlock score, AntiCheatBlock antiCheat) {
    return RunManifest.builder()
        .submissionId(options.submissionId())
        .mode(options.executionMode())
        .run(run)
        .compute(compute())
        .data(data)
        .metrics(metrics)
        .score(score)
        .antiCheat(antiCheat);
  }

  private RunBlock.Builder runBlock(String stoppedReason) {
    return RunBlock.builder()
        .seed(ctx.seed())
        .worldSize(ctx.worldSize())
        .rank(ctx.rank())
        .localRank(ctx.localRank())
        .device(ctx.device())
        .stoppedReason(stoppedReason);
  }

  private ComputeBlock compute() {
    return ComputeBlock.builder()
        .gpuCount(ctx.worldSize())
        .worldSize(ctx.worldSize())
        .nprocPerNode(ctx.worldSize())
        .device(ctx.device())
        .build();
  }

  /** The stdout line the reference prints after a successful run ({@code PRISM_METRICS_JSON=...}). */
  String metricsLine(Outcome o) {
    return "PRISM_METRICS_JSON={\"available_bytes\":" + Python.repr((double) availableBytes)
        + ",\"shard_count\":" + Python.repr((double) shardCount)
        + ",\"covered_bytes\":" + Python.repr((double) o.coveredBytes)
        + ",\"consumed_batches\":" + Python.repr((double) o.consumedBatches)
        + ",\"online_loss_samples\":" + Python.repr((double) o.onlineLoss.size()) + "}";
  }
}

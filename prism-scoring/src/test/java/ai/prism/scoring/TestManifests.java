package ai.prism.scoring;

import ai.prism.core.json.JsonFloat;
import ai.prism.core.json.JsonInt;
import ai.prism.core.json.JsonValue;
import ai.prism.core.manifest.AntiCheatBlock;
import ai.prism.core.manifest.DataBlock;
import ai.prism.core.manifest.MetricsBlock;
import ai.prism.core.manifest.RunManifest;
import java.util.List;

/** Manifests like the reference's scoring tests build them: bpb given, nats = bpb × bytes × ln 2. */
final class TestManifests {
  static final double LN2 = Math.log(2.0);

  private TestManifests() {}

  /** A run with {@code bpb} over {@code coveredBytes}; {@code heldout} adds metrics fields. */
  static RunManifest withBpb(double bpb, long coveredBytes, MetricsEdit heldout) {
    return withNats(bpb * coveredBytes * LN2, coveredBytes, false, heldout);
  }

  static RunManifest withBpb(double bpb) {
    return withBpb(bpb, 1000, m -> m);
  }

  static RunManifest withBpb(double bpb, MetricsEdit heldout) {
    return withBpb(bpb, 1000, heldout);
  }

  static RunManifest withNats(double nats, long coveredBytes, boolean step0Anomaly, MetricsEdit edit) {
    MetricsBlock.Builder metrics = MetricsBlock.builder()
        .onlineLoss(List.of(2.0, 1.5, 1.0))
        .sumNegLogLikelihoodNats(nats)
        .set("covered_bytes", JsonInt.of(coveredBytes))
        .set("predicted_tokens", JsonInt.of(100))
        .consumedBatches(3)
        .randomInitBaselineNats(Math.log(256))
        .nanInfBatches(0);
    return RunManifest.builder()
        .data(DataBlock.builder().coveredBytes(coveredBytes).build())
        .metrics(edit.apply(metrics).build())
        .antiCheat(AntiCheatBlock.builder().step0Anomaly(step0Anomaly).nanInfBatches(0)
            .zeroForward(false).build())
        .build();
  }

  static JsonValue num(double d) {
    return new JsonFloat(d);
  }

  /** An edit of the metrics builder. */
  interface MetricsEdit {
    MetricsBlock.Builder apply(MetricsBlock.Builder m);
  }
}

package ai.prism.core.heldout;

import ai.prism.core.heldout.HeldoutComputation.Measurement;
import ai.prism.core.run.Architecture;
import ai.prism.core.run.ForcedInit;
import ai.prism.core.run.JavaBundle;
import ai.prism.core.run.PrismContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of the held-out child JVM ({@link ChildMeasurement}): reads its whole input from
 * stdin (the texts, never a path to the val split), loads the bundle's architecture after forced
 * init, measures, and prints one result line {@code PRISM_HELDOUT_RESULT <nonce> <json>} on the
 * original stdout. Bundle code's own prints go to stderr; it cannot forge the result line without
 * the nonce, which only the host and this class's locals hold.
 */
final class HeldoutChild {
  static final String RESULT_PREFIX = "PRISM_HELDOUT_RESULT ";

  private HeldoutChild() {}

  public static void main(String[] args) {
    PrintStream out = System.out;
    System.setOut(System.err);
    ObjectMapper json = new ObjectMapper();
    String nonce;
    JsonNode input;
    try {
      input = json.readTree(System.in);
      nonce = input.get("nonce").asText();
    } catch (Exception | LinkageError e) {
      System.err.println("PRISM_HELDOUT_ERROR: unreadable input: " + e);
      Runtime.getRuntime().halt(1);
      return;
    }
    ObjectNode result = json.createObjectNode();
    try {
      Measurement m = measure(input);
      result.put("kind", "ok");
      result.put("val_covered_bytes", m.valCoveredBytes());
      putNullable(result, "val_bpb_trained", m.valBpbTrained());
      putNullable(result, "val_bpb_random_init", m.valBpbRandomInit());
      putNullable(result, "train_bpb_converged", m.trainBpbConverged());
    } catch (SkipException e) {
      result.put("kind", "skip");
      result.put("reason", e.reason.name());
      result.put("detail", e.getMessage());
    } catch (Throwable e) {
      result.put("kind", "error");
      result.put("detail", String.valueOf(e));
    }
    out.println(RESULT_PREFIX + nonce + " " + result);
    out.flush();
    // halt, not exit: threads the architecture started must not keep the child alive.
    Runtime.getRuntime().halt(0);
  }

  private static Measurement measure(JsonNode in) throws SkipException {
    JsonNode c = in.get("context");
    PrismContext context = PrismContext.builder()
        .vocabSize(c.get("vocab_size").asInt())
        .sequenceLength(c.get("sequence_length").asInt())
        .maxLayers(c.get("max_layers").asInt())
        .maxParameters(c.get("max_parameters").asLong())
        .seed(c.get("seed").asLong())
        .build();
    Texts val = Texts.of(strings(in.get("val")));
    Texts train = in.get("train").isNull() ? null : Texts.of(strings(in.get("train")));
    ForcedInit.apply(context.seed());
    try (JavaBundle bundle = JavaBundle.open(Path.of(in.get("bundle").asText()))) {
      Architecture architecture = bundle.newArchitecture();
      return new HeldoutComputation(architecture, context, Path.of(in.get("trained_state").asText()),
          in.get("batch_size").asInt(), null, new Cancellation()).measure(val, train);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>(array.size());
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static void putNullable(ObjectNode node, String key, Double value) {
    if (value == null) {
      node.putNull(key);
    } else {
      node.put(key, value.doubleValue());
    }
  }
}

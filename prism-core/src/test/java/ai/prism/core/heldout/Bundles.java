package ai.prism.core.heldout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Java bundles compiled at test time (package {@code hostile}): a bigram architecture and a training role. */
final class Bundles {
  private Bundles() {}

  /**
   * The source of {@code hostile.Arch}: a bigram over the context vocabulary whose forward first runs
   * {@code evalHook} (Java statements; {@code training} is the forward's flag) when not training.
   */
  static String bigramArchitecture(String evalHook) {
    return """
        package hostile;
        import ai.djl.ndarray.*;
        import ai.djl.ndarray.types.*;
        import ai.djl.nn.*;
        import ai.djl.training.ParameterStore;
        import ai.djl.training.initializer.NormalInitializer;
        import ai.djl.util.PairList;
        import ai.prism.core.run.*;
        public class Arch implements Architecture {
          public Block build(PrismContext ctx) {
            int vocab = ctx.vocabSize();
            return new AbstractBlock((byte) 1) {
              final Parameter w = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                  .optShape(new Shape(vocab, vocab)).optInitializer(new NormalInitializer(0.02f)).build());
              protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
                if (!training) {
                  @HOOK@
                }
                NDArray t = in.head();
                return t.getNDArrayInternal().embedding(t, s.getValue(w, t.getDevice(), training), SparseFormat.DENSE);
              }
              public Shape[] getOutputShapes(Shape[] in) { return new Shape[] {in[0].add(vocab)}; }
              public void prepare(Shape[] in) {}
            };
          }
        }
        """.replace("@HOOK@", evalHook);
  }

  /** An SGD training role {@code hostile.Learn} over batches of (2, 16), one step per batch. */
  static final String SGD_TRAINING = """
      package hostile;
      import ai.djl.engine.Engine;
      import ai.djl.ndarray.*;
      import ai.djl.ndarray.index.NDIndex;
      import ai.djl.training.*;
      import ai.djl.training.optimizer.Optimizer;
      import ai.djl.training.tracker.Tracker;
      import ai.prism.core.capture.*;
      import ai.prism.core.run.*;
      public class Learn implements Training {
        public void train(TrainingContext ctx) {
          var model = ctx.buildModel();
          Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.5f)).build();
          for (TrainBatch b : ctx.trainBatches(model, CaptureOptions.builder().batchSize(2).seqLen(16).build())) {
            NDArray tokens = b.tokens();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
              NDArray logits = model.getBlock().forward(new ParameterStore(model.getNDManager(), false),
                  new NDList(tokens), true).head();
              NDArray lp = logits.get(new NDIndex(":, :-1")).logSoftmax(2);
              NDArray loss = lp.gather(tokens.get(new NDIndex(":, 1:")).expandDims(2), 2).mean().neg();
              gc.backward(loss);
            }
            for (var p : model.getBlock().getParameters()) {
              NDArray w = p.getValue().getArray();
              NDArray g = w.getGradient();
              sgd.update(p.getValue().getId(), w, g);
              g.subi(g);
            }
          }
        }
      }
      """;

  /**
   * Compiles {@code hostile.Arch} from {@code architecture} and {@code hostile.<trainingClass>} from
   * {@code training} into a bundle directory {@code dir} with its {@code prism.yaml}.
   */
  static Path compile(Path dir, String architecture, String trainingClass, String training) {
    try {
      Path src = Files.createDirectories(dir.resolve("src/hostile"));
      Files.writeString(src.resolve("Arch.java"), architecture);
      Files.writeString(src.resolve(trainingClass + ".java"), training);
      Files.writeString(dir.resolve("prism.yaml"),
          "architecture:\n  class: hostile.Arch\ntraining:\n  class: hostile." + trainingClass + "\n");
      int status = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(),
          "-cp", System.getProperty("java.class.path"), src.resolve("Arch.java").toString(),
          src.resolve(trainingClass + ".java").toString());
      assertEquals(0, status, "the test bundle compiles");
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

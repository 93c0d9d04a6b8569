package ai.prism.core.run;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.prism.core.PrismException;
import ai.prism.core.capture.CaptureOptions;
import ai.prism.core.capture.CaptureSetup;
import ai.prism.core.capture.OnlineLossCapture;
import ai.prism.core.capture.TrainBatch;
import ai.prism.core.tokenizer.Tokenizer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The runner's {@link TrainingContext}: forced builds, the run's single capture, reference
 * tokenizers. Owns every model and block it builds and closes them in {@link #close()}, after the
 * runner saved the trained state.
 */
final class RunTrainingContext implements TrainingContext, AutoCloseable {
  private final PrismContext ctx;
  private final Architecture architecture;
  private final Architecture forcedArchitecture;
  private final Device device;
  private final CaptureSetup captureSetup;
  private final ReferenceTokenizerLoader tokenizers;
  private final NDManager runManager;
  private final List<Model> models = new ArrayList<>();
  private OnlineLossCapture capture;

  RunTrainingContext(
      PrismContext ctx,
      Architecture architecture,
      Device device,
      CaptureSetup captureSetup,
      ReferenceTokenizerLoader tokenizers,
      NDManager runManager) {
    this.ctx = ctx;
    this.architecture = Objects.requireNonNull(architecture, "architecture");
    this.device = device;
    this.captureSetup = captureSetup;
    this.tokenizers = tokenizers;
    this.runManager = runManager;
    this.forcedArchitecture = this::forcedBuild;
  }

  @Override
  public PrismContext context() {
    return ctx;
  }

  @Override
  public Architecture architecture() {
    return forcedArchitecture;
  }

  @Override
  public Model buildModel() {
    ForcedInit.apply(ctx.seed());
    Model model = Model.newInstance("prism-model", device);
    try {
      Block block = buildBlock(ctx, model.getNDManager());
      model.setBlock(block);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    models.add(model);
    return runnerOwned(model);
  }

  /** The direct path ({@code ctx.architecture().build(ctx)}): forced, then initialised in the run's manager. */
  private Block forcedBuild(PrismContext requested) {
    ForcedInit.apply(ctx.seed());
    return buildBlock(requested, runManager);
  }

  private Block buildBlock(PrismContext requested, NDManager manager) {
    Block block = architecture.build(requested);
    if (block == null) {
      throw new PrismException("architecture " + architecture.getClass().getName() + " returned no block");
    }
    block.initialize(manager, DataType.FLOAT32, new Shape(1, ctx.sequenceLength()));
    return block;
  }

  @Override
  public Iterable<TrainBatch> trainBatches(Model model, CaptureOptions options) {
    if (capture == null) {
      capture = OnlineLossCapture.create(captureSetup, options == null ? CaptureOptions.defaults() : options);
    }
    return capture.batches(model);
  }

  @Override
  public Tokenizer referenceTokenizer(String name) {
    return tokenizers.load(name, ctx.referenceTokenizerDir());
  }

  /** The run's capture, or {@code null} when the loop never called {@code trainBatches}. */
  OnlineLossCapture capture() {
    return capture;
  }

  @Override
  public void close() {
    for (Model model : models) {
      model.close();
    }
    models.clear();
  }

  /** {@code model} behind a view whose {@code close()} is deferred to the runner. */
  private static Model runnerOwned(Model model) {
    InvocationHandler handler = new DeferredClose(model);
    return (Model) Proxy.newProxyInstance(Model.class.getClassLoader(), new Class<?>[] {Model.class}, handler);
  }

  /** Forwards every call except {@code close}, which the runner performs after saving. */
  private record DeferredClose(Model target) implements InvocationHandler {
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "close":
          if (method.getParameterCount() == 0) {
            return null;
          }
          break;
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        default:
          break;
      }
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}

package ai.prism.core.run;

import ai.djl.engine.Engine;
import ai.prism.core.PrismException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Deterministic initialisation of a run (spec §4.3), applied before the architecture is loaded,
 * inside every model build and right before {@code train}.
 *
 * <p>What it does: {@code Engine.getInstance().setRandomSeed(seed)}, which seeds DJL's own Java RNG
 * ({@code RandomUtils.RANDOM}) and, on the PyTorch engine, calls {@code torch::manual_seed} (the CPU
 * generator and every CUDA device's generator); PyTorch intra-op and inter-op threads = 1 (with
 * more intra-op threads the reductions split differently and losses change in the last bits); on
 * CUDA cuDNN autotuning off; and gradient recording off on the calling thread, which is what DJL
 * expects outside a {@code GradientCollector} (PyTorch's flag is per thread and on by default in
 * threads other than the one that loaded the engine, such as the runner's training thread). The library owns no other RNG: the data order is fixed and nothing
 * in the capture or runner draws random numbers.
 *
 * <p>What it cannot do: DJL exposes no switch for PyTorch's {@code use_deterministic_algorithms}, so
 * a GPU kernel without a deterministic implementation (e.g. some scatter/index_add backward
 * kernels) may still vary between runs on CUDA. On CPU with one thread, runs are bit-identical.
 */
public final class ForcedInit {
  private static final String PYTORCH = "PyTorch";

  private ForcedInit() {}

  /** Seeds every RNG the run depends on and pins PyTorch to one thread. */
  public static void apply(long seed) {
    if (seed < Integer.MIN_VALUE || seed > Integer.MAX_VALUE) {
      throw new PrismException("forced seed must fit in a 32-bit int (DJL seeds engines with an int), got " + seed);
    }
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      // Read by the PyTorch engine when it first loads; later calls below also set it directly.
      System.setProperty("ai.djl.pytorch.num_threads", "1");
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    Engine engine = Engine.getInstance();
    engine.setRandomSeed((int) seed);
    if (PYTORCH.equals(engine.getEngineName())) {
      PyTorchThreads.pinToOneThread(engine);
    }
  }

  /** PyTorch-only controls DJL's engine-neutral API does not expose, reached by name. */
  private static final class PyTorchThreads {
    private static volatile MethodHandle setNumThreads;
    private static volatile MethodHandle setBenchmarkCuDnn;
    private static volatile MethodHandle setGradMode;

    static void pinToOneThread(Engine engine) {
      try {
        if (setNumThreads == null) {
          Class<?> jni = Class.forName("ai.djl.pytorch.jni.JniUtils", true, engine.getClass().getClassLoader());
          MethodHandles.Lookup lookup = MethodHandles.publicLookup();
          MethodType intArg = MethodType.methodType(void.class, int.class);
          MethodType booleanArg = MethodType.methodType(void.class, boolean.class);
          setBenchmarkCuDnn = lookup.findStatic(jni, "setBenchmarkCuDNN", booleanArg);
          setGradMode = lookup.findStatic(jni, "setGradMode", booleanArg);
          setNumThreads = lookup.findStatic(jni, "setNumThreads", intArg);
        }
        setNumThreads.invoke(1);
        setGradMode.invoke(false);
        if (engine.getGpuCount() > 0) {
          setBenchmarkCuDnn.invoke(false);
        }
      } catch (Throwable e) {
        throw new PrismException("cannot pin the PyTorch engine to one intra-op thread: " + e, e);
      }
    }
  }
}

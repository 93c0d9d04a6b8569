package ai.prism.core.capture;

import ai.djl.engine.Engine;
import ai.prism.core.PrismException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The engine's gradient-recording switch, turned off around the capture's own computations (the
 * DJL equivalent of {@code torch.no_grad()}). DJL's API has no such switch: on PyTorch, recording is
 * a thread-local flag that {@code GradientCollector} turns on and that is on by default in threads
 * other than the one that loaded the engine, so it is reached by name in {@code JniUtils}. On other
 * engines nothing records without an open {@code GradientCollector} and this is a no-op.
 */
final class GradMode implements AutoCloseable {
  private static final GradMode NO_OP = new GradMode(null, false);

  private final MethodHandle setter;
  private final boolean previous;

  private GradMode(MethodHandle setter, boolean previous) {
    this.setter = setter;
    this.previous = previous;
  }

  /** Turns recording off on this thread until {@link #close()} restores the previous state. */
  static GradMode disabled() {
    Handles handles = Handles.get();
    if (handles == null) {
      return NO_OP;
    }
    try {
      boolean was = (boolean) handles.isGradMode.invokeExact();
      if (!was) {
        return NO_OP;
      }
      handles.setGradMode.invokeExact(false);
      return new GradMode(handles.setGradMode, true);
    } catch (Throwable e) {
      throw new PrismException("cannot switch PyTorch gradient recording off for the capture forward: " + e, e);
    }
  }

  @Override
  public void close() {
    if (setter == null) {
      return;
    }
    try {
      setter.invokeExact(previous);
    } catch (Throwable e) {
      throw new PrismException("cannot restore PyTorch gradient recording after the capture forward: " + e, e);
    }
  }

  /** Method handles of {@code ai.djl.pytorch.jni.JniUtils}, looked up once per engine. */
  private record Handles(Engine engine, MethodHandle isGradMode, MethodHandle setGradMode) {
    private static volatile Handles cached;

    static Handles get() {
      Engine engine = Engine.getInstance();
      Handles h = cached;
      if (h != null && h.engine == engine) {
        return h;
      }
      if (!"PyTorch".equals(engine.getEngineName())) {
        return null;
      }
      try {
        Class<?> jni = Class.forName("ai.djl.pytorch.jni.JniUtils", true, engine.getClass().getClassLoader());
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        h = new Handles(
            engine,
            lookup.findStatic(jni, "isGradMode", MethodType.methodType(boolean.class)),
            lookup.findStatic(jni, "setGradMode", MethodType.methodType(void.class, boolean.class)));
      } catch (ReflectiveOperationException e) {
        throw new PrismException("the PyTorch engine does not expose JniUtils.isGradMode/setGradMode: " + e, e);
      }
      cached = h;
      return h;
    }
  }
}

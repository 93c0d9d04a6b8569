package ai.prism.examples.models;

import ai.prism.core.run.Architecture;
import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The example models by short name ({@code tiny-decoder}, {@code lstm}, {@code bigram}) as {@link Architecture}
 * roles sized from the context's vocabulary, and {@link #architecture(String)}, which also accepts the name of
 * a class implementing {@code Architecture}.
 */
public final class ExampleModels {
  private record Entry(String description, Function<Integer, ai.djl.nn.Block> factory) {}

  private static final Map<String, Entry> MODELS = new LinkedHashMap<>();

  static {
    MODELS.put("tiny-decoder", new Entry(
        "DJL port of the reference tiny-1m decoder: dim 128, 4 heads, 2 layers, SwiGLU, tied head (~1.05M params at vocab 4096)",
        vocab -> new TinyDecoder(TinyDecoder.Config.reference(vocab))));
    MODELS.put("lstm", new Entry(
        "one-layer LSTM LM: embedding 128, hidden 256, linear head (~2.0M params at vocab 4096)",
        vocab -> new LstmLanguageModel(LstmLanguageModel.Config.small(vocab))));
    MODELS.put("bigram", new Entry(
        "bigram baseline: a (vocab x vocab) logits table, zero-initialised",
        BigramModel::new));
  }

  private ExampleModels() {}

  /** The short names with a one-line description each, in a stable order. */
  public static Map<String, String> names() {
    Map<String, String> names = new LinkedHashMap<>();
    MODELS.forEach((name, entry) -> names.put(name, entry.description()));
    return names;
  }

  /**
   * The architecture named {@code nameOrClass}: a short name (case-insensitive), else the binary name of a
   * class on the class path that implements {@link Architecture} with a public no-argument constructor.
   *
   * @throws IllegalArgumentException when it is neither, saying what was looked for
   */
  public static Architecture architecture(String nameOrClass) {
    Entry entry = MODELS.get(nameOrClass.toLowerCase(Locale.ROOT));
    if (entry != null) {
      return ctx -> entry.factory().apply(ctx.vocabSize());
    }
    return instantiate(nameOrClass, Architecture.class, "--arch", String.join(", ", MODELS.keySet()));
  }

  /**
   * A new instance of the class named {@code className}, which must implement {@code role} and have a public
   * no-argument constructor (the contract of a role class named in a bundle's {@code prism.yaml}).
   *
   * @throws IllegalArgumentException when the class is missing, of the wrong type or cannot be created
   */
  public static <T> T instantiate(String className, Class<T> role, String option, String names) {
    Class<?> type;
    try {
      type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException(
          option + " '" + className + "' is neither " + names + " nor a class on the class path");
    }
    if (!role.isAssignableFrom(type)) {
      throw new IllegalArgumentException(
          option + " class " + className + " does not implement " + role.getName());
    }
    try {
      return role.cast(type.getConstructor().newInstance());
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(option + " class " + className + " has no public no-argument constructor");
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(
          option + " class " + className + ": constructor failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(option + " class " + className + " cannot be instantiated: " + e, e);
    }
  }
}

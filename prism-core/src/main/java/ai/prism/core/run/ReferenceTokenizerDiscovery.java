package ai.prism.core.run;

import ai.prism.core.PrismException;
import ai.prism.core.tokenizer.Tokenizer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * The default {@link ReferenceTokenizerLoader}: {@code ai.prism.tokenizers.ReferenceTokenizers.load(String,
 * Path)} from {@code prism-tokenizers} when that module is on the class path (prism-core cannot
 * depend on it: the arrows point the other way).
 */
enum ReferenceTokenizerDiscovery implements ReferenceTokenizerLoader {
  INSTANCE;

  private static final String CLASS_NAME = "ai.prism.tokenizers.ReferenceTokenizers";

  @Override
  public Tokenizer load(String name, Path root) {
    Method load;
    try {
      Class<?> type = Class.forName(CLASS_NAME, true, ReferenceTokenizerDiscovery.class.getClassLoader());
      load = type.getMethod("load", String.class, Path.class);
    } catch (ReflectiveOperationException e) {
      throw new PrismException("reference tokenizer '" + name + "' is not available: add prism-tokenizers to the"
          + " class path or configure RunOptions.referenceTokenizers (" + e + ")");
    }
    try {
      return (Tokenizer) load.invoke(null, name, root);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new PrismException("reference tokenizer '" + name + "' failed to load: " + e.getCause(), e.getCause());
    } catch (IllegalAccessException | ClassCastException e) {
      throw new PrismException("reference tokenizer '" + name + "': " + CLASS_NAME + ".load is not usable: " + e, e);
    }
  }
}

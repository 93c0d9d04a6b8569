package ai.prism.core.run;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one Java bundle: its own class path, under a parent that exposes
 * only the Java platform and {@link JavaBundle#VISIBLE_PACKAGE_PREFIXES} of the host (DJL, SLF4J,
 * prism-core). Anything else on the host's class path (Jackson, SnakeYAML, picocli, the CLI) is
 * invisible to bundle code, so a bundle cannot depend on host internals by accident. This is a
 * namespace boundary, not a security boundary: bundle code runs with the JVM's full permissions.
 */
final class BundleClassLoader extends URLClassLoader {
  static {
    ClassLoader.registerAsParallelCapable();
  }

  BundleClassLoader(Path bundle, List<URL> classPath) {
    super("prism-bundle:" + bundle.getFileName(), classPath.toArray(URL[]::new), new ApiOnly(RunSession.class.getClassLoader()));
  }

  /** Parent that forwards the visible host packages and leaves the rest to the platform loader. */
  private static final class ApiOnly extends ClassLoader {
    static {
      ClassLoader.registerAsParallelCapable();
    }

    private final ClassLoader host;

    ApiOnly(ClassLoader host) {
      super("prism-bundle-api", ClassLoader.getPlatformClassLoader());
      this.host = host;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (visible(name)) {
        return host.loadClass(name);
      }
      return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
      return visible(name.replace('/', '.')) ? host.getResource(name) : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      return visible(name.replace('/', '.')) ? host.getResources(name) : Collections.emptyEnumeration();
    }

    private static boolean visible(String name) {
      for (String prefix : JavaBundle.VISIBLE_PACKAGE_PREFIXES) {
        if (name.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }
  }
}

package ai.prism.core.run;

import ai.prism.core.PrismException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A Java submission: a directory or a jar whose {@code prism.yaml} names the two role classes.
 *
 * <pre>
 * architecture:
 *   class: com.example.TinyArchitecture   # implements ai.prism.core.run.Architecture
 * training:
 *   class: com.example.TrainLoop          # implements ai.prism.core.run.Training
 * </pre>
 *
 * <p>The class path of a directory bundle is the directory itself plus every {@code lib/*.jar}
 * (sorted by name); a jar bundle is its own class path. {@code prism.yml} is accepted when there is
 * no {@code prism.yaml}. The YAML is read with SnakeYAML's safe constructor (no object creation);
 * other top-level keys are ignored as in the reference, but a role section holds only {@code
 * class}. The classes are loaded by a {@link BundleClassLoader} that sees the Java platform, DJL,
 * SLF4J and prism-core's API and nothing else of the host. Opening a bundle loads no class:
 * {@link #newArchitecture()} and {@link #newTraining()} do, after the runner's forced init.
 */
public final class JavaBundle implements AutoCloseable {
  private static final long MAX_YAML_BYTES = 64 * 1024;
  private static final Pattern BINARY_NAME =
      Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*(\\$[\\p{javaJavaIdentifierPart}]+)*");

  private final Path location;
  private final String architectureClass;
  private final String trainingClass;
  private final BundleClassLoader loader;

  private JavaBundle(Path location, String architectureClass, String trainingClass, BundleClassLoader loader) {
    this.location = location;
    this.architectureClass = architectureClass;
    this.trainingClass = trainingClass;
    this.loader = loader;
  }

  /**
   * Reads {@code prism.yaml} of the bundle at {@code location} (a directory or a {@code .jar}).
   *
   * @throws PrismException naming the bundle and what is wrong with it
   */
  public static JavaBundle open(Path location) {
    if (Files.isDirectory(location)) {
      String yaml = readDirectoryYaml(location);
      Roles roles = parse(yaml, location);
      List<URL> urls = new ArrayList<>();
      urls.add(url(location));
      Path lib = location.resolve("lib");
      if (Files.isDirectory(lib)) {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(lib, "*.jar")) {
          List<Path> sorted = new ArrayList<>();
          jars.forEach(sorted::add);
          sorted.sort(null);
          for (Path jar : sorted) {
            urls.add(url(jar));
          }
        } catch (IOException e) {
          throw new PrismException("bundle " + location + ": cannot list lib/: " + e.getMessage(), e);
        }
      }
      return new JavaBundle(location, roles.architecture, roles.training, new BundleClassLoader(location, urls));
    }
    if (Files.isRegularFile(location) && location.getFileName().toString().endsWith(".jar")) {
      String yaml = readJarYaml(location);
      Roles roles = parse(yaml, location);
      return new JavaBundle(location, roles.architecture, roles.training, new BundleClassLoader(location, List.of(url(location))));
    }
    throw new PrismException("bundle " + location + " is neither a directory nor a .jar file");
  }

  /** Where the bundle was opened from. */
  public Path location() {
    return location;
  }

  /** Binary name of the architecture class. */
  public String architectureClass() {
    return architectureClass;
  }

  /** Binary name of the training class. */
  public String trainingClass() {
    return trainingClass;
  }

  /** Loads and instantiates the architecture role (public no-argument constructor). */
  public Architecture newArchitecture() {
    return instantiate("architecture", architectureClass, Architecture.class);
  }

  /** Loads and instantiates the training role (public no-argument constructor). */
  public Training newTraining() {
    return instantiate("training", trainingClass, Training.class);
  }

  /** Whether {@code type} was defined by a bundle's class loader (untrusted code). */
  static boolean isBundleClass(Class<?> type) {
    return type.getClassLoader() instanceof BundleClassLoader;
  }

  /** Closes the class loader (open jar files). */
  @Override
  public void close() {
    try {
      loader.close();
    } catch (IOException e) {
      throw new PrismException("bundle " + location + ": cannot close its class loader: " + e.getMessage(), e);
    }
  }

  private <T> T instantiate(String role, String className, Class<T> contract) {
    Class<?> type;
    try {
      type = Class.forName(className, true, loader);
    } catch (ClassNotFoundException e) {
      throw new PrismException("bundle " + location + ": " + role + " class " + className + " not found");
    } catch (LinkageError e) {
      throw new PrismException("bundle " + location + ": " + role + " class " + className + " cannot be loaded: " + e, e);
    }
    if (!contract.isAssignableFrom(type)) {
      throw new PrismException("bundle " + location + ": " + role + " class " + className + " does not implement "
          + contract.getName());
    }
    if (Modifier.isAbstract(type.getModifiers())) {
      throw new PrismException("bundle " + location + ": " + role + " class " + className + " is abstract");
    }
    try {
      Constructor<?> constructor = type.getConstructor();
      return contract.cast(constructor.newInstance());
    } catch (NoSuchMethodException e) {
      throw new PrismException("bundle " + location + ": " + role + " class " + className
          + " has no public no-argument constructor");
    } catch (InvocationTargetException e) {
      throw new PrismException("bundle " + location + ": " + role + " class " + className + " constructor raised "
          + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new PrismException("bundle " + location + ": cannot instantiate " + role + " class " + className + ": " + e, e);
    }
  }

  private record Roles(String architecture, String training) {}

  static Roles parse(String yaml, Path location) {
    Object document;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      options.setMaxAliasesForCollections(10);
      options.setCodePointLimit((int) MAX_YAML_BYTES);
      document = new Yaml(new SafeConstructor(options)).load(yaml);
    } catch (YAMLException e) {
      throw new PrismException("bundle " + location + ": prism.yaml is not valid YAML: " + e.getMessage(), e);
    }
    if (document == null) {
      document = Map.of();
    }
    if (!(document instanceof Map<?, ?> map)) {
      throw new PrismException("bundle " + location + ": prism.yaml must contain a mapping");
    }
    String architecture = roleClass(map, "architecture", location);
    String training = roleClass(map, "training", location);
    if (architecture.equals(training)) {
      throw new PrismException("bundle " + location + ": architecture and training must be two distinct classes, both are "
          + architecture);
    }
    return new Roles(architecture, training);
  }

  private static String roleClass(Map<?, ?> document, String role, Path location) {
    Object section = document.get(role);
    String example = role.equals("architecture") ? "com.example.MyArchitecture" : "com.example.MyTraining";
    if (section == null) {
      throw new PrismException("bundle " + location + ": prism.yaml has no " + role + " section (expected "
          + role + ": {class: " + example + "})");
    }
    if (!(section instanceof Map<?, ?> fields)) {
      throw new PrismException("bundle " + location + ": prism.yaml " + role + " section must be a mapping");
    }
    for (Object key : fields.keySet()) {
      if (!"class".equals(key)) {
        throw new PrismException("bundle " + location + ": prism.yaml " + role + " section has unknown key '" + key
            + "' (allowed: class)");
      }
    }
    Object value = fields.get("class");
    if (!(value instanceof String name) || !BINARY_NAME.matcher(name).matches()) {
      throw new PrismException("bundle " + location + ": prism.yaml " + role + ".class must be a Java class name such as "
          + example + ", got " + value);
    }
    return name;
  }

  private static String readDirectoryYaml(Path dir) {
    for (String name : List.of("prism.yaml", "prism.yml")) {
      Path file = dir.resolve(name);
      if (Files.isRegularFile(file)) {
        try {
          if (Files.size(file) > MAX_YAML_BYTES) {
            throw new PrismException("bundle " + dir + ": " + name + " is larger than " + MAX_YAML_BYTES + " bytes");
          }
          return decode(Files.readAllBytes(file), dir);
        } catch (IOException e) {
          throw new PrismException("bundle " + dir + ": cannot read " + name + ": " + e.getMessage(), e);
        }
      }
    }
    throw new PrismException("bundle " + dir + " has no prism.yaml");
  }

  private static String readJarYaml(Path jar) {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (String name : List.of("prism.yaml", "prism.yml")) {
        ZipEntry entry = zip.getEntry(name);
        if (entry != null && !entry.isDirectory()) {
          try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) MAX_YAML_BYTES + 1);
            if (bytes.length > MAX_YAML_BYTES) {
              throw new PrismException("bundle " + jar + ": " + name + " is larger than " + MAX_YAML_BYTES + " bytes");
            }
            return decode(bytes, jar);
          }
        }
      }
    } catch (IOException e) {
      throw new PrismException("bundle " + jar + " is not a readable jar: " + e.getMessage(), e);
    }
    throw new PrismException("bundle " + jar + " has no prism.yaml at its root");
  }

  private static String decode(byte[] bytes, Path location) {
    var decoder = StandardCharsets.UTF_8.newDecoder();
    try {
      return decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new PrismException("bundle " + location + ": prism.yaml is not valid UTF-8");
    }
  }

  private static URL url(Path path) {
    try {
      return path.toAbsolutePath().toUri().toURL();
    } catch (MalformedURLException e) {
      throw new PrismException("bundle path " + path + " cannot be used as a class path entry: " + e.getMessage(), e);
    }
  }

  /** The host packages a bundle can see, besides the Java platform. */
  static final Set<String> VISIBLE_PACKAGE_PREFIXES = Set.of("ai.djl.", "ai.prism.core.", "org.slf4j.");
}

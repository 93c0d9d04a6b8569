package ai.prism.core.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Builds Java bundles from the compiled {@code bundletest} classes. */
final class Bundles {
  private Bundles() {}

  static String yaml(String architecture, String training) {
    return "architecture:\n  class: bundletest." + architecture + "\ntraining:\n  class: bundletest." + training + "\n";
  }

  /** A directory bundle with {@code prism.yaml} text and every {@code bundletest} class. */
  static Path directory(Path dir, String prismYaml) {
    try {
      Path classes = Files.createDirectories(dir.resolve("bundletest"));
      for (Path c : classFiles()) {
        Files.copy(c, classes.resolve(c.getFileName().toString()));
      }
      Files.writeString(dir.resolve("prism.yaml"), prismYaml, StandardCharsets.UTF_8);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path directory(Path dir, String architecture, String training) {
    return directory(dir, yaml(architecture, training));
  }

  /** The same as a jar. */
  static Path jar(Path file, String architecture, String training) {
    try (OutputStream raw = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(raw)) {
      jar.putNextEntry(new JarEntry("prism.yaml"));
      jar.write(yaml(architecture, training).getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
      for (Path c : classFiles()) {
        jar.putNextEntry(new JarEntry("bundletest/" + c.getFileName()));
        jar.write(Files.readAllBytes(c));
        jar.closeEntry();
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> classFiles() throws IOException {
    try {
      Path root = Path.of(bundletest.BigramArchitecture.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      try (Stream<Path> files = Files.list(root.resolve("bundletest"))) {
        return files.filter(p -> p.toString().endsWith(".class")).sorted().toList();
      }
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
  }
}

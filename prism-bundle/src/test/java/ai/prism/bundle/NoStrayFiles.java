package ai.prism.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Asserts that a test leaves nothing new in {@code java.io.tmpdir} or the working directory (its own
 * {@code @TempDir} exists before and after each test method and so cancels out). The module's surefire
 * configuration points {@code java.io.tmpdir} at {@code target/}, so other processes on the machine
 * cannot disturb the comparison; surefire's own files there ({@code surefire*}) are left out of it.
 */
final class NoStrayFiles implements BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoStrayFiles.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NS).put("listing", listing());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    assertEquals(context.getStore(NS).get("listing"), listing(), "files created outside the test's @TempDir");
  }

  private static List<String> listing() {
    List<String> names = new java.util.ArrayList<>();
    for (String dir : List.of(System.getProperty("java.io.tmpdir"), System.getProperty("user.dir"))) {
      try (Stream<Path> entries = Files.list(Path.of(dir))) {
        entries.filter(p -> !p.getFileName().toString().startsWith("surefire"))
            .map(p -> p.toAbsolutePath().toString()).sorted().forEach(names::add);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return names;
  }
}

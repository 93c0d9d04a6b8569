package ai.prism.examples.heldout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No val or test shard is on the runtime class path of the library and CLI (the demo corpus is
 * generated to a cache directory, not shipped as resources), so a training role cannot read a
 * held-out split as a class-path resource. Scans every class-path entry, following jar manifests'
 * {@code Class-Path} (how surefire and shaded launchers pass the real class path).
 */
class ClassPathSecrecyTest {
  private static final Pattern HELD_OUT_SHARD = Pattern.compile("(^|.*/)(val|test)(/[^/]*\\.jsonl|-[^/]*\\.jsonl)$");

  @Test
  void theClassPathHoldsNoValOrTestShard() throws IOException {
    List<String> found = new ArrayList<>();
    int jars = 0;
    Deque<Path> pending = new ArrayDeque<>();
    Set<Path> seen = new HashSet<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      pending.add(Path.of(entry).toAbsolutePath().normalize());
    }
    while (!pending.isEmpty()) {
      Path entry = pending.poll();
      if (!seen.add(entry) || !Files.exists(entry)) {
        continue;
      }
      if (Files.isDirectory(entry)) {
        try (Stream<Path> walk = Files.walk(entry)) {
          walk.map(p -> entry.relativize(p).toString().replace(File.separatorChar, '/'))
              .filter(n -> HELD_OUT_SHARD.matcher(n).matches()).forEach(n -> found.add(entry + "!" + n));
        }
        continue;
      }
      jars++;
      try (JarFile jar = new JarFile(entry.toFile())) {
        for (JarEntry e : java.util.Collections.list(jar.entries())) {
          if (HELD_OUT_SHARD.matcher(e.getName()).matches()) {
            found.add(entry + "!" + e.getName());
          }
        }
        String manifestPath = jar.getManifest() == null ? null
            : jar.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        if (manifestPath != null) {
          for (String ref : manifestPath.trim().split("\\s+")) {
            Path p = ref.startsWith("file:") ? Path.of(java.net.URI.create(ref)) : entry.resolveSibling(ref);
            pending.add(p.toAbsolutePath().normalize());
          }
        }
      }
    }
    assertTrue(jars > 10, "the scan reached the dependency jars (" + jars + ")");
    assertEquals(List.of(), found);
    assertTrue(HELD_OUT_SHARD.matcher("ai/prism/demo/val/val-00000.jsonl").matches());
    assertTrue(HELD_OUT_SHARD.matcher("test-00001.jsonl").matches());
  }
}

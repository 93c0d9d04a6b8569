package ai.prism.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory stays flat: a JVM limited to {@code -Xmx256m} streams a large corpus (default 5 GiB,
 * property {@code prism.memtest.gib}) of 4 MiB shards, with documents from a few bytes up to 2 MiB.
 * The shards are symbolic links to one file, so the test writes 4 MiB and reads 5 GiB (from the
 * page cache). The child reports its peak heap use.
 */
class StreamMemoryTest {

  @TempDir Path tmp;

  @Test
  void streamingAHugeCorpusFitsIn256MegabytesOfHeap() throws IOException, InterruptedException {
    int gib = Integer.getInteger("prism.memtest.gib", 5);
    Path one = tmp.resolve("shard.data");
    Random r = new Random(9);
    long size = 0;
    try (OutputStream out = Files.newOutputStream(one)) {
      while (size < (4 << 20) - (2 << 20)) {
        int len = r.nextInt(10) == 0 ? 1 << (10 + r.nextInt(12)) : 100 + r.nextInt(5000);
        StringBuilder sb = new StringBuilder("{\"id\":\"d\",\"text\":\"");
        for (int i = 0; i < len; i++) {
          sb.append((char) ('a' + (i * 7 + len) % 26));
          if (i % 80 == 79) {
            sb.append("\\n");
          }
        }
        byte[] line = sb.append("\"}\n").toString().getBytes(StandardCharsets.UTF_8);
        out.write(line);
        size += line.length;
      }
    }
    Path dir = Files.createDirectories(tmp.resolve("train"));
    long shards = ((long) gib << 30) / size;
    for (long i = 0; i < shards; i++) {
      Files.createSymbolicLink(dir.resolve(String.format("train-%05d.jsonl", i)), one);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        StreamMemoryCheck.class.getName(), dir.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.waitFor(), out);
    List<String> f = List.of(out.split(" "));
    assertEquals(shards, Long.parseLong(f.get(0)), out);
    assertEquals(shards * size, Long.parseLong(f.get(1)), out);
    assertTrue(Long.parseLong(f.get(1)) >= ((long) gib << 30) - size, out);
    long peak = Long.parseLong(f.get(4));
    assertTrue(peak < 256L << 20, "peak heap " + peak);
    System.out.println("StreamMemoryTest: " + gib + " GiB streamed; child reports " + out);
  }
}

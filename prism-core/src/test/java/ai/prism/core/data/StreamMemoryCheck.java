package ai.prism.core.data;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * Streams a corpus through the batcher (byte level, batch 8 x 1024) and prints one line:
 * {@code shards bytes tokens batches peakHeapBytes seconds}. Run in a JVM with a small heap by
 * {@link StreamMemoryTest}; also usable by hand: {@code java -Xmx256m -cp ... StreamMemoryCheck DIR}.
 */
public final class StreamMemoryCheck {

  private StreamMemoryCheck() {}

  public static void main(String[] args) {
    long t0 = System.nanoTime();
    TrainShards shards = TrainShards.discover(Path.of(args[0]));
    long tokens = 0;
    long batches = 0;
    try (Batcher b = Batcher.open(shards, BatcherOptions.builder().build())) {
      while (b.hasNext()) {
        tokens += b.next().tokenCount();
        batches++;
      }
      if (b.state().consumedTokens() != tokens) {
        throw new IllegalStateException("token count mismatch");
      }
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.println(shards.shardCount() + " " + shards.availableBytes() + " " + tokens + " " + batches + " " + peak
        + " " + (System.nanoTime() - t0) / 1e9);
  }
}

package ai.prism.core.heldout;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/** The documents of a measured prefix, in order: read again from the split, or held in memory. */
interface Texts {
  /** Hands the texts, in order, to {@code sink}. */
  void forEach(Consumer<String> sink);

  /** Whether there is no document (the reference's {@code if not texts}). */
  boolean isEmpty();

  /** Sum of the texts' UTF-8 lengths. */
  long utf8Bytes();

  /** Texts held in memory (what a child JVM receives). */
  static Texts of(List<String> texts) {
    List<String> copy = List.copyOf(texts);
    long bytes = 0;
    for (String t : copy) {
      bytes += t.getBytes(StandardCharsets.UTF_8).length;
    }
    long total = bytes;
    return new Texts() {
      @Override
      public void forEach(Consumer<String> sink) {
        copy.forEach(sink);
      }

      @Override
      public boolean isEmpty() {
        return copy.isEmpty();
      }

      @Override
      public long utf8Bytes() {
        return total;
      }
    };
  }
}

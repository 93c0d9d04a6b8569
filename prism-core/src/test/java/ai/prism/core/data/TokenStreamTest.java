package ai.prism.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-document tokens, weights and offsets of the runner's token stream. */
class TokenStreamTest {

  @TempDir Path tmp;

  @Test
  void documentsCarryWeightsAndRawOffsets() throws IOException {
    Files.writeString(tmp.resolve("train-00000.jsonl"),
        "{\"text\":\"caf\\u00e9 au lait\"}\n\n{\"text\":\"\"}\n{\"text\":\"ab\"}\n");
    TrainShards shards = TrainShards.discover(tmp);
    try (TokenStream s = TokenStream.open(shards, ReferenceRunnerParityTest.WORDS, 1024)) {
      assertTrue(s.nextDocument());
      assertEquals(3, s.tokenCount());
      assertEquals(13, s.utf8Length());
      assertEquals(13 / 3.0, s.byteWeight());
      assertEquals(4, s.token(0));
      assertEquals("train-00000.jsonl", s.shard());
      assertEquals(0, s.offset());
      long[] dest = new long[3];
      s.copyTokens(0, dest, 0, 3, 3);
      assertEquals(1, dest[0]); // 4 mod 3
      assertTrue(s.nextDocument());
      assertEquals(3, s.offset()); // blank and empty-text lines are counted in offsets, not documents
      assertEquals(2, s.documents());
      assertThrows(IndexOutOfBoundsException.class, () -> s.token(1));
      assertFalse(s.nextDocument());
    }
    try (TokenStream s = TokenStream.open(shards, null, 1024)) {
      assertTrue(s.nextDocument());
      assertEquals(13, s.tokenCount());
      assertEquals(1.0, s.byteWeight());
      assertEquals(0xC3, s.token(3));
    }
  }
}

package ai.prism.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ShardSeal}: block digests of the copy, checked by the stream and by {@code verify()}. */
class ShardSealTest {
  @TempDir Path tmp;

  /** A shard of {@code blocks} full blocks plus 10 bytes: JSONL lines of 'x' texts. */
  private Path corpus(int blocks) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("data/train"));
    StringBuilder sb = new StringBuilder();
    String line = "{\"id\":\"d\",\"text\":\"" + "x".repeat(1000) + "\"}\n";
    while (sb.length() < blocks * ShardSeal.BLOCK_BYTES) {
      sb.append(line);
    }
    sb.setLength(blocks * ShardSeal.BLOCK_BYTES);
    sb.append("\"}\n{\"id\":1}\n");
    Files.writeString(dir.resolve("train-00000.jsonl"), sb.toString(), StandardCharsets.UTF_8);
    return tmp.resolve("data");
  }

  @Test
  void theCopyHoldsTheSameBytesAndOneDigestPerBlock() throws Exception {
    Path data = corpus(2);
    ShardSeal seal = ShardSeal.copy(TrainShards.discover(data), tmp.resolve("view"));
    byte[] bytes = Files.readAllBytes(data.resolve("train/train-00000.jsonl"));
    assertArrayEquals(bytes, Files.readAllBytes(tmp.resolve("view/train/train-00000.jsonl")));
    ShardSeal.Entry e = seal.entries().get(0);
    assertEquals("train/train-00000.jsonl", e.name());
    assertEquals(bytes.length, e.size());
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(bytes, 2 * ShardSeal.BLOCK_BYTES, bytes.length - 2 * ShardSeal.BLOCK_BYTES);
    assertEquals(3 * 64, e.blockSha256().length());
    assertEquals(HexFormat.of().formatHex(sha.digest()), e.blockSha256().substring(128));
    seal.verify();
    assertNull(seal.violation());
  }

  @Test
  void aChangedBlockIsRefusedBeforeAnyOfItsBytesAreHandedOut() throws Exception {
    Path data = corpus(2);
    ShardSeal seal = ShardSeal.copy(TrainShards.discover(data), tmp.resolve("view"));
    Path copy = tmp.resolve("view/train/train-00000.jsonl");
    try (RandomAccessFile f = new RandomAccessFile(copy.toFile(), "rw")) {
      f.seek(ShardSeal.BLOCK_BYTES + 5);
      f.write('y');
    }
    TrainShards sealed = TrainShards.discover(data).readThrough(seal);
    assertEquals(List.of(copy), sealed.files());
    try (InputStream in = sealed.opener().open(copy)) {
      assertEquals(ShardSeal.BLOCK_BYTES, in.readNBytes(ShardSeal.BLOCK_BYTES).length, "block 0 is intact");
      DataTamperedException e = assertThrows(DataTamperedException.class, in::read);
      assertEquals(1, e.block());
      assertEquals("train/train-00000.jsonl", e.shard());
      assertTrue(e.getMessage().endsWith("bytes 1048576..2097151 (block 1) differ from their recorded SHA-256"),
          e.getMessage());
      assertSame(e, seal.violation());
    }
    assertSame(seal.violation(), assertThrows(DataTamperedException.class, seal::verify), "the first one is kept");
  }

  @Test
  void aShorterOrLongerOrMissingFileIsTampering() throws Exception {
    Path data = corpus(1);
    for (String change : List.of("truncate", "append", "delete")) {
      Path view = tmp.resolve("view-" + change);
      ShardSeal seal = ShardSeal.copy(TrainShards.discover(data), view);
      Path copy = view.resolve("train/train-00000.jsonl");
      switch (change) {
        case "truncate" -> {
          try (RandomAccessFile f = new RandomAccessFile(copy.toFile(), "rw")) {
            f.setLength(ShardSeal.BLOCK_BYTES);
          }
        }
        case "append" -> Files.writeString(copy, "{}\n", java.nio.file.StandardOpenOption.APPEND);
        default -> Files.delete(copy);
      }
      DataTamperedException e = assertThrows(DataTamperedException.class, seal::verify, change);
      assertEquals(change.equals("delete") ? 0 : 1, e.block(), change);
    }
  }

  @Test
  void aSealRecordedElsewhereChecksTheSameFiles() throws Exception {
    Path data = corpus(1);
    ShardSeal host = ShardSeal.copy(TrainShards.discover(data), tmp.resolve("view"));
    ShardSeal child = ShardSeal.of(tmp.resolve("view"), host.entries());
    TrainShards inView = TrainShards.discover(tmp.resolve("view")).readThrough(child);
    try (TextRecords records = TextRecords.open(inView)) {
      assertEquals(TextRecords.open(TrainShards.discover(data)).next().text(), records.next().text());
    }
    ShardSeal wrong = ShardSeal.of(tmp.resolve("view"), List.of());
    assertThrows(DataTamperedException.class, () -> TrainShards.discover(tmp.resolve("view")).readThrough(wrong));
  }
}

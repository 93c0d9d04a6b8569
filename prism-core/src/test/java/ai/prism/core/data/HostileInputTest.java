package ai.prism.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile inputs: each gets its typed error naming what and where (the reference crashes or skips). */
class HostileInputTest {

  @TempDir Path tmp;

  private static List<TextRecord> records(Path... files) {
    List<TextRecord> out = new ArrayList<>();
    try (TextRecords r = TextRecords.open(Arrays.asList(files), 1 << 20)) {
      r.forEachRemaining(out::add);
    }
    return out;
  }

  private static long streamAll(TrainShards shards) {
    try (Batcher b = Batcher.open(shards, BatcherOptions.builder().seqLen(4).batchSize(1).build())) {
      long n = 0;
      while (b.hasNext()) {
        b.next();
        n++;
      }
      return n;
    }
  }

  @Test
  void missingEmptyAndUnconfiguredDataDirs() throws IOException {
    assertEquals("locked train data path is not configured (no random-token fallback)",
        assertThrows(TrainDataException.class, () -> TrainShards.discover((String) null)).getMessage());
    Path missing = tmp.resolve("nope");
    assertEquals("locked train data path is missing: " + missing + " (no random-token fallback)",
        assertThrows(TrainDataException.class, () -> TrainShards.discover(missing)).getMessage());
    Path file = Files.writeString(tmp.resolve("file.txt"), "x");
    assertEquals("locked train data path is missing: " + file + " (no random-token fallback)",
        assertThrows(TrainDataException.class, () -> TrainShards.discover(file)).getMessage());
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertEquals("locked train data is empty: " + empty + " (no random-token fallback)",
        assertThrows(TrainDataException.class, () -> TrainShards.discover(empty)).getMessage());
    // Zero-byte shards are dropped after the glob matched; a non-empty *.jsonl of a later glob is not used.
    Files.writeString(empty.resolve("train-00000.jsonl"), "");
    Files.writeString(empty.resolve("other.jsonl"), "{\"text\":\"never read\"}\n");
    assertEquals("locked train data is empty: " + empty + " (no random-token fallback)",
        assertThrows(TrainDataException.class, () -> TrainShards.discover(empty)).getMessage());
    // A directory named like a shard is not a shard.
    Path dirs = Files.createDirectories(tmp.resolve("dirs/train-00000.jsonl"));
    Files.writeString(dirs.getParent().resolve("z.jsonl"), "{\"text\":\"abc\"}\n");
    assertEquals(List.of(dirs.getParent().resolve("z.jsonl")), TrainShards.discover(dirs.getParent()).files());
  }

  @Test
  void binShardsAreReadAsTextAndUndecodableBytesAreTyped() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("bin"));
    Files.write(dir.resolve("a.bin"), "{\"text\":\"abcdefgh\"}\n".getBytes(StandardCharsets.UTF_8));
    TrainShards shards = TrainShards.discover(dir);
    assertEquals(2, streamAll(shards));
    Files.write(dir.resolve("b.bin"), new byte[] {'{', '}', '\n', 0x00, 0x01, (byte) 0x80, (byte) 0xFE, 0x10});
    ShardFormatException e = assertThrows(ShardFormatException.class, () -> streamAll(TrainShards.discover(dir)));
    assertEquals(ShardFormatException.Kind.INVALID_UTF8, e.kind());
    assertEquals("b.bin", e.shard());
    assertEquals(1, e.lineIndex());
    assertEquals("invalid UTF-8 in shard b.bin line 2 (offset 1): byte 0x80 at byte 2 of the line", e.getMessage());
  }

  @Test
  void malformedLinesAndNonStringTextAreSkippedByTheRunner() throws IOException {
    Path f = Files.writeString(tmp.resolve("train-00000.jsonl"),
        "{broken\n{\"text\": 3}\n{\"text\": [\"a\"]}\n{\"id\": \"no text\"}\n[1,2]\n{\"text\":\"kept\"}\n");
    List<TextRecord> r = records(f);
    assertEquals(List.of(new TextRecord("train-00000.jsonl", 5, "kept", 4)), r);
  }

  @Test
  void invalidUtf8IsTypedWithShardAndLine() throws IOException {
    byte[][] bad = {
        {(byte) 0xC3}, // truncated
        {(byte) 0xC0, (byte) 0xAF}, // overlong
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // encoded surrogate
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
        {(byte) 0xFF},
    };
    for (byte[] b : bad) {
      Path f = tmp.resolve("train-00000.jsonl");
      try (OutputStream out = Files.newOutputStream(f)) {
        out.write("{\"id\":\"1\",\"text\":\"ok\"}\n\n{\"id\":\"2\",\"text\":\"".getBytes(StandardCharsets.UTF_8));
        out.write(b);
        out.write("\"}\n".getBytes(StandardCharsets.UTF_8));
      }
      ShardFormatException e = assertThrows(ShardFormatException.class, () -> records(f));
      assertEquals(ShardFormatException.Kind.INVALID_UTF8, e.kind());
      assertEquals("train-00000.jsonl", e.shard());
      assertEquals(2, e.lineIndex());
      // The strict loader raises the same typed error.
      Files.createDirectories(tmp.resolve("train"));
      Files.copy(f, tmp.resolve("train/train-00000.jsonl"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      try (SplitDocuments docs = LockedCorpus.documents(tmp, "train")) {
        docs.next();
        ShardFormatException strict = assertThrows(ShardFormatException.class, docs::next);
        assertEquals("train/train-00000.jsonl", strict.shard());
        assertEquals(2, strict.lineIndex());
      }
    }
  }

  @Test
  void loneSurrogatesInTextAreTyped() throws IOException {
    Path f = Files.writeString(tmp.resolve("train-00000.jsonl"),
        "{\"text\":\"pair \\ud83d\\ude00 ok\",\"id\":\"\\udc00 lone in id is fine\"}\n"
            + "{\"text\":\"\\ud800 replaced\",\"text\":\"later text wins\"}\n"
            + "{\"text\":\"x \\ud800 y\"}\n");
    ShardFormatException e = assertThrows(ShardFormatException.class, () -> records(f));
    assertEquals(ShardFormatException.Kind.LONE_SURROGATE, e.kind());
    assertEquals(2, e.lineIndex());
    assertEquals("document text in shard train-00000.jsonl line 3 (offset 2) has a lone surrogate: \\ud800 at byte 2 of the decoded text",
        e.getMessage());
    ShardFormatException viaBatcher = assertThrows(ShardFormatException.class, () -> streamAll(TrainShards.discover(tmp)));
    assertEquals(2, viaBatcher.lineIndex());
    // The first two documents streamed before the failure.
    try (TextRecords r = TextRecords.open(List.of(f), 1024)) {
      assertEquals("pair \uD83D\uDE00 ok", r.next().text());
      assertEquals("later text wins", r.next().text());
    }
  }

  @Test
  void aHundredMegabyteLineIsRefusedWithoutMaterializingIt() throws IOException {
    Path f = tmp.resolve("train-00000.jsonl");
    byte[] chunk = new byte[1 << 20];
    Arrays.fill(chunk, (byte) 'a');
    try (OutputStream out = Files.newOutputStream(f)) {
      out.write("{\"text\":\"short\"}\n{\"text\":\"".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < 100; i++) {
        out.write(chunk);
      }
      out.write("\"}\n".getBytes(StandardCharsets.UTF_8));
    }
    TrainShards shards = TrainShards.discover(tmp);
    ShardFormatException e = assertThrows(ShardFormatException.class, () -> streamAll(shards));
    assertEquals(ShardFormatException.Kind.LINE_TOO_LONG, e.kind());
    assertEquals("train-00000.jsonl", e.shard());
    assertEquals(1, e.lineIndex());
    assertTrue(e.getMessage().startsWith("line too long in shard train-00000.jsonl line 2 (offset 1): more than 33554432 bytes"),
        e.getMessage());
    // A configurable bound: with a small bound the first (short) line already passes and the second fails fast.
    ShardFormatException small = assertThrows(ShardFormatException.class, () -> records(f));
    assertTrue(small.getMessage().contains("more than 1048576 bytes"));
  }

  @Test
  void deepNestingIsTyped() throws IOException {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    Path f = Files.writeString(tmp.resolve("train-00000.jsonl"), "{\"text\":\"a\",\"x\":" + deep + "}\n");
    ShardFormatException e = assertThrows(ShardFormatException.class, () -> records(f));
    assertEquals(ShardFormatException.Kind.NESTING_TOO_DEEP, e.kind());
    assertEquals(0, e.lineIndex());
    Files.writeString(f, "{\"text\":\"a\",\"x\":" + "[".repeat(900) + "]".repeat(900) + "}\n");
    assertEquals(1, records(f).size());
  }

  @Test
  void crlfCrAndBomFollowThePythonTextReader() throws IOException {
    Path f = tmp.resolve("train-00000.jsonl");
    Files.write(f, ("\uFEFF{\"text\":\"bom line: json.loads rejects it\"}\r\n{\"text\":\"a\"}\r\n\r\n{\"text\":\"b\"}\r"
        + "{\"text\":\"c\"}").getBytes(StandardCharsets.UTF_8));
    List<TextRecord> r = records(f);
    assertEquals(List.of(new TextRecord("train-00000.jsonl", 1, "a", 1), new TextRecord("train-00000.jsonl", 3, "b", 1),
        new TextRecord("train-00000.jsonl", 4, "c", 1)), r);
  }

  @Test
  void lineBoundariesAcrossTheReadBufferAreExact() throws IOException {
    // Lines straddling the 1 MiB read chunk, with \r\n split across the boundary.
    Path f = tmp.resolve("train-00000.jsonl");
    StringBuilder sb = new StringBuilder();
    int expected = 0;
    while (sb.length() < 3 << 20) {
      String text = "x".repeat(1000 + (expected * 7919) % 5000);
      sb.append("{\"text\":\"").append(text).append("\"}").append(expected % 3 == 0 ? "\r\n" : expected % 3 == 1 ? "\n" : "\r");
      expected++;
    }
    Files.writeString(f, sb.toString());
    List<TextRecord> r = records(f);
    assertEquals(expected, r.size());
    for (int i = 0; i < expected; i++) {
      assertEquals(i, r.get(i).offset());
      assertEquals(1000 + (i * 7919) % 5000, r.get(i).text().length());
    }
    assertFalse(r.isEmpty());
  }
}

package ai.prism.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.data.LockedCorpus;
import ai.prism.core.data.LockedDocument;
import ai.prism.core.data.Partition;
import ai.prism.examples.cli.CliTest.Run;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prism corpus prepare|verify|stats} end to end. */
class CorpusCliTest {

  @TempDir Path tmp;

  @Test
  void prepareVerifyAndTamper() throws IOException {
    Path books = Files.createDirectories(tmp.resolve("books/sub"));
    for (int i = 0; i < 120; i++) {
      Files.writeString(tmp.resolve("books/" + (i % 2 == 0 ? "sub/" : "") + "t" + i + ".txt"),
          "\uFEFFText file " + i + ".\r\nSecond line caf\u00e9.\r\n");
    }
    Files.writeString(tmp.resolve("books/.hidden.txt"), "skipped");
    Files.writeString(tmp.resolve("extra.jsonl"), "{\"id\":\"j1\",\"text\":\"from jsonl\"}\n\n{\"id\":\"j2\",\"text\":\"\"}\n");
    Path out = tmp.resolve("corpus");
    Run prep = CliTest.prism("corpus", "prepare", "--input", tmp.resolve("books").toString(), tmp.resolve("extra.jsonl").toString(),
        "--out", out.toString(), "--docs-per-shard", "16");
    assertEquals(0, prep.exit(), prep.err());
    JsonNode summary = new ObjectMapper().readTree(prep.out());
    long docs = 0;
    for (String split : Partition.SPLITS) {
      docs += summary.get("split_doc_counts").get(split).asLong();
    }
    assertEquals(122, docs);
    assertEquals("87f09149ef4734204d70ed1d046ddc9ca3f2b8f9", summary.get("pin_sha").asText());
    List<LockedDocument> all = new ArrayList<>();
    for (String split : Partition.SPLITS) {
      try (var d = LockedCorpus.documents(out, split)) {
        d.forEachRemaining(all::add);
      }
    }
    LockedDocument t3 = all.stream().filter(d -> d.id().equals("books/t3.txt")).findFirst().orElseThrow();
    assertEquals("Text file 3.\nSecond line caf\u00e9.\n", t3.text());
    assertTrue(all.stream().anyMatch(d -> d.id().equals("books/sub/t2.txt")));
    assertTrue(all.stream().noneMatch(d -> d.id().contains("hidden")));

    Run verify = CliTest.prism("corpus", "verify", out.toString());
    assertEquals(0, verify.exit(), verify.out());
    assertEquals("[]", verify.out().strip());

    Path shard = out.resolve("train/train-00000.jsonl");
    Files.writeString(shard, Files.readString(shard) + "\n");
    Run bad = CliTest.prism("corpus", "verify", out.toString());
    assertEquals(1, bad.exit());
    JsonNode problems = new ObjectMapper().readTree(bad.out());
    assertTrue(problems.get(0).asText().startsWith("sha256 mismatch for train/train-00000.jsonl"), bad.out());

    Run other = CliTest.prism("corpus", "verify", out.toString(), "--expect-pin", "0".repeat(40), "--split", "val");
    assertEquals(1, other.exit());
    assertTrue(other.out().contains("dataset pin_sha mismatch"), other.out());
  }

  @Test
  void statsPrintsTheDataBlockOfTheScoredPass() throws IOException {
    Path train = Files.createDirectories(tmp.resolve("data/train"));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      sb.append("{\"id\":\"d").append(i).append("\",\"text\":\"abcdefghijklmnopqrst\"}\n");
    }
    Files.writeString(train.resolve("train-00000.jsonl"), sb.toString());
    String dir = tmp.resolve("data").toString();
    Run r = CliTest.prism("corpus", "stats", "--data", dir, "--seq-len", "16", "--batch-size", "2", "--step-budget", "2");
    assertEquals(0, r.exit(), r.err());
    assertEquals("{\n"
        + "  \"available_bytes\": " + Files.size(train.resolve("train-00000.jsonl")) + ",\n"
        + "  \"consumed_batches\": 2,\n"
        + "  \"consumed_documents\": 4,\n"
        + "  \"consumed_offsets\": 4,\n"
        + "  \"covered_bytes\": 64,\n"
        + "  \"covered_bytes_cumulative\": [\n    32.0,\n    64.0\n  ],\n"
        + "  \"data_dir\": \"" + dir + "\",\n"
        + "  \"distinct_offsets\": 4,\n"
        + "  \"predicted_tokens\": 60,\n"
        + "  \"random_token_fallback\": false,\n"
        + "  \"shard_count\": 1,\n"
        + "  \"single_pass\": true,\n"
        + "  \"source\": \"locked-fineweb-edu-train\",\n"
        + "  \"stopped_reason\": \"step_budget\"\n"
        + "}\n", r.out());

    Run gpt2 = CliTest.prism("corpus", "stats", "--data", dir, "--tokenizer", "gpt2", "--seq-len", "4", "--batch-size", "1");
    assertEquals(0, gpt2.exit(), gpt2.err());
    JsonNode g = new ObjectMapper().readTree(gpt2.out());
    assertEquals("data_exhausted", g.get("stopped_reason").asText());
    assertEquals(6, g.get("consumed_documents").asInt());

    Run missing = CliTest.prism("corpus", "stats", "--data", tmp.resolve("nope").toString());
    assertEquals(2, missing.exit());
    assertEquals("prism corpus stats: locked train data path is missing: " + tmp.resolve("nope")
        + " (no random-token fallback)", missing.err().strip());
  }
}

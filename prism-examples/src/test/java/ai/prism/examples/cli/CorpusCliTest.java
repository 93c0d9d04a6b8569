package ai.prism.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

  /** A corpus prepared by {@code corpus prepare} (default pin) from 200 small text documents. */
  private Path preparedCorpus() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      sb.append("{\"id\":\"doc").append(i).append("\",\"text\":\"Document ").append(i).append(" caf\u00e9.\"}\n");
    }
    Files.writeString(in.resolve("docs.jsonl"), sb.toString());
    Path out = tmp.resolve("corpus");
    Run prep = CliTest.prism("corpus", "prepare", "--input", in.resolve("docs.jsonl").toString(), "--out", out.toString(),
        "--docs-per-shard", "64");
    assertEquals(0, prep.exit(), prep.err());
    return out;
  }

  @Test
  void streamingCommandsVerifyTheManifestFirst() throws IOException {
    Path root = preparedCorpus();
    String data = root.toString();
    String train = root.resolve("train").toString();
    Run intact = CliTest.prism("corpus", "stats", "--data", data);
    assertEquals(0, intact.exit(), intact.err());
    assertEquals(0, CliTest.prism("corpus", "stats", "--data", train).exit());

    Path shard = root.resolve("train/train-00001.jsonl");
    Files.writeString(shard, Files.readString(shard).replace("Document", "Dokument"));
    String expected = "locked dataset integrity check failed: sha256 mismatch for train/train-00001.jsonl: manifest ";
    for (String dir : List.of(data, train)) {
      Run stats = CliTest.prism("corpus", "stats", "--data", dir);
      assertEquals(2, stats.exit(), stats.err());
      assertEquals("", stats.out());
      assertTrue(stats.err().startsWith("prism corpus stats: " + expected), stats.err());
    }
    Run evaluate = CliTest.prism("evaluate", "--arch", "bigram", "--data", train, "--out", tmp.resolve("out").toString());
    assertEquals(2, evaluate.exit(), evaluate.err());
    assertTrue(evaluate.err().startsWith("prism evaluate: " + expected), evaluate.err());
    assertEquals("", evaluate.out());
    assertFalse(Files.exists(tmp.resolve("out")), "nothing was run");

    Run unchecked = CliTest.prism("corpus", "stats", "--data", train, "--no-verify");
    assertEquals(0, unchecked.exit(), unchecked.err());
    assertEquals(intact.out().replace(data, train), unchecked.out(), "same bytes, same lengths: same data block");

    // The val split that held-out would read is checked too; --no-heldout does not read it.
    Files.writeString(shard, Files.readString(shard).replace("Dokument", "Document"));
    Path val = root.resolve("val/val-00000.jsonl");
    Files.writeString(val, Files.readString(val) + "\n");
    Run heldout = CliTest.prism("evaluate", "--arch", "bigram", "--data", train, "--out", tmp.resolve("out").toString());
    assertEquals(2, heldout.exit(), heldout.err());
    assertTrue(heldout.err().contains("sha256 mismatch for val/val-00000.jsonl"), heldout.err());
    assertEquals(0, CliTest.prism("corpus", "stats", "--data", data).exit(), "stats reads train only");
  }

  @Test
  void theStreamMayReadOnlyListedShardsOfTheExpectedPin() throws IOException {
    Path root = preparedCorpus();
    Run otherPin = CliTest.prism("corpus", "stats", "--data", root.toString(), "--expect-pin", "0".repeat(40));
    assertEquals(2, otherPin.exit());
    assertTrue(otherPin.err().startsWith("prism corpus stats: locked dataset integrity check failed: dataset pin_sha mismatch"),
        otherPin.err());
    // The runner's discovery prefers *.jsonl at the root over train/: a stray file there would be streamed.
    Files.writeString(root.resolve("stray.jsonl"), "{\"text\":\"not in the manifest\"}\n");
    Run stray = CliTest.prism("corpus", "stats", "--data", root.toString());
    assertEquals(2, stray.exit());
    assertEquals("prism corpus stats: locked dataset integrity check failed: shard streamed as train is not listed in "
        + "MANIFEST.json: stray.jsonl", stray.err().strip());
    assertEquals(0, CliTest.prism("corpus", "stats", "--data", root.toString(), "--no-verify").exit());
  }

  @Test
  void aCorpusWithoutManifestStreamsUnchecked() throws IOException {
    Path root = preparedCorpus();
    Files.delete(root.resolve("MANIFEST.json"));
    Path shard = root.resolve("train/train-00000.jsonl");
    Files.writeString(shard, Files.readString(shard) + "{\"text\":\"appended\"}\n");
    Run stats = CliTest.prism("corpus", "stats", "--data", root.resolve("train").toString());
    assertEquals(0, stats.exit(), stats.err());
    assertEquals("data_exhausted", new ObjectMapper().readTree(stats.out()).get("stopped_reason").asText());
  }

  @Test
  void textFilesWithTheSameIdAreRefusedNamingBothSources() throws IOException {
    Path a = Files.createDirectories(tmp.resolve("a/books"));
    Path b = Files.createDirectories(tmp.resolve("b/books"));
    Files.writeString(a.resolve("x.txt"), "first");
    Files.writeString(b.resolve("x.txt"), "second");
    Files.writeString(tmp.resolve("a/readme.txt"), "one");
    Files.writeString(tmp.resolve("b/readme.txt"), "two");
    Path out = tmp.resolve("out");
    Run dirs = CliTest.prism("corpus", "prepare", "--input", a.toString(), b.toString(), "--out", out.toString());
    assertEquals(2, dirs.exit());
    assertEquals("prism corpus prepare: document id 'books/x.txt' of " + b.resolve("x.txt") + " is also the id of a"
        + " document from " + a.resolve("x.txt") + " (a text file's id is its path relative to the input's parent"
        + " directory: rename one, or give one --input that contains both)", dirs.err().strip());
    assertFalse(Files.exists(out), "nothing written");
    Run files = CliTest.prism("corpus", "prepare", "--input", tmp.resolve("a/readme.txt").toString(),
        tmp.resolve("b/readme.txt").toString(), "--out", out.toString(), "--text-unit", "paragraph");
    assertEquals(2, files.exit());
    assertTrue(files.err().contains("document id 'readme.txt#0' of " + tmp.resolve("b/readme.txt")), files.err());

    // A JSONL document may not take a text file's id either; JSONL duplicates keep the first text.
    Path jsonl = tmp.resolve("docs.jsonl");
    Files.writeString(jsonl, "{\"id\":\"books/x.txt\",\"text\":\"j\"}\n");
    Run mixed = CliTest.prism("corpus", "prepare", "--input", a.toString(), jsonl.toString(), "--out", out.toString());
    assertEquals(2, mixed.exit());
    assertTrue(mixed.err().contains("document id 'books/x.txt' of " + jsonl + ":1 is also the id of a document from "
        + a.resolve("x.txt")), mixed.err());
    Files.writeString(jsonl, "{\"id\":\"d\",\"text\":\"first\"}\n{\"id\":\"d\",\"text\":\"second\"}\n");
    Path other = Files.writeString(tmp.resolve("other.jsonl"), "{\"id\":\"d\",\"text\":\"third\"}\n");
    Run dedupe = CliTest.prism("corpus", "prepare", "--input", jsonl.toString(), other.toString(), a.toString(),
        "--out", out.toString(), "--text-unit", "paragraph");
    assertEquals(0, dedupe.exit(), dedupe.err());
    List<LockedDocument> all = new ArrayList<>();
    for (String split : Partition.SPLITS) {
      try (var d = LockedCorpus.documents(out, split)) {
        d.forEachRemaining(all::add);
      }
    }
    assertEquals(List.of("books/x.txt#0=first", "d=first"),
        all.stream().map(d -> d.id() + "=" + d.text()).sorted().toList());
  }
}

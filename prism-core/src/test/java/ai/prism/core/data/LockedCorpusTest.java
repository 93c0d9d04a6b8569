package ai.prism.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The locked-dataset cases of spec §9.3 (the reference's test_prism_dataset_locked.py and
 * test_prism_dataset_manifest_pin_partition.py), and the map of every other §9.3 case.
 *
 * <p>Here: bucket boundaries and the full-digest bucket; prep of 2 000 docs; manifest contents;
 * listed shards = disk, clean verify; shuffled prep is identical; a flipped byte, an extra and a
 * deleted shard named; multi-shard iteration order and offsets; the train dir loaded directly;
 * a missing manifest; a tampered pin (also when only train is verified); a widened bucket or
 * modulus. Elsewhere: the reference tokenizers' offline cases ({@code n_vocab} 50 257 and round
 * trip, llama from {@code tokenizer.json}, the environment fallback, the unknown-name, missing-model
 * and no-directory errors) in prism-tokenizers' {@code ReferenceTokenizersTest}; "both load via the
 * context" and "gpt2 loads on the runner path" in prism-tokenizers' {@code ContextTokenizerTest};
 * the runner budgets, the miner-tokenizer basis and the two-shard offsets in
 * {@code ai.prism.core.run.CaptureSemanticsTest}.
 *
 * <p>Not applicable, with the reason:
 * <ul>
 *   <li>"download without the {@code datasets} package ⇒ error mentioning {@code datasets}": there is
 *       no download layer; corpora are prepared from local files ({@code prism corpus prepare}), so
 *       no Python package or network access can be missing.
 *   <li>Reference-tokenizer staging (gpt2 cache and llama model staged, llama sha256 pinned, staging
 *       idempotent; the reference's tests need the network): nothing is ever staged or downloaded.
 *       gpt2's ranks ship inside the jtokkit jar and llama is read from a {@code tokenizer.json} the
 *       operator puts in place.
 *   <li>"Evaluator image sets {@code HF_HUB_OFFLINE}, {@code HF_DATASETS_OFFLINE}, {@code
 *       TRANSFORMERS_OFFLINE}, {@code TIKTOKEN_CACHE_DIR}, installs sentencepiece and bakes the
 *       tokenizers": there is no evaluator image, and none of the Python libraries those settings
 *       configure (huggingface_hub, datasets, transformers, tiktoken, sentencepiece) is used; DJL,
 *       the only library here that can download, runs with {@code ai.djl.offline=true} in the CLI
 *       and in tests.
 *   <li>"The reference-tokenizer module stays importable through the shadowed interface package":
 *       the Java runner installs no shadow module. The roles get the runner's context object itself,
 *       and bundle code reaches the reference tokenizers only through {@code ctx.referenceTokenizer},
 *       which {@code ContextTokenizerTest} covers.
 * </ul>
 */
class LockedCorpusTest {

  private static final Pattern SHA256 = Pattern.compile("^[a-f0-9]{64}$");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path tmp;

  private Path prep(int n, int docsPerShard) {
    LockedCorpusWriter.builder(CorpusFixtures.WORD_COUNTER).docsPerShard(docsPerShard)
        .sourceDocLimit((long) n).build().write(CorpusFixtures.docs(n), tmp);
    return tmp;
  }

  @Test
  void bucketBoundariesAreFixed() {
    assertEquals("train", Partition.splitOf(0));
    assertEquals("train", Partition.splitOf(949));
    assertEquals("val", Partition.splitOf(950));
    assertEquals("val", Partition.splitOf(974));
    assertEquals("test", Partition.splitOf(975));
    assertEquals("test", Partition.splitOf(999));
    assertEquals("partition bucket 1000 out of range [0, 1000)",
        assertThrows(LockedDatasetException.class, () -> Partition.splitOf(1000)).getMessage());
    assertEquals("partition bucket -1 out of range [0, 1000)",
        assertThrows(LockedDatasetException.class, () -> Partition.splitOf(-1)).getMessage());
  }

  @Test
  void bucketIsTheFullDigestModThousand() {
    // sha256("doc-000123") as a 256-bit integer mod 1000, computed with Python.
    int bucket = Partition.bucket("doc-000123");
    assertEquals(bucket, Partition.bucket("doc-000123"));
    assertTrue(bucket >= 0 && bucket < 1000);
    assertEquals(Partition.splitOf(bucket), Partition.assign("doc-000123"));
    assertEquals(0, Partition.bucket("doc-000123") - pythonBucket("doc-000123"));
  }

  /** Independent check: the hex digest parsed as a BigInteger, mod 1000. */
  private static int pythonBucket(String id) {
    return new java.math.BigInteger(Partition.sha256Hex(id), 16).mod(java.math.BigInteger.valueOf(1000)).intValue();
  }

  @Test
  void prepOf2000DocsGivesThreeDisjointNonEmptySplits() {
    Path root = prep(2000, 64);
    Map<String, Set<String>> ids = new LinkedHashMap<>();
    for (String split : Partition.SPLITS) {
      List<Path> shards = LockedCorpus.splitFiles(root.resolve(split), split);
      assertFalse(shards.isEmpty(), split + " produced no shards");
      Set<String> set = new HashSet<>();
      try (SplitDocuments docs = LockedCorpus.documents(root, split)) {
        docs.forEachRemaining(d -> set.add(d.id()));
      }
      ids.put(split, set);
      for (String id : set) {
        assertEquals(split, Partition.splitOf(Partition.bucket(id)));
      }
    }
    assertTrue(ids.values().stream().noneMatch(Set::isEmpty));
    assertEquals(2000, ids.values().stream().mapToInt(Set::size).sum());
    assertTrue(Collections.disjoint(ids.get("train"), ids.get("val")));
    assertTrue(Collections.disjoint(ids.get("train"), ids.get("test")));
    assertTrue(Collections.disjoint(ids.get("val"), ids.get("test")));
  }

  @Test
  void manifestCarriesPinProvenanceAndTotals() throws IOException {
    Path root = prep(600, 64);
    JsonNode payload = MAPPER.readTree(root.resolve("MANIFEST.json").toFile());
    assertEquals("87f09149ef4734204d70ed1d046ddc9ca3f2b8f9", payload.at("/dataset/pin_sha").asText());
    assertEquals("HuggingFaceFW/fineweb-edu", payload.at("/dataset/name").asText());
    assertEquals("odc-by", payload.at("/dataset/license").asText());
    assertEquals(600, payload.at("/dataset/source_doc_limit").asInt());
    assertEquals("{\"buckets\":{\"test\":[975,999],\"train\":[0,949],\"val\":[950,974]},\"hash\":\"sha256\","
        + "\"key\":\"doc.id\",\"modulus\":1000}", PythonJson.compact(payload.get("partition"), true));
    assertEquals("test-tokenizer", payload.at("/tokenizer/id").asText());
    assertTrue(SHA256.matcher(payload.at("/tokenizer/fingerprint").asText()).matches());
    for (String split : Partition.SPLITS) {
      JsonNode s = payload.get("splits").get(split);
      assertTrue(SHA256.matcher(s.get("fingerprint").asText()).matches());
      long docs = 0;
      long tokens = 0;
      long bytes = 0;
      for (JsonNode shard : s.get("shards")) {
        docs += shard.get("doc_count").asLong();
        tokens += shard.get("token_count").asLong();
        bytes += shard.get("bytes").asLong();
      }
      assertEquals(docs, s.get("doc_count").asLong());
      assertEquals(tokens, s.get("token_count").asLong());
      assertEquals(bytes, s.get("byte_count").asLong());
      assertTrue(tokens > 0);
    }
  }

  @Test
  void listedShardsMatchDiskAndVerifyIsClean() throws IOException {
    Path root = prep(600, 64);
    LockedCorpus corpus = LockedCorpus.open(root);
    assertEquals(List.of(), corpus.verify());
    Set<Path> listed = new HashSet<>();
    for (LockedSplit split : corpus.manifest().splits().values()) {
      for (LockedShard shard : split.shards()) {
        Path p = root.resolve(shard.path());
        assertEquals(shard.sha256(), Partition.hex(Partition.sha256(Files.readAllBytes(p))));
        listed.add(p);
      }
    }
    Set<Path> onDisk = new HashSet<>();
    for (String split : Partition.SPLITS) {
      onDisk.addAll(LockedCorpus.splitFiles(root.resolve(split), split));
    }
    assertEquals(onDisk, listed);
  }

  @Test
  void prepIsDeterministicAndOrderIndependent() throws IOException {
    List<SourceDocument> docs = CorpusFixtures.docs(800);
    List<SourceDocument> shuffled = new ArrayList<>(docs);
    Collections.shuffle(shuffled, new Random(7));
    LockedCorpusWriter writer = LockedCorpusWriter.builder(CorpusFixtures.WORD_COUNTER).docsPerShard(64).build();
    writer.write(docs, tmp.resolve("run1"));
    writer.write(shuffled, tmp.resolve("run2"));
    assertEquals(Files.readString(tmp.resolve("run1/MANIFEST.json")), Files.readString(tmp.resolve("run2/MANIFEST.json")));
  }

  @Test
  void matchesTheReferencePrepByteForByte() throws Exception {
    // parity/prep/MANIFEST.json was written by the reference's prepare_locked_dataset on this very
    // document set (tools/reference-parity/gen_prep.py): shard hashes imply identical shard bytes.
    List<SourceDocument> docs = new ArrayList<>(CorpusFixtures.docs(600));
    String[] specials = {"caf\u00e9 cr\u00e8me", "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8",
        "emoji \uD83D\uDE00 x", "quote \" backslash \\ slash /", "ctrl \u0001\u001f tab\t nl\n cr\r ff\f bs\b",
        "del \u007f u2028 \u2028 nbsp \u00a0", ""};
    for (int i = 0; i < specials.length; i++) {
      docs.add(new SourceDocument((i % 2 == 1 ? "\u00e9-" : "\uD83D\uDE00-") + i, specials[i]));
    }
    docs.add(new SourceDocument("doc-000001", "duplicate id: the first text wins"));
    LockedCorpusWriter.builder(CorpusFixtures.WORD_COUNTER).docsPerShard(64).sourceDocLimit(600L).build()
        .write(docs, tmp);
    Path expected = Path.of(getClass().getResource("/parity/prep/MANIFEST.json").toURI());
    assertEquals(Files.readString(expected), Files.readString(tmp.resolve("MANIFEST.json")));
    String firstTrain = Files.readString(tmp.resolve("train/train-00000.jsonl"));
    assertTrue(firstTrain.contains("{\"id\":\"doc-000001\",\"text\":\"Document number 1 about"));
  }

  @Test
  void flippedByteIsReportedAndStrictOpenRaises() throws IOException {
    Path root = prep(300, 64);
    Path shard = LockedCorpus.splitFiles(root.resolve("train"), "train").get(0);
    byte[] bytes = Files.readAllBytes(shard);
    bytes[0] ^= (byte) 0xFF;
    Files.write(shard, bytes);
    List<String> problems = LockedCorpus.open(root, false, null).verify();
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).startsWith("sha256 mismatch for train/train-00000.jsonl: manifest "), problems.get(0));
    IntegrityException e = assertThrows(IntegrityException.class, () -> LockedCorpus.open(root));
    assertEquals("train/train-00000.jsonl", e.shard());
    assertTrue(e.getMessage().startsWith("locked dataset integrity check failed: sha256 mismatch for train/train-00000.jsonl"));
  }

  @Test
  void sizeMismatchIsReportedWithBothCounts() throws IOException {
    Path root = prep(300, 64);
    Path shard = root.resolve("val/val-00000.jsonl");
    Files.write(shard, "{\"id\":\"x\",\"text\":\"y\"}\n".getBytes(StandardCharsets.UTF_8),
        java.nio.file.StandardOpenOption.APPEND);
    LockedShard listed = LockedCorpus.open(root, false, null).manifest().splits().get("val").shards().get(0);
    List<String> problems = LockedCorpus.open(root, false, null).verify();
    assertEquals("byte-count mismatch for val/val-00000.jsonl: manifest " + listed.bytes() + " != on-disk "
        + (listed.bytes() + 22), problems.get(1));
    assertEquals("val/val-00000.jsonl", assertThrows(IntegrityException.class, () -> LockedCorpus.open(root)).shard());
  }

  @Test
  void extraAndMissingShardsAreNamed() throws IOException {
    Path root = prep(300, 64);
    LockedCorpus corpus = LockedCorpus.open(root);
    Path extra = root.resolve("train/train-99999.jsonl");
    Files.writeString(extra, "{\"id\":\"x\",\"text\":\"y\"}\n");
    assertEquals(List.of("unlisted shard on disk: train/train-99999.jsonl"), corpus.verify());
    Files.delete(extra);
    assertEquals(List.of(), corpus.verify());
    Files.delete(root.resolve("train/train-00000.jsonl"));
    assertEquals(List.of("listed shard missing on disk: train/train-00000.jsonl"), corpus.verify());
  }

  @Test
  void multiShardIterationIsRepeatableInManifestOrderWithContiguousOffsets() {
    Path root = prep(2000, 16);
    LockedCorpus corpus = LockedCorpus.open(root);
    List<String> shardPaths = corpus.shardPaths("train");
    assertTrue(shardPaths.size() > 1);
    List<LockedDocument> first = read(corpus.documents("train"));
    List<LockedDocument> second = read(corpus.documents("train"));
    assertEquals(first, second);
    List<String> order = new ArrayList<>();
    Map<String, List<Long>> offsets = new LinkedHashMap<>();
    for (LockedDocument d : first) {
      if (order.isEmpty() || !order.get(order.size() - 1).equals(d.shard())) {
        order.add(d.shard());
      }
      offsets.computeIfAbsent(d.shard(), k -> new ArrayList<>()).add(d.offset());
    }
    assertEquals(shardPaths, order);
    // The runner's discovery over root/train sees the manifest's shards in the same order.
    assertEquals(shardPaths.stream().map(root::resolve).toList(), corpus.trainShards().files());
    for (List<Long> o : offsets.values()) {
      for (int i = 0; i < o.size(); i++) {
        assertEquals(i, o.get(i));
      }
    }
    for (int i = 0; i < first.size(); i++) {
      assertEquals(i, first.get(i).index());
    }
  }

  @Test
  void loadingTheTrainDirDirectlyGivesTheSameTexts() {
    Path root = prep(400, 64);
    List<String> direct = read(LockedCorpus.documents(root.resolve("train"), "train")).stream().map(LockedDocument::text).toList();
    List<String> viaRoot = read(LockedCorpus.documents(root, "train")).stream().map(LockedDocument::text).toList();
    assertFalse(direct.isEmpty());
    assertEquals(viaRoot, direct);
    assertTrue(direct.stream().allMatch(t -> !t.isEmpty()));
    // Offsets name the shard relative to the given root.
    assertEquals("train-00000.jsonl", read(LockedCorpus.documents(root.resolve("train"), "train")).get(0).shard());
    assertEquals("train/train-00000.jsonl", read(LockedCorpus.documents(root, "train")).get(0).shard());
  }

  @Test
  void missingManifestAndSplitAreLockedDatasetErrors() {
    assertEquals("locked dataset manifest not found: " + tmp.resolve("MANIFEST.json"),
        assertThrows(LockedDatasetException.class, () -> LockedManifest.load(tmp)).getMessage());
    assertEquals("locked split 'val' not found under " + tmp,
        assertThrows(LockedDatasetException.class, () -> LockedCorpus.documents(tmp, "val")).getMessage());
  }

  private void rewriteManifest(Path root, Consumer<ObjectNode> mutate) throws IOException {
    ObjectNode payload = (ObjectNode) MAPPER.readTree(root.resolve("MANIFEST.json").toFile());
    mutate.accept(payload);
    Files.writeString(root.resolve("MANIFEST.json"), PythonJson.indented(payload) + "\n");
  }

  @Test
  void tamperedPinIsRefusedEvenWhenOnlyTrainIsChecked() throws IOException {
    Path root = prep(500, 64);
    rewriteManifest(root, p -> ((ObjectNode) p.get("dataset")).put("pin_sha", "f".repeat(40)));
    LockedCorpus corpus = LockedCorpus.open(root, false, null);
    String expected = "dataset pin_sha mismatch: manifest '" + "f".repeat(40)
        + "' != expected '87f09149ef4734204d70ed1d046ddc9ca3f2b8f9'";
    assertEquals(List.of(expected), corpus.verify(LockedManifest.FINEWEB_EDU_PIN_SHA, List.of("train")));
    IntegrityException e = assertThrows(IntegrityException.class, () -> LockedCorpus.open(root));
    assertEquals(null, e.shard());
    assertEquals(List.of(), corpus.verify("f".repeat(40), Partition.SPLITS));
  }

  @Test
  void widenedBucketOrModulusIsAPartitionProblem() throws IOException {
    Path root = prep(500, 64);
    rewriteManifest(root, p -> ((ObjectNode) p.at("/partition/buckets")).putArray("train").add(0).add(998));
    assertTrue(LockedCorpus.open(root, false, null).verify().get(0).startsWith("partition spec mismatch: manifest "));
    rewriteManifest(root, p -> {
      ((ObjectNode) p.at("/partition/buckets")).putArray("train").add(0).add(949);
      ((ObjectNode) p.get("partition")).put("modulus", 500);
    });
    assertTrue(LockedCorpus.open(root, false, null).verify().get(0).contains("partition"));
  }

  @Test
  void verificationTextsAndPythonEqualityMatchTheReference() throws IOException {
    // Expected texts printed by the reference's verify_locked_manifest on the same tampering.
    Path root = prep(300, 64);
    rewriteManifest(root, p -> {
      ((ObjectNode) p.get("dataset")).putNull("pin_sha");
      ((ObjectNode) p.get("partition")).put("modulus", 500);
      ((ObjectNode) p.at("/partition/buckets")).putArray("train").add(false).add(949.0);
    });
    List<String> problems = LockedCorpus.open(root, false, null)
        .verify(LockedManifest.FINEWEB_EDU_PIN_SHA, List.of("train", "nope"));
    assertEquals(List.of(
        "dataset pin_sha mismatch: manifest None != expected '87f09149ef4734204d70ed1d046ddc9ca3f2b8f9'",
        "partition spec mismatch: manifest {'buckets': {'test': [975, 999], 'train': [False, 949.0], "
            + "'val': [950, 974]}, 'hash': 'sha256', 'key': 'doc.id', 'modulus': 500} != canonical "
            + "{'hash': 'sha256', 'key': 'doc.id', 'modulus': 1000, 'buckets': {'train': [0, 949], "
            + "'val': [950, 974], 'test': [975, 999]}}",
        "split 'nope' missing from manifest"), problems);
    rewriteManifest(root, p -> ((ObjectNode) p.get("partition")).put("modulus", 1000.0));
    // False == 0 and 949.0 == 949 in Python: the partition is canonical again.
    assertEquals(List.of("dataset pin_sha mismatch: manifest None != expected '87f09149ef4734204d70ed1d046ddc9ca3f2b8f9'"),
        LockedCorpus.open(root, false, null).verify());
  }

  @Test
  void splitFingerprintDriftIsReported() throws IOException {
    Path root = prep(300, 64);
    rewriteManifest(root, p -> ((ObjectNode) p.at("/splits/test")).put("fingerprint", "0".repeat(64)));
    assertEquals(List.of("split fingerprint mismatch for test"), LockedCorpus.open(root, false, null).verify());
  }

  @Test
  void manifestParseErrorsUseTheReferenceMessages() throws IOException {
    Path root = prep(100, 64);
    String good = Files.readString(root.resolve("MANIFEST.json"));
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("[1]", "locked manifest must be a JSON object");
    cases.put("{\"schema_version\": \"v0\"}", "unexpected manifest schema_version 'v0'; expected 'prism_locked_data.v1'");
    cases.put("{}", "unexpected manifest schema_version None; expected 'prism_locked_data.v1'");
    cases.put("{\"schema_version\": \"prism_locked_data.v1\", \"dataset\": {}}", "locked manifest is missing dataset.pin_sha");
    cases.put("{\"schema_version\": \"prism_locked_data.v1\", \"dataset\": {\"pin_sha\": 1}, \"splits\": []}",
        "locked manifest is missing splits");
    cases.put("{\"schema_version\": \"prism_locked_data.v1\", \"dataset\": {\"pin_sha\": 1}, \"splits\": {\"train\": []}}",
        "invalid split 'train' in manifest");
    cases.put("{\"schema_version\": \"prism_locked_data.v1\", \"dataset\": {\"pin_sha\": 1}, \"splits\": {\"val\": "
        + "{\"shards\": [{\"path\": \"p\", \"sha256\": \"s\", \"bytes\": \"x\"}]}}}",
        "invalid shard entry in manifest: {'path': 'p', 'sha256': 's', 'bytes': 'x'}");
    cases.put("{\"schema_version\": \"prism_locked_data.v1\", \"dataset\": {\"pin_sha\": 1}, \"splits\": {\"val\": "
        + "{\"shards\": \"ab\"}}}", "invalid shard entry in manifest: 'a'");
    cases.put("{\"schema_version\": \"prism_locked_data.v1\", \"dataset\": {\"pin_sha\": 1}, \"splits\": {\"test\": "
        + "{\"shards\": [], \"doc_count\": 1, \"token_count\": \"2\", \"byte_count\": 3.9}}}",
        "invalid split 'test' in manifest");
    // int("\x1c1") raises in Python (only ASCII whitespace is stripped around a numeral).
    cases.put("{\"schema_version\": \"prism_locked_data.v1\", \"dataset\": {\"pin_sha\": 1}, \"splits\": {\"test\": "
        + "{\"shards\": [], \"doc_count\": \"\\u001c1\", \"token_count\": 2, \"byte_count\": 3}}}",
        "invalid split 'test' in manifest");
    cases.put("{not json", "locked dataset manifest is not valid JSON: " + root.resolve("MANIFEST.json"));
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Files.writeString(root.resolve("MANIFEST.json"), c.getKey());
      assertEquals(c.getValue(), assertThrows(LockedDatasetException.class, () -> LockedManifest.load(root)).getMessage(),
          c.getKey());
    }
    // int("2") and int(3.9) succeed in Python: only the missing fingerprint fails here.
    Files.writeString(root.resolve("MANIFEST.json"), "{\"schema_version\": \"prism_locked_data.v1\", \"dataset\": "
        + "{\"pin_sha\": 1}, \"splits\": {\"test\": {\"shards\": [], \"doc_count\": 1, \"token_count\": \" 2 \", "
        + "\"byte_count\": 3.9, \"fingerprint\": 5}}}");
    LockedSplit test = LockedManifest.load(root).splits().get("test");
    assertEquals(new LockedSplit("test", List.of(), 1, 2, 3, "5"), test);
    Files.writeString(root.resolve("MANIFEST.json"), good);
    assertNotEquals(null, LockedCorpus.open(root));
  }

  @Test
  void strictLoaderErrors() throws IOException {
    Path dir = tmp.resolve("val");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("val-00000.jsonl"), "{\"id\":\"a\",\"text\":\"\"}\n\n{\"id\":1,\"text\":\"x\"}\n{\"text\":\"no id\"}\n");
    try (SplitDocuments docs = LockedCorpus.documents(tmp, "val")) {
      LockedDocument first = docs.next();
      assertEquals(new LockedDocument("a", "", "val/val-00000.jsonl", 0, 0), first);
      assertEquals(new LockedDocument("1", "x", "val/val-00000.jsonl", 1, 1), docs.next());
      assertEquals("malformed locked shard line val/val-00000.jsonl:2",
          assertThrows(LockedDatasetException.class, docs::next).getMessage());
    }
    Files.writeString(dir.resolve("val-00000.jsonl"), "{\"id\":\"a\",\"text\":[1]}\n");
    try (SplitDocuments docs = LockedCorpus.documents(tmp, "val")) {
      assertEquals("locked shard line val/val-00000.jsonl:0 has non-string text",
          assertThrows(LockedDatasetException.class, docs::next).getMessage());
    }
    Files.writeString(dir.resolve("val-00000.jsonl"), "{\"id\":{\"k\":[1.5,null,true]},\"text\":\"t\"}\n");
    try (SplitDocuments docs = LockedCorpus.documents(tmp, "val")) {
      assertEquals("{'k': [1.5, None, True]}", docs.next().id());
    }
  }

  @Test
  void strictLoaderRefusesLoneSurrogatesBrokenJsonAndOverLongLines() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("val"));
    Path shard = dir.resolve("val-00000.jsonl");
    Files.writeString(shard, "{\"id\":\"a\",\"text\":\"ok\"}\n{\"id\":\"b\",\"text\":\"x \\ud800 y\"}\n");
    try (SplitDocuments docs = LockedCorpus.documents(tmp, "val")) {
      assertEquals("ok", docs.next().text());
      ShardFormatException e = assertThrows(ShardFormatException.class, docs::next);
      assertEquals(ShardFormatException.Kind.LONE_SURROGATE, e.kind());
      assertEquals("val/val-00000.jsonl", e.shard());
      assertEquals(1, e.lineIndex());
      assertEquals("document text in shard val/val-00000.jsonl line 2 (offset 1) has a lone surrogate: \\ud800 at char 2 of 5",
          e.getMessage());
    }

    Files.writeString(shard, "{\"id\":\"a\",\"text\":\"ok\"}\n{\"id\":\"b\",\"text\":\"cut\"\n");
    try (SplitDocuments docs = LockedCorpus.documents(tmp, "val")) {
      docs.next();
      assertEquals("malformed locked shard line val/val-00000.jsonl:1",
          assertThrows(LockedDatasetException.class, docs::next).getMessage());
    }

    String longLine = "{\"id\":\"b\",\"text\":\"" + "y".repeat(100) + "\"}";
    Files.writeString(shard, "{\"id\":\"a\",\"text\":\"ok\"}\n\n" + longLine + "\n");
    try (SplitDocuments docs = LockedCorpus.documents(tmp, "val", 64)) {
      assertEquals("ok", docs.next().text());
      ShardFormatException e = assertThrows(ShardFormatException.class, docs::next);
      assertEquals(ShardFormatException.Kind.LINE_TOO_LONG, e.kind());
      assertEquals("val/val-00000.jsonl", e.shard());
      assertEquals(2, e.lineIndex());
      assertTrue(e.getMessage().startsWith("line too long in shard val/val-00000.jsonl line 3 (offset 2): more than 64 bytes"),
          e.getMessage());
    }
    try (SplitDocuments docs = LockedCorpus.documents(tmp, "val", longLine.length() + 1)) {
      docs.next();
      assertEquals("y".repeat(100), docs.next().text(), "a line within the bound is read");
    }
    assertThrows(IllegalArgumentException.class, () -> LockedCorpus.documents(tmp, "val", 0));
  }

  @Test
  void anOpenedCorpusLoadsWithTheGivenBound() {
    LockedCorpus corpus = LockedCorpus.open(prep(300, 64));
    try (SplitDocuments docs = corpus.documents("train", 16)) {
      ShardFormatException e = assertThrows(ShardFormatException.class, docs::next);
      assertEquals(ShardFormatException.Kind.LINE_TOO_LONG, e.kind());
      assertEquals("train/train-00000.jsonl", e.shard());
      assertEquals(0, e.lineIndex());
    }
  }

  @Test
  void strictLoaderDefaultBoundIs32MiB() throws IOException {
    Path shard = Files.createDirectories(tmp.resolve("val")).resolve("val-00000.jsonl");
    byte[] chunk = new byte[1 << 20];
    java.util.Arrays.fill(chunk, (byte) 'z');
    try (java.io.OutputStream out = Files.newOutputStream(shard)) {
      out.write("{\"id\":\"a\",\"text\":\"".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < 33; i++) {
        out.write(chunk);
      }
      out.write("\"}\n".getBytes(StandardCharsets.UTF_8));
    }
    try (SplitDocuments docs = LockedCorpus.documents(tmp, "val")) {
      ShardFormatException e = assertThrows(ShardFormatException.class, docs::next);
      assertEquals(ShardFormatException.Kind.LINE_TOO_LONG, e.kind());
      assertTrue(e.getMessage().contains("more than " + LockedCorpus.DEFAULT_MAX_LINE_BYTES + " bytes"), e.getMessage());
    }
  }

  @Test
  void aWrongRecordedSizeAloneIsReportedWithBothCounts() throws IOException {
    Path root = prep(300, 64);
    long actual = Files.size(root.resolve("val/val-00000.jsonl"));
    rewriteManifest(root, m -> ((ObjectNode) m.get("splits").get("val").get("shards").get(0)).put("bytes", actual + 7));
    assertEquals(List.of("byte-count mismatch for val/val-00000.jsonl: manifest " + (actual + 7) + " != on-disk " + actual),
        LockedCorpus.open(root, false, null).verify());
    IntegrityException e = assertThrows(IntegrityException.class, () -> LockedCorpus.open(root));
    assertEquals("val/val-00000.jsonl", e.shard());
    assertEquals(List.of("byte-count mismatch for val/val-00000.jsonl: manifest " + (actual + 7) + " != on-disk " + actual),
        e.problems());
  }

  @Test
  void writerRefusesBadIdsTextsShardSizesAndLoneSurrogates() {
    LockedCorpusWriter writer = LockedCorpusWriter.builder(CorpusFixtures.WORD_COUNTER).build();
    Path out = tmp.resolve("out");
    assertEquals("invalid document id: None", assertThrows(LockedDatasetException.class,
        () -> writer.write(List.of(new SourceDocument(null, "t")), out)).getMessage());
    assertEquals("invalid document id: ''", assertThrows(LockedDatasetException.class,
        () -> writer.write(List.of(new SourceDocument("", "t")), out)).getMessage());
    assertEquals("document 'd1' has non-string text", assertThrows(LockedDatasetException.class,
        () -> writer.write(List.of(new SourceDocument("d0", "t"), new SourceDocument("d1", null)), out)).getMessage());
    assertFalse(Files.exists(out), "nothing written before the documents are checked");
    for (int bad : new int[] {0, -1}) {
      assertEquals("docs_per_shard must be >= 1", assertThrows(LockedDatasetException.class,
          () -> LockedCorpusWriter.builder(CorpusFixtures.WORD_COUNTER).docsPerShard(bad)).getMessage());
    }
    assertEquals("document 'd\\ud800' cannot be encoded as UTF-8 (lone surrogate)", assertThrows(LockedDatasetException.class,
        () -> writer.write(List.of(new SourceDocument("d\ud800", "fine")), out)).getMessage());
    assertEquals("document 'x' cannot be encoded as UTF-8 (lone surrogate)", assertThrows(LockedDatasetException.class,
        () -> writer.write(List.of(new SourceDocument("x", "a \udc00 b")), out)).getMessage());
  }

  private static List<LockedDocument> read(SplitDocuments docs) {
    List<LockedDocument> out = new ArrayList<>();
    try (docs) {
      docs.forEachRemaining(out::add);
    }
    return out;
  }
}

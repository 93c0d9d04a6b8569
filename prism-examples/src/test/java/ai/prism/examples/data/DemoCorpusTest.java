package ai.prism.examples.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.data.LockedCorpus;
import ai.prism.core.data.LockedSplit;
import ai.prism.core.data.Partition;
import ai.prism.core.data.SourceDocument;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo corpus: size, splits, verification and byte-for-byte determinism. */
class DemoCorpusTest {

  @TempDir Path tmp;

  @Test
  void materializesAVerifiedDeterministicCorpus() throws Exception {
    LockedCorpus corpus = DemoCorpus.materialize(tmp.resolve("demo"));
    assertEquals(List.of(), corpus.verify(DemoCorpus.PIN_SHA, Partition.SPLITS));
    long bytes = 0;
    for (String split : Partition.SPLITS) {
      LockedSplit s = corpus.manifest().splits().get(split);
      assertTrue(s.docCount() > 0, split + " is empty");
      bytes += s.byteCount();
    }
    assertTrue(bytes >= 2_000_000, "demo corpus has " + bytes + " bytes");
    assertEquals(DemoCorpus.DOCUMENTS, corpus.manifest().splits().values().stream().mapToLong(LockedSplit::docCount).sum());
    // Pinned fingerprints: any change to the generator or its material must be deliberate.
    String manifest = Files.readString(tmp.resolve("demo/MANIFEST.json"));
    DemoCorpus.materialize(tmp.resolve("again"));
    assertEquals(manifest, Files.readString(tmp.resolve("again/MANIFEST.json")));
    assertEquals(EXPECTED_TRAIN_FINGERPRINT, corpus.manifest().splits().get("train").fingerprint());
    assertEquals("CC0-1.0", corpus.manifest().dataset().get("license").asText());
    // A second call on an intact corpus reuses it.
    long modified = Files.getLastModifiedTime(tmp.resolve("demo/train/train-00000.jsonl")).toMillis();
    DemoCorpus.materialize(tmp.resolve("demo"));
    assertEquals(modified, Files.getLastModifiedTime(tmp.resolve("demo/train/train-00000.jsonl")).toMillis());
  }

  @Test
  void textIsVariedEnglishProse() {
    List<SourceDocument> docs = DemoCorpus.documents();
    Set<String> sentences = new HashSet<>();
    long words = 0;
    for (SourceDocument d : docs) {
      assertTrue(d.text().getBytes(StandardCharsets.UTF_8).length > 300);
      for (String s : d.text().split("(?<=[.?!])\\s+")) {
        sentences.add(s);
      }
      words += d.text().split("\\s+").length;
    }
    assertTrue(sentences.size() > 5_000, "distinct sentences: " + sentences.size());
    assertTrue(words > 300_000, "words: " + words);
  }

  static final String EXPECTED_TRAIN_FINGERPRINT =
      "f33716350f4d3c2a78d0057923401c8309f686a9086e5509f03d77832549c212";
}

package ai.prism.core.data;

import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import ai.prism.core.json.PyJson;
import ai.prism.core.json.Python;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a locked corpus exactly as the reference's {@code prepare_locked_dataset} does (spec
 * §3.1): documents partitioned by {@code sha256(id) mod 1000}, de-duplicated per split (first text
 * wins), ids sorted by code point, chunked into {@code docs_per_shard} shards of compact sorted-key
 * JSON lines (non-ASCII kept), stale shards removed, then MANIFEST.json. Identical inputs in any
 * order give byte-identical output. Documents are held in memory until written.
 */
public final class LockedCorpusWriter {

  /** The reference's default shard size. */
  public static final int DEFAULT_DOCS_PER_SHARD = 1024;

  private final TokenCounter counter;
  private final int docsPerShard;
  private final String datasetName;
  private final String pinSha;
  private final String license;
  private final Long sourceDocLimit;

  private LockedCorpusWriter(Builder b) {
    this.counter = Objects.requireNonNull(b.counter, "a token counter is required");
    this.docsPerShard = b.docsPerShard;
    this.datasetName = b.datasetName;
    this.pinSha = b.pinSha;
    this.license = b.license;
    this.sourceDocLimit = b.sourceDocLimit;
  }

  /** A builder with the reference defaults (FineWeb-Edu identity, 1024 docs per shard). */
  public static Builder builder(TokenCounter counter) {
    return new Builder(counter);
  }

  /** Partitions, shards and writes {@code documents} under {@code outputDir}; returns the manifest. */
  public LockedManifest write(Iterable<SourceDocument> documents, Path outputDir) {
    Map<String, Map<String, String>> buckets = new LinkedHashMap<>();
    for (String split : Partition.SPLITS) {
      buckets.put(split, new HashMap<>());
    }
    for (SourceDocument doc : documents) {
      if (doc.id() == null || doc.id().isEmpty()) {
        throw new LockedDatasetException("invalid document id: "
            + (doc.id() == null ? "None" : Python.repr(doc.id())));
      }
      if (doc.text() == null) {
        throw new LockedDatasetException("document " + Python.repr(doc.id()) + " has non-string text");
      }
      buckets.get(Partition.assign(doc.id())).putIfAbsent(doc.id(), doc.text());
    }
    try {
      Files.createDirectories(outputDir);
      Map<String, List<LockedShard>> splits = new LinkedHashMap<>();
      for (String split : Partition.SPLITS) {
        splits.put(split, writeSplit(outputDir, split, buckets.get(split)));
      }
      LockedManifest manifest = LockedManifest.build(splits, counter.name(), counter.fingerprint(),
          pinSha, datasetName, license, sourceDocLimit);
      manifest.write(outputDir);
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write locked corpus under " + outputDir, e);
    }
  }

  private List<LockedShard> writeSplit(Path root, String split, Map<String, String> texts) throws IOException {
    Path dir = root.resolve(split);
    Files.createDirectories(dir);
    for (Path stale : LockedCorpus.splitFiles(dir, split)) {
      Files.deleteIfExists(stale);
    }
    List<String> ids = new ArrayList<>(texts.keySet());
    ids.sort(Python.CODE_POINT_ORDER);
    List<LockedShard> shards = new ArrayList<>();
    for (int start = 0, index = 0; start < ids.size(); start += docsPerShard, index++) {
      List<String> chunk = ids.subList(start, Math.min(ids.size(), start + docsPerShard));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long tokens = 0;
      for (String id : chunk) {
        String text = texts.get(id);
        tokens += counter.count(text);
        JsonObject line = new JsonObject(Map.of("id", new JsonString(id), "text", new JsonString(text)));
        String json = PyJson.dumps(line, PyJson.Style.COMPACT_UNICODE);
        if (PythonJson.firstLoneSurrogate(json) >= 0) {
          throw new LockedDatasetException("document " + Python.repr(id)
              + " cannot be encoded as UTF-8 (lone surrogate)");
        }
        out.write(json.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
      }
      byte[] data = out.toByteArray();
      String name = String.format("%s-%05d.jsonl", split, index);
      Files2.writeAtomically(dir.resolve(name), data);
      shards.add(new LockedShard(split + "/" + name, Partition.hex(Partition.sha256(data)), data.length,
          chunk.size(), tokens));
    }
    return shards;
  }

  /** Builder of {@link LockedCorpusWriter}. */
  public static final class Builder {
    private final TokenCounter counter;
    private int docsPerShard = DEFAULT_DOCS_PER_SHARD;
    private String datasetName = LockedManifest.FINEWEB_EDU_DATASET;
    private String pinSha = LockedManifest.FINEWEB_EDU_PIN_SHA;
    private String license = LockedManifest.FINEWEB_EDU_LICENSE;
    private Long sourceDocLimit;

    private Builder(TokenCounter counter) {
      this.counter = counter;
    }

    /** Documents per shard (at least 1). */
    public Builder docsPerShard(int docsPerShard) {
      if (docsPerShard < 1) {
        throw new LockedDatasetException("docs_per_shard must be >= 1");
      }
      this.docsPerShard = docsPerShard;
      return this;
    }

    /** {@code dataset.name}. */
    public Builder datasetName(String datasetName) {
      this.datasetName = Objects.requireNonNull(datasetName);
      return this;
    }

    /** {@code dataset.pin_sha}. */
    public Builder pinSha(String pinSha) {
      this.pinSha = Objects.requireNonNull(pinSha);
      return this;
    }

    /** {@code dataset.license}. */
    public Builder license(String license) {
      this.license = Objects.requireNonNull(license);
      return this;
    }

    /** {@code dataset.source_doc_limit}; null (the default) leaves it out. */
    public Builder sourceDocLimit(Long sourceDocLimit) {
      this.sourceDocLimit = sourceDocLimit;
      return this;
    }

    /** The writer. */
    public LockedCorpusWriter build() {
      return new LockedCorpusWriter(this);
    }
  }
}

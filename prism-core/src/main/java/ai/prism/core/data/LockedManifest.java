package ai.prism.core.data;

import ai.prism.core.json.Python;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The locked dataset's {@code MANIFEST.json} (schema {@code prism_locked_data.v1}, spec §3.2).
 * Parsing follows the reference: same checks, same order, same messages; {@code dataset},
 * {@code partition} and {@code tokenizer} are kept as parsed (they are compared and reported raw).
 */
public record LockedManifest(
    String schemaVersion, ObjectNode dataset, JsonNode partition, JsonNode tokenizer, Map<String, LockedSplit> splits) {

  /** The file name at the dataset root. */
  public static final String FILE_NAME = "MANIFEST.json";
  /** The schema string. */
  public static final String SCHEMA = "prism_locked_data.v1";
  /** The pinned dataset. */
  public static final String FINEWEB_EDU_DATASET = "HuggingFaceFW/fineweb-edu";
  /** The pinned, immutable dataset commit every reference verification expects. */
  public static final String FINEWEB_EDU_PIN_SHA = "87f09149ef4734204d70ed1d046ddc9ca3f2b8f9";
  /** The dataset licence. */
  public static final String FINEWEB_EDU_LICENSE = "odc-by";

  /** Validates and freezes the split map (canonical split order). */
  public LockedManifest {
    if (schemaVersion == null || dataset == null || partition == null || tokenizer == null || splits == null) {
      throw new IllegalArgumentException("every manifest component is required");
    }
    Map<String, LockedSplit> ordered = new LinkedHashMap<>();
    for (String name : Partition.SPLITS) {
      if (splits.containsKey(name)) {
        ordered.put(name, splits.get(name));
      }
    }
    splits = java.util.Collections.unmodifiableMap(ordered);
  }

  /** {@code dataset.pin_sha} as Python's {@code str()}. */
  public String pinSha() {
    return PythonJson.str(dataset.get("pin_sha"));
  }

  /** Builds a manifest as the reference's {@code build_locked_manifest} does. */
  public static LockedManifest build(
      Map<String, List<LockedShard>> shardsBySplit, String tokenizerId, String tokenizerFingerprint,
      String pinSha, String datasetName, String license, Long sourceDocLimit) {
    Map<String, LockedSplit> splits = new LinkedHashMap<>();
    for (String name : Partition.SPLITS) {
      splits.put(name, LockedSplit.of(name, shardsBySplit.getOrDefault(name, List.of())));
    }
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode dataset = f.objectNode();
    dataset.put("name", datasetName);
    dataset.put("pin_sha", pinSha);
    dataset.put("license", license);
    if (sourceDocLimit != null) {
      dataset.put("source_doc_limit", sourceDocLimit);
    }
    ObjectNode tokenizer = f.objectNode();
    tokenizer.put("id", tokenizerId);
    tokenizer.put("fingerprint", tokenizerFingerprint);
    return new LockedManifest(SCHEMA, dataset, Partition.spec(), tokenizer, splits);
  }

  /** Loads {@code root/MANIFEST.json} with the reference's errors. */
  public static LockedManifest load(Path root) {
    Path path = root.resolve(FILE_NAME);
    if (!Files.exists(path)) {
      throw new LockedDatasetException("locked dataset manifest not found: " + path);
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
    JsonNode payload = Text.firstInvalidUtf8(bytes, 0, bytes.length) >= 0
        ? null
        : JsonLines.readTree(bytes, 0, bytes.length, path.toString(), -1);
    if (payload == null) {
      throw new LockedDatasetException("locked dataset manifest is not valid JSON: " + path);
    }
    return parse(payload);
  }

  /** The reference's {@code parse_locked_manifest}. */
  public static LockedManifest parse(JsonNode payload) {
    if (payload == null || !payload.isObject()) {
      throw new LockedDatasetException("locked manifest must be a JSON object");
    }
    JsonNode schema = payload.get("schema_version");
    if (schema == null || !schema.isTextual() || !SCHEMA.equals(schema.textValue())) {
      throw new LockedDatasetException("unexpected manifest schema_version "
          + (schema == null ? "None" : PythonJson.repr(schema)) + "; expected '" + SCHEMA + "'");
    }
    JsonNode dataset = payload.get("dataset");
    if (dataset == null || !dataset.isObject() || !dataset.has("pin_sha")) {
      throw new LockedDatasetException("locked manifest is missing dataset.pin_sha");
    }
    JsonNode splitsPayload = payload.get("splits");
    if (splitsPayload == null || !splitsPayload.isObject()) {
      throw new LockedDatasetException("locked manifest is missing splits");
    }
    Map<String, LockedSplit> splits = new LinkedHashMap<>();
    for (String name : Partition.SPLITS) {
      if (splitsPayload.has(name)) {
        splits.put(name, parseSplit(name, splitsPayload.get(name)));
      }
    }
    JsonNode partition = payload.has("partition") ? payload.get("partition") : JsonNodeFactory.instance.objectNode();
    JsonNode tokenizer = payload.has("tokenizer") ? payload.get("tokenizer") : JsonNodeFactory.instance.objectNode();
    return new LockedManifest(schema.textValue(), (ObjectNode) dataset, partition, tokenizer, splits);
  }

  private static LockedSplit parseSplit(String name, JsonNode payload) {
    LockedDatasetException invalid = new LockedDatasetException(
        "invalid split " + Python.repr(name) + " in manifest");
    if (!payload.isObject() || !payload.has("shards")) {
      throw invalid;
    }
    List<LockedShard> shards = new ArrayList<>();
    for (JsonNode entry : pythonIteration(payload.get("shards"), invalid)) {
      shards.add(parseShard(entry));
    }
    Long docs = field(payload, "doc_count", invalid);
    Long tokens = field(payload, "token_count", invalid);
    Long bytes = field(payload, "byte_count", invalid);
    if (!payload.has("fingerprint")) {
      throw invalid;
    }
    return new LockedSplit(name, shards, docs, tokens, bytes, PythonJson.str(payload.get("fingerprint")));
  }

  /** What Python's {@code for x in value} yields for a JSON value (TypeError ⇒ {@code error}). */
  private static List<JsonNode> pythonIteration(JsonNode value, LockedDatasetException error) {
    List<JsonNode> items = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(items::add);
    } else if (value.isTextual()) {
      value.textValue().codePoints().forEach(cp -> items.add(TextNode.valueOf(new String(Character.toChars(cp)))));
    } else if (value.isObject()) {
      value.fieldNames().forEachRemaining(k -> items.add(TextNode.valueOf(k)));
    } else {
      throw error;
    }
    return items;
  }

  private static Long field(JsonNode payload, String key, LockedDatasetException error) {
    JsonNode v = payload.get(key);
    Long value = v == null ? null : PyValues.pyInt(v);
    if (value == null) {
      throw error;
    }
    return value;
  }

  private static LockedShard parseShard(JsonNode entry) {
    LockedDatasetException invalid = new LockedDatasetException(
        "invalid shard entry in manifest: " + PythonJson.repr(entry));
    if (!entry.isObject() || !entry.has("path") || !entry.has("sha256")) {
      throw invalid;
    }
    String path = PythonJson.str(entry.get("path"));
    String sha = PythonJson.str(entry.get("sha256"));
    return new LockedShard(path, sha, field(entry, "bytes", invalid), field(entry, "doc_count", invalid),
        field(entry, "token_count", invalid));
  }

  /** The reference's {@code to_dict()} as a JSON tree. */
  public ObjectNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put("schema_version", schemaVersion);
    root.set("dataset", dataset.deepCopy());
    root.set("partition", partition.deepCopy());
    root.set("tokenizer", tokenizer.deepCopy());
    ObjectNode splitsNode = root.putObject("splits");
    for (LockedSplit split : splits.values()) {
      ObjectNode s = splitsNode.putObject(split.name());
      s.put("doc_count", split.docCount());
      s.put("token_count", split.tokenCount());
      s.put("byte_count", split.byteCount());
      s.put("fingerprint", split.fingerprint());
      ArrayNode shards = s.putArray("shards");
      for (LockedShard shard : split.shards()) {
        ObjectNode e = shards.addObject();
        e.put("path", shard.path());
        e.put("sha256", shard.sha256());
        e.put("bytes", shard.bytes());
        e.put("doc_count", shard.docCount());
        e.put("token_count", shard.tokenCount());
      }
    }
    return root;
  }

  /** The file text: {@code json.dumps(indent=2, sort_keys=True) + "\n"}. */
  public String toFileText() {
    return PythonJson.indented(toJson()) + "\n";
  }

  /** Writes {@code root/MANIFEST.json} atomically and returns its path. */
  public Path write(Path root) {
    Path path = root.resolve(FILE_NAME);
    Files2.writeAtomically(path, toFileText().getBytes(StandardCharsets.UTF_8));
    return path;
  }

  /** The split names present, canonical order. */
  public List<String> splitNames() {
    List<String> names = new ArrayList<>();
    Iterator<String> it = splits.keySet().iterator();
    it.forEachRemaining(names::add);
    return names;
  }
}

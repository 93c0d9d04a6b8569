package ai.prism.core.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One split of MANIFEST.json: its shards in stream order, totals, and fingerprint (sha256 of the
 * compact sorted JSON {@code {"shard_sha256": [...], "split": name}}).
 */
public record LockedSplit(
    String name, List<LockedShard> shards, long docCount, long tokenCount, long byteCount, String fingerprint) {

  /** Validates and freezes the shard list. */
  public LockedSplit {
    if (name == null || fingerprint == null) {
      throw new IllegalArgumentException("split name and fingerprint are required");
    }
    shards = List.copyOf(shards);
  }

  /** A split with totals summed over {@code shards} and its fingerprint computed. */
  public static LockedSplit of(String name, List<LockedShard> shards) {
    long docs = 0;
    long tokens = 0;
    long bytes = 0;
    for (LockedShard s : shards) {
      docs += s.docCount();
      tokens += s.tokenCount();
      bytes += s.bytes();
    }
    return new LockedSplit(name, shards, docs, tokens, bytes, fingerprint(name, shards));
  }

  /** The reference's split fingerprint of {@code shards}. */
  public static String fingerprint(String name, List<LockedShard> shards) {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("split", name);
    ArrayNode hashes = payload.putArray("shard_sha256");
    for (LockedShard s : shards) {
      hashes.add(s.sha256());
    }
    return Partition.sha256Hex(PythonJson.compact(payload, true));
  }
}

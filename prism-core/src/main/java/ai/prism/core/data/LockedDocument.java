package ai.prism.core.data;

/**
 * A document of the strict (host) loader: id as Python's {@code str(record["id"])}, text, shard
 * path relative to the root, offset among the shard's non-blank lines, index in the split.
 */
public record LockedDocument(String id, String text, String shard, long offset, long index) {}

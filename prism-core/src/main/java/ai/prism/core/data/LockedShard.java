package ai.prism.core.data;

/** One shard entry of MANIFEST.json: relative path, sha256 of its bytes, size, documents, tokens. */
public record LockedShard(String path, String sha256, long bytes, long docCount, long tokenCount) {

  /** Validates presence of path and hash. */
  public LockedShard {
    if (path == null || sha256 == null) {
      throw new IllegalArgumentException("shard path and sha256 are required");
    }
  }
}

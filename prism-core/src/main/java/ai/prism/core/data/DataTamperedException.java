package ai.prism.core.data;

import ai.prism.core.PrismException;

/**
 * A sealed train shard ({@link ShardSeal}) no longer holds the bytes it held when the seal was
 * taken: a block read by the runner's stream, or found by the check after training, differs from
 * its recorded SHA-256, or the file is shorter or longer than it was. Names the shard and the block.
 */
public class DataTamperedException extends PrismException {
  private static final long serialVersionUID = 1L;

  private final String shard;
  private final long block;

  /** A mismatch in {@code shard} (its name relative to the data directory) at 0-based {@code block}. */
  public DataTamperedException(String shard, long block, String detail) {
    super("train shard " + shard + " does not match its seal taken before train(ctx): " + detail);
    this.shard = shard;
    this.block = block;
  }

  /** The shard's name relative to the data directory. */
  public String shard() {
    return shard;
  }

  /** The 0-based index of the first block found to differ ({@link ShardSeal#BLOCK_BYTES} bytes each). */
  public long block() {
    return block;
  }
}

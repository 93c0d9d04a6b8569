package ai.prism.core.data;

import java.util.List;

/**
 * A locked corpus fails verification against its MANIFEST.json pin: the problems list of
 * {@link LockedCorpus#verify()} is not empty. The message is the reference's
 * {@code locked dataset integrity check failed: ...}; {@link #shard()} names the first shard involved.
 */
public class IntegrityException extends LockedDatasetException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;
  private final String shard;

  /** An integrity failure with its problems (non-empty) and the first shard named (nullable). */
  public IntegrityException(List<String> problems, String shard) {
    super("locked dataset integrity check failed: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
    this.shard = shard;
  }

  /** Every problem found, in the reference's order and wording. */
  public List<String> problems() {
    return problems;
  }

  /** The relative path of the first shard a problem names, or null when only pin/partition/splits failed. */
  public String shard() {
    return shard;
  }
}

package ai.prism.core.manifest;

import ai.prism.core.PrismException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A manifest value cannot be built: the JSON root is not an object, or a typed block (the compute
 * block) was given values its schema forbids. Carries the problems with their JSON paths.
 */
public final class ManifestException extends PrismException {
  private static final long serialVersionUID = 1L;
  private final transient List<ManifestProblem> problems;

  /** An error listing one or more problems. */
  public ManifestException(List<ManifestProblem> problems) {
    super(problems.stream().map(ManifestProblem::toString).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  /** The problems, in the order found. */
  public List<ManifestProblem> problems() {
    return problems;
  }
}

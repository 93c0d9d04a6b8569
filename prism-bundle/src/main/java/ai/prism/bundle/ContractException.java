package ai.prism.bundle;

import java.util.List;

/**
 * A bundle that breaks the two-script contract or whose {@code prism.yaml} is unusable; the message is
 * the reference's {@code SubmissionContractError} text (YAML syntax errors carry SnakeYAML's description).
 */
public class ContractException extends BundleRejectedException {
  private static final long serialVersionUID = 1L;

  /** A contract violation with the reference's message. */
  public ContractException(String message) {
    super(Stage.CONTRACT, message, List.of());
  }

  /** A contract violation caused by another error (a YAML or parser failure). */
  public ContractException(String message, Throwable cause) {
    super(Stage.CONTRACT, message, cause);
  }
}

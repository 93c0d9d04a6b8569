package ai.prism.bundle;

import java.util.List;

/**
 * A submission that cannot become a snapshot: rejected at intake (name, size) or while reading the
 * zip/directory (limits, unsafe paths, hostile archives) or computing the snapshot features.
 * {@link #problem()} says which kind of failure it is; the message is the reference's text where the
 * reference has one.
 */
public class SnapshotException extends BundleRejectedException {
  private static final long serialVersionUID = 1L;

  /** What was wrong with the submission. */
  public enum Problem {
    /** The file name does not match {@code ^[A-Za-z0-9_.-]+\.(py|zip)$} (HTTP 422 in the reference). */
    INVALID_FILENAME(Stage.INTAKE),
    /** The submitted code is empty (HTTP 422). */
    EMPTY_SUBMISSION(Stage.INTAKE),
    /** The submitted code (base64 text for a zip) exceeds {@code max_code_bytes} (HTTP 413). */
    SUBMISSION_TOO_LARGE(Stage.INTAKE),
    /** A path is empty, absolute-only, or escapes upwards after normalisation. */
    UNSAFE_PATH(Stage.SNAPSHOT),
    /** A zip source is not strict base64. */
    NOT_BASE64(Stage.SNAPSHOT),
    /** The bytes are not a readable zip archive (includes CRC and header mismatches). */
    NOT_A_ZIP(Stage.SNAPSHOT),
    /** A directory member whose name is not valid in the file-name encoding (not UTF-8 on Linux): it has no faithful path. */
    UNDECODABLE_NAME(Stage.SNAPSHOT),
    /** An entry or directory member is a symbolic link (or another non-regular file). */
    SYMLINK(Stage.SNAPSHOT),
    /** More files than {@link BundleLimits#maxFiles()}. */
    TOO_MANY_FILES(Stage.SNAPSHOT),
    /** More bytes than {@link BundleLimits#maxBytes()}. */
    TOO_MANY_BYTES(Stage.SNAPSHOT),
    /** A file whose suffix is not on the allow-list. */
    UNSUPPORTED_FILE(Stage.SNAPSHOT),
    /** An encrypted zip entry. */
    ENCRYPTED_ENTRY(Stage.SNAPSHOT),
    /** A zip feature Python's {@code zipfile} cannot read (compression method, version, strong encryption, bad name encoding). */
    UNSUPPORTED_ZIP_FEATURE(Stage.SNAPSHOT),
    /** Entry data that ends early or does not inflate. */
    CORRUPT_ENTRY(Stage.SNAPSHOT),
    /** Text Python cannot encode as UTF-8 (a lone surrogate in a source-form submission). */
    UNENCODABLE_TEXT(Stage.SNAPSHOT),
    /** A file on which Python's {@code tokenize} raises {@code IndentationError} (uncaught by the reference). */
    TOKENIZE_ERROR(Stage.SNAPSHOT),
    /** A Python file nested too deeply for CPython's {@code ast.parse}/{@code ast.dump} (RecursionError/MemoryError). */
    TOO_DEEPLY_NESTED(Stage.SNAPSHOT);

    private final Stage stage;

    Problem(Stage stage) {
      this.stage = stage;
    }

    /** The stage this problem is reported at. */
    public Stage stage() {
      return stage;
    }
  }

  private final Problem problem;

  /** A failure of kind {@code problem} with its message. */
  public SnapshotException(Problem problem, String message) {
    super(problem.stage(), message, List.of());
    this.problem = problem;
  }

  /** A failure of kind {@code problem} caused by another error. */
  public SnapshotException(Problem problem, String message, Throwable cause) {
    super(problem.stage(), message, cause);
    this.problem = problem;
  }

  /** What was wrong. */
  public Problem problem() {
    return problem;
  }
}

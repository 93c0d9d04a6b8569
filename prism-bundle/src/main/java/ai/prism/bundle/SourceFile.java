package ai.prism.bundle;

import java.util.Objects;

/**
 * One file of a snapshot: its normalised path, its text (decoded as UTF-8 with replacement) and
 * the SHA-256 of that text.
 *
 * @param path normalised {@code /}-separated path
 * @param content decoded text
 * @param sha256 lowercase hex SHA-256 of {@code content} encoded as UTF-8
 */
public record SourceFile(String path, String content, String sha256) {
  /** Validates the fields; the hash must be the hash of the content. */
  public SourceFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(sha256, "sha256");
  }

  /** A file with its hash computed. */
  public static SourceFile of(String path, String content) {
    return new SourceFile(path, content, PythonText.sha256Hex(content));
  }

  /** Whether the reference treats the file as Python ({@code path.endswith(".py")}, case-sensitive). */
  public boolean isPython() {
    return path.endsWith(".py");
  }
}

package ai.prism.bundle;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A submission in the reference's source form, as a validator receives it: the file name, the
 * {@code code} string (Python source for a {@code .py} name, base64 of the archive for a {@code .zip}
 * name) and the metadata object (which may carry a second archive in {@code archive_base64} or
 * {@code zip_base64}, and the {@code gpu_count}/{@code num_nodes} the distributed gate reads).
 *
 * @param filename the submitted file name (the reference defaults it to {@code model.py})
 * @param code the submitted code string
 * @param metadata the metadata object (JSON values: {@code String}, {@code Number}, {@code Boolean},
 *     {@code List}, {@code Map}, {@code null})
 */
public record Submission(String filename, String code, Map<String, Object> metadata) {
  /** Validates and copies the fields ({@code null} metadata means {@code {}}). */
  public Submission {
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(code, "code");
    metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** A zip upload: {@code code} is the standard base64 of {@code archive}, as the raw-body intake stores it. */
  public static Submission ofZip(String filename, byte[] archive, Map<String, Object> metadata) {
    return new Submission(filename, Base64.getEncoder().encodeToString(archive), metadata);
  }

  /** {@code sha256(code)}: the reference's intake {@code code_hash}. */
  public String codeHash() {
    return PythonText.sha256Hex(code);
  }
}

package ai.prism.bundle;

/**
 * Size limits of a submission, defaults as in the reference's settings.
 *
 * @param maxFiles most files in a snapshot ({@code plagiarism_storage_max_files}, 200)
 * @param maxBytes most UTF-8 bytes of file text in a snapshot ({@code plagiarism_storage_max_bytes}, 2,000,000)
 * @param maxCodeBytes most UTF-8 bytes of the submitted {@code code} string, i.e. of the base64 text of a
 *     zip ({@code max_code_bytes}, 7,500,000)
 */
public record BundleLimits(int maxFiles, long maxBytes, long maxCodeBytes) {
  /** The reference's defaults: 200 files, 2,000,000 bytes, 7,500,000 code bytes. */
  public static final BundleLimits DEFAULT = new BundleLimits(200, 2_000_000L, 7_500_000L);

  /** Validates the limits. */
  public BundleLimits {
    if (maxFiles < 0 || maxBytes < 0 || maxCodeBytes < 0) {
      throw new IllegalArgumentException(
          "limits must be >= 0: maxFiles=" + maxFiles + ", maxBytes=" + maxBytes + ", maxCodeBytes=" + maxCodeBytes);
    }
  }
}

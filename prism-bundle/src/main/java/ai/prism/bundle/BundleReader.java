package ai.prism.bundle;

import ai.prism.bundle.SnapshotException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Turns a submission into a {@link Snapshot} with every limit, normalisation and error of the
 * reference (spec §1.2): a zip file or a source-form {@link Submission} (validated as a zip upload,
 * paths under the zip's stem folder), or a directory (its files with relative paths, same limits and
 * allow-list, no stem folder, symbolic links refused).
 *
 * <p>Zips are read through their central directory (Commons Compress), entries in directory order,
 * and inflated as a stream: reading stops as soon as the remaining byte budget is exceeded, so a zip
 * bomb costs at most the budget. Failures are {@link SnapshotException}s.
 */
public final class BundleReader {
  /** Suffixes a zip entry may have (lower-cased), as in the reference. */
  public static final Set<String> ALLOWED_SUFFIXES = Set.of(".py", ".toml", ".yaml", ".yml", ".json", ".txt", ".md");

  private static final int MAX_EXTRACT_VERSION = 63;
  private static final Set<Integer> PYTHON_ZIP_METHODS = Set.of(0, 8, 12);
  private static final long S_IFMT = 0170000;
  private static final long S_IFLNK = 0120000;

  private final BundleLimits limits;
  private final SandboxPolicy policy;
  private final java.util.function.UnaryOperator<java.nio.channels.SeekableByteChannel> archiveView;

  /** A reader with the given limits and policy ({@link SandboxPolicy#HARDENED} refuses {@code ../} in zip names). */
  public BundleReader(BundleLimits limits, SandboxPolicy policy) {
    this(limits, policy, java.util.function.UnaryOperator.identity());
  }

  /** A reader that reads each archive through {@code archiveView} of its bytes (tests count what is read). */
  BundleReader(BundleLimits limits, SandboxPolicy policy,
      java.util.function.UnaryOperator<java.nio.channels.SeekableByteChannel> archiveView) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.archiveView = Objects.requireNonNull(archiveView, "archiveView");
  }

  /** A reader with the reference's limits and policy. */
  public static BundleReader reference() {
    return new BundleReader(BundleLimits.DEFAULT, SandboxPolicy.REFERENCE);
  }

  /**
   * Reads a directory (as a directory snapshot) or a {@code .zip} file (as a zip upload of that name).
   * I/O failures are {@link BundleException}s; bad content is a {@link SnapshotException}.
   */
  public Snapshot read(Path path) {
    if (Files.isDirectory(path)) {
      return readDirectory(path);
    }
    String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
    return readZip(name, readZipBytes(path), Map.of());
  }

  /** Reads the bytes of a zip file, refusing one whose base64 form would exceed {@code maxCodeBytes}. */
  byte[] readZipBytes(Path path) {
    return readFile(path, limits.maxCodeBytes() / 4 * 3);
  }

  /** Reads a file of at most {@code maxBytes} bytes; a larger one is refused at intake as too large. */
  static byte[] readFile(Path path, long maxBytes) {
    try (InputStream in = Files.newInputStream(path)) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        throw new SnapshotException(Problem.SUBMISSION_TOO_LARGE, "submission too large");
      }
      return bytes;
    } catch (IOException e) {
      throw new BundleException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  static long base64Length(long bytes) {
    return (bytes + 2) / 3 * 4;
  }

  /** A zip upload named {@code filename} with its raw bytes, plus the metadata's archive if any. */
  public Snapshot readZip(String filename, byte[] archive, Map<String, Object> metadata) {
    List<Source> sources = new ArrayList<>();
    sources.add(new Source(filename, null, archive));
    metadataArchive(metadata).ifPresent(sources::add);
    return build(sources);
  }

  /** The reference's {@code snapshot_from_submission}: {@code (filename, code)} plus the metadata archive. */
  public Snapshot readSubmission(Submission submission) {
    List<Source> sources = new ArrayList<>();
    sources.add(new Source(submission.filename(), submission.code(), null));
    metadataArchive(submission.metadata()).ifPresent(sources::add);
    return build(sources);
  }

  /**
   * The reference's {@code snapshot_from_named_sources}: each {@code (name, code)} in order, a name
   * ending in {@code .zip} carrying base64 of an archive, later paths overwriting earlier ones.
   */
  public Snapshot readSources(List<Map.Entry<String, String>> sources) {
    List<Source> list = new ArrayList<>();
    for (Map.Entry<String, String> source : sources) {
      list.add(new Source(source.getKey(), source.getValue(), null));
    }
    return build(list);
  }

  private static java.util.Optional<Source> metadataArchive(Map<String, Object> metadata) {
    if (metadata == null) {
      return java.util.Optional.empty();
    }
    Object archive = metadata.get("archive_base64");
    if (!PyValues.truthy(archive)) {
      archive = metadata.get("zip_base64");
    }
    if (archive instanceof String s && !PythonText.isBlank(s)) {
      return java.util.Optional.of(new Source("metadata.zip", s, null));
    }
    return java.util.Optional.empty();
  }

  /** One named source: text, or (for a {@code .zip} name) base64 text or raw archive bytes. */
  private record Source(String name, String text, byte[] zip) {}

  private Snapshot build(List<Source> sources) {
    Map<String, String> extracted = new LinkedHashMap<>();
    long total = 0;
    for (Source source : sources) {
      String path = safePath(source.name());
      if (path.endsWith(".zip")) {
        byte[] bytes = source.zip() != null ? source.zip() : decodeBase64(path, source.text());
        for (Map.Entry<String, String> entry : extractZip(path, bytes, limits.maxBytes() - total).entrySet()) {
          if (extracted.size() >= limits.maxFiles()) {
            throw tooManyFiles();
          }
          total += utf8Length(entry.getValue());
          if (total > limits.maxBytes()) {
            throw tooManyBytes();
          }
          extracted.put(entry.getKey(), entry.getValue());
        }
        continue;
      }
      String content = source.text() != null ? source.text() : PythonText.decodeUtf8(source.zip(), 0, source.zip().length);
      total += utf8Length(content);
      if (total > limits.maxBytes()) {
        throw tooManyBytes();
      }
      if (extracted.size() >= limits.maxFiles()) {
        throw tooManyFiles();
      }
      extracted.put(path, content);
    }
    return snapshotOf(extracted);
  }

  private static Snapshot snapshotOf(Map<String, String> files) {
    List<SourceFile> list = new ArrayList<>(files.size());
    files.forEach((path, content) -> list.add(SourceFile.of(path, content)));
    return Snapshot.sorted(list);
  }

  private SnapshotException tooManyFiles() {
    return new SnapshotException(Problem.TOO_MANY_FILES, "source snapshot exceeds " + limits.maxFiles() + " files");
  }

  private SnapshotException tooManyBytes() {
    return new SnapshotException(Problem.TOO_MANY_BYTES, "source snapshot exceeds " + limits.maxBytes() + " bytes");
  }

  private static long utf8Length(String s) {
    try {
      return PythonText.utf8Length(s);
    } catch (IllegalArgumentException e) {
      throw new SnapshotException(Problem.UNENCODABLE_TEXT, e.getMessage());
    }
  }

  private static String safePath(String raw) {
    String path = PyPaths.safePath(raw);
    if (path == null) {
      throw new SnapshotException(Problem.UNSAFE_PATH, "unsafe source path: " + raw);
    }
    return path;
  }

  /** Python's {@code base64.b64decode(text, validate=True)} (strict mode since 3.11). */
  private static byte[] decodeBase64(String path, String text) {
    int n = text.length();
    boolean valid = n % 4 == 0;
    int pads = 0;
    for (int i = 0; valid && i < n; i++) {
      char c = text.charAt(i);
      if (c == '=') {
        pads++;
      } else if (pads > 0 || !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/')) {
        valid = false;
      }
    }
    if (!valid || pads > 2) {
      throw new SnapshotException(Problem.NOT_BASE64, "zip source " + path + " must be base64 encoded");
    }
    return java.util.Base64.getDecoder().decode(text);
  }

  private SnapshotException zipError(Problem problem, String path, String detail) {
    return new SnapshotException(problem, "zip source " + path + " " + detail);
  }

  /** The reference's {@code _extract_zip}: entry path to text, in first-insertion order, later entries winning. */
  private Map<String, String> extractZip(String path, byte[] raw, long budget) {
    String stem = PyPaths.stem(path);
    Map<String, String> out = new LinkedHashMap<>();
    long total = 0;
    try (ZipFile zip = open(path, raw)) {
      List<ZipArchiveEntry> entries = Collections.list(zip.getEntries());
      List<String> names = new ArrayList<>(entries.size());
      for (ZipArchiveEntry entry : entries) {
        names.add(centralName(path, entry));
      }
      for (int i = 0; i < entries.size(); i++) {
        ZipArchiveEntry entry = entries.get(i);
        String orig = names.get(i);
        int nul = orig.indexOf('\0');
        String name = nul >= 0 ? orig.substring(0, nul) : orig;
        if (name.endsWith("/")) {
          continue;
        }
        if (((entry.getExternalAttributes() >> 16) & S_IFMT) == S_IFLNK) {
          throw zipError(Problem.SYMLINK, path, "contains symlink: " + name);
        }
        if (out.size() >= limits.maxFiles()) {
          throw zipError(Problem.TOO_MANY_FILES, path, "exceeds " + limits.maxFiles() + " files");
        }
        if (policy == SandboxPolicy.HARDENED && escapesStem(name)) {
          throw new SnapshotException(Problem.UNSAFE_PATH, "unsafe source path: " + name);
        }
        String nested = safePath(stem + "/" + name);
        if (!ALLOWED_SUFFIXES.contains(PyPaths.suffix(nested).toLowerCase(java.util.Locale.ROOT))) {
          throw zipError(Problem.UNSUPPORTED_FILE, path, "contains unsupported file: " + name);
        }
        checkLocalHeader(path, raw, entry, orig);
        byte[] data = readEntry(zip, entry, path, name, total, budget);
        total += data.length;
        out.put(nested, PythonText.decodeUtf8(data, 0, data.length));
      }
    } catch (IOException e) {
      throw zipError(Problem.NOT_A_ZIP, path, "is not a valid zip archive");
    }
    return out;
  }

  private static boolean escapesStem(String name) {
    String s = name.replace('\\', '/');
    int i = 0;
    while (i < s.length() && s.charAt(i) == '/') {
      i++;
    }
    String normalized = PyPaths.normpath(s.substring(i));
    return normalized.equals("..") || normalized.startsWith("../");
  }

  private ZipFile open(String path, byte[] raw) {
    try {
      return ZipFile.builder()
          .setSeekableByteChannel(archiveView.apply(new SeekableInMemoryByteChannel(raw)))
          .setUseUnicodeExtraFields(false)
          .setIgnoreLocalFileHeader(true)
          .get();
    } catch (IOException | RuntimeException e) {
      throw zipError(Problem.NOT_A_ZIP, path, "is not a valid zip archive");
    }
  }

  /** The entry name as Python's {@code zipfile} decodes it: UTF-8 (strict) with flag bit 11, else CP437. */
  private String centralName(String path, ZipArchiveEntry entry) {
    if (entry.getVersionRequired() > MAX_EXTRACT_VERSION) {
      throw zipError(Problem.UNSUPPORTED_ZIP_FEATURE, path,
          "needs zip version " + entry.getVersionRequired() / 10 + "." + entry.getVersionRequired() % 10);
    }
    return decodeName(path, entry.getRawName(), entry.getGeneralPurposeBit().usesUTF8ForNames());
  }

  private String decodeName(String path, byte[] raw, boolean utf8) {
    if (!utf8) {
      return new String(raw, java.nio.charset.Charset.forName("IBM437"));
    }
    String name = PythonText.decodeUtf8Strict(raw);
    if (name == null) {
      throw zipError(Problem.UNSUPPORTED_ZIP_FEATURE, path, "has an entry name that is not valid UTF-8");
    }
    return name;
  }

  /** Python's {@code ZipFile.open} checks: local header magic and a name equal to the central directory's. */
  private void checkLocalHeader(String path, byte[] raw, ZipArchiveEntry entry, String centralName) {
    long offset = entry.getLocalHeaderOffset();
    if (offset < 0 || offset + 30 > raw.length) {
      throw zipError(Problem.NOT_A_ZIP, path, "is not a valid zip archive");
    }
    int at = (int) offset;
    if (raw[at] != 'P' || raw[at + 1] != 'K' || raw[at + 2] != 3 || raw[at + 3] != 4) {
      throw zipError(Problem.NOT_A_ZIP, path, "is not a valid zip archive");
    }
    int flags = u16(raw, at + 6);
    int nameLength = u16(raw, at + 26);
    if (at + 30L + nameLength > raw.length) {
      throw zipError(Problem.NOT_A_ZIP, path, "is not a valid zip archive");
    }
    byte[] localName = java.util.Arrays.copyOfRange(raw, at + 30, at + 30 + nameLength);
    if (!decodeName(path, localName, (flags & 0x800) != 0).equals(centralName)) {
      throw zipError(Problem.NOT_A_ZIP, path, "is not a valid zip archive");
    }
    String shown = centralName.indexOf('\0') >= 0 ? centralName.substring(0, centralName.indexOf('\0')) : centralName;
    if (entry.getGeneralPurposeBit().usesStrongEncryption()) {
      throw zipError(Problem.UNSUPPORTED_ZIP_FEATURE, path, "uses strong encryption: " + shown);
    }
    if (entry.getGeneralPurposeBit().usesEncryption()) {
      throw zipError(Problem.ENCRYPTED_ENTRY, path, "contains encrypted entry: " + shown + " (password required for extraction)");
    }
    if (!PYTHON_ZIP_METHODS.contains(entry.getMethod())) {
      throw zipError(Problem.UNSUPPORTED_ZIP_FEATURE, path,
          "uses unsupported compression method " + entry.getMethod() + ": " + shown);
    }
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  /**
   * Inflates one entry, never past what the zip's {@code budget} leaves after {@code before} bytes (+1 byte to
   * detect the excess) nor past
   * its declared size (where Python's {@code zipfile} stops); checks the CRC when fully read.
   */
  private byte[] readEntry(ZipFile zip, ZipArchiveEntry entry, String path, String name, long before, long budget) {
    long declared = entry.getSize() >= 0 ? entry.getSize() : Long.MAX_VALUE;
    CRC32 crc = new CRC32();
    java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream((int) Math.min(Math.min(declared, budget - before + 1), 1 << 16));
    byte[] buffer = new byte[1 << 16];
    long count = 0;
    try (InputStream in = zip.getInputStream(entry)) {
      while (count < declared) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, declared - count));
        if (n < 0) {
          break;
        }
        count += n;
        if (before + count > budget) {
          throw zipError(Problem.TOO_MANY_BYTES, path, "exceeds " + budget + " bytes");
        }
        crc.update(buffer, 0, n);
        data.write(buffer, 0, n);
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof SnapshotException s) {
        throw s;
      }
      throw new SnapshotException(Problem.CORRUPT_ENTRY, "zip source " + path + " has corrupt data in entry " + name + ": " + e.getMessage(), e);
    }
    if (crc.getValue() != entry.getCrc()) {
      throw zipError(Problem.NOT_A_ZIP, path, "is not a valid zip archive");
    }
    return data.toByteArray();
  }

  /**
   * A directory snapshot: every file under {@code dir} with its {@code /}-separated relative path, in
   * code-point order; symbolic links and other non-regular files, files with a suffix off the allow-list
   * and the limits are errors.
   */
  public Snapshot readDirectory(Path dir) {
    List<Path> found = listDirectory(dir);
    List<Map.Entry<String, Path>> members = new ArrayList<>();
    String shown = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    for (Path p : found) {
      Path rel = dir.relativize(p);
      // a name that does not decode (invalid UTF-8 bytes) prints with U+FFFD and would not name the file again
      if (!rel.getFileSystem().getPath(rel.toString()).equals(rel)) {
        throw new SnapshotException(Problem.UNDECODABLE_NAME, "directory " + shown + " contains a file name that is not valid "
            + System.getProperty("sun.jnu.encoding", "UTF-8") + ": " + rel);
      }
      members.add(Map.entry(rel.toString().replace(java.io.File.separatorChar, '/'), p));
    }
    members.sort((a, b) -> PythonText.compare(a.getKey(), b.getKey()));
    Map<String, String> files = new LinkedHashMap<>();
    long total = 0;
    for (Map.Entry<String, Path> member : members) {
      String rel = member.getKey();
      Path file = member.getValue();
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new SnapshotException(Problem.SYMLINK, "directory " + shown + " contains symlink or special file: " + rel);
      }
      if (files.size() >= limits.maxFiles()) {
        throw tooManyFiles();
      }
      String path = safePath(rel);
      if (!ALLOWED_SUFFIXES.contains(PyPaths.suffix(path).toLowerCase(java.util.Locale.ROOT))) {
        throw new SnapshotException(Problem.UNSUPPORTED_FILE, "directory " + shown + " contains unsupported file: " + rel);
      }
      byte[] bytes = readBounded(file, limits.maxBytes() - total);
      String content = PythonText.decodeUtf8(bytes, 0, bytes.length);
      total += utf8Length(content);
      if (total > limits.maxBytes()) {
        throw tooManyBytes();
      }
      files.put(path, content);
    }
    return snapshotOf(files);
  }

  /** The members of {@code dir} (files, links, special files; not directories), stopping once over the file limit. */
  private List<Path> listDirectory(Path dir) {
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(dir, Set.of(), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
          found.add(f);
          return found.size() > limits.maxFiles() + 1 ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
          throw e;
        }
      });
    } catch (IOException e) {
      throw new BundleException("cannot read directory " + dir + ": " + e.getMessage(), e);
    }
    return found;
  }

  /** Reads at most {@code budget + 1} bytes: enough to know the file alone exceeds the budget. */
  private byte[] readBounded(Path file, long budget) {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, budget) + 1));
      if (bytes.length > budget) {
        throw tooManyBytes();
      }
      return bytes;
    } catch (IOException e) {
      throw new BundleException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}

package ai.prism.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.bundle.SnapshotException.Problem;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot construction and zip safety (spec §1.2), including hostile archives; no test writes outside its {@code @TempDir}. */
@org.junit.jupiter.api.extension.ExtendWith(NoStrayFiles.class)
class BundleReaderTest {
  private static final BundleReader REFERENCE = BundleReader.reference();
  private static final BundleReader HARDENED = new BundleReader(BundleLimits.DEFAULT, SandboxPolicy.HARDENED);

  @TempDir Path tmp;

  private static Snapshot zip(String name, byte[] archive) {
    return REFERENCE.readZip(name, archive, Map.of());
  }

  private static List<String> paths(Snapshot snapshot) {
    return snapshot.files().stream().map(SourceFile::path).toList();
  }

  private static SnapshotException rejected(Problem problem, String message, Runnable action) {
    SnapshotException e = assertThrows(SnapshotException.class, action::run);
    assertEquals(problem, e.problem(), e.getMessage());
    assertEquals(message, e.getMessage());
    assertEquals(Stage.SNAPSHOT, e.stage());
    return e;
  }

  @Test
  void zipEntriesGoUnderTheStemFolderSortedByPath() {
    Snapshot s = zip("bundle.zip", TestZip.of(TestZip.files("training.py", "t", "prism.yaml", "y", "architecture.py", "a")));
    assertEquals(List.of("bundle/architecture.py", "bundle/prism.yaml", "bundle/training.py"), paths(s));
    assertEquals(PythonText.sha256Hex("a"), s.files().get(0).sha256());
    assertEquals("ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb", s.files().get(0).sha256());
  }

  @Test
  void sortingIsByCodePointNotUtf16() {
    Snapshot s = zip("b.zip", TestZip.of(TestZip.files("\uFF41.py", "x", "\uD83D\uDE00.py", "y", "z.py", "z")));
    assertEquals(List.of("b/z.py", "b/\uFF41.py", "b/\uD83D\uDE00.py"), paths(s));
  }

  @Test
  void oneParentStepIsAbsorbedByTheStemFolderUnderReferenceButRefusedWhenHardened() {
    byte[] archive = TestZip.of(TestZip.files("../x.py", "x"));
    assertEquals(List.of("x.py"), paths(zip("bundle.zip", archive)));
    rejected(Problem.UNSAFE_PATH, "unsafe source path: ../x.py", () -> HARDENED.readZip("bundle.zip", archive, Map.of()));
  }

  @Test
  void twoParentStepsAreUnsafe() {
    rejected(Problem.UNSAFE_PATH, "unsafe source path: bundle/../../x.py",
        () -> zip("bundle.zip", TestZip.of(TestZip.files("../../x.py", "x"))));
  }

  @Test
  void absoluteAndBackslashNamesAreReRooted() {
    Snapshot s = zip("bundle.zip", TestZip.of(TestZip.files("/etc/x.py", "1", "a\\b.py", "2", "./c/./d.py", "3", "e//f.py", "4")));
    assertEquals(List.of("bundle/a/b.py", "bundle/c/d.py", "bundle/e/f.py", "bundle/etc/x.py"), paths(s));
    rejected(Problem.UNSAFE_PATH, "unsafe source path: bundle/..\\..\\x.py",
        () -> zip("bundle.zip", TestZip.of(TestZip.files("..\\..\\x.py", "x"))));
  }

  @Test
  void suffixAllowList() {
    Snapshot s = zip("p.zip", TestZip.of(TestZip.files("A.PY", "1", "c.Toml", "2", "d.yml", "3", "e.json", "4", "f.txt", "5", "g.md", "6")));
    assertEquals(6, s.files().size());
    for (String bad : List.of("LICENSE", ".gitignore", "inner.zip", "x.pyc", "Makefile", "a.")) {
      rejected(Problem.UNSUPPORTED_FILE, "zip source p.zip contains unsupported file: " + bad,
          () -> zip("p.zip", TestZip.of(TestZip.files(bad, "x"))));
    }
  }

  @Test
  void nestedZipIsAnUnsupportedFile() {
    byte[] inner = TestZip.of(TestZip.files("architecture.py", "def build_model(ctx):\n    pass\n"));
    TestZip outer = TestZip.create().add("inner.zip", inner);
    rejected(Problem.UNSUPPORTED_FILE, "zip source outer.zip contains unsupported file: inner.zip",
        () -> zip("outer.zip", outer.bytes()));
  }

  @Test
  void symlinkEntriesAreRefusedBeforeAnythingElse() {
    TestZip z = TestZip.create();
    z.entry("link.py".getBytes(StandardCharsets.UTF_8), "/etc/passwd".getBytes(StandardCharsets.UTF_8)).externalAttributes =
        0120777L << 16;
    rejected(Problem.SYMLINK, "zip source bundle.zip contains symlink: link.py", () -> zip("bundle.zip", z.bytes()));
  }

  @Test
  void directoryEntriesAreSkippedAndDuplicatesLaterWin() {
    TestZip z = TestZip.create().add("src/", "").add("a.py", "first").add("a.py", "second");
    Snapshot s = zip("bundle.zip", z.bytes());
    assertEquals(List.of("bundle/a.py"), paths(s));
    assertEquals("second", s.files().get(0).content());
  }

  @Test
  void namesAreCp437WithoutTheUtf8FlagAndStrictUtf8WithIt() {
    TestZip z = TestZip.create();
    z.entry(new byte[] {'c', 'a', 'f', (byte) 0x82, '.', 'p', 'y'}, "x".getBytes(StandardCharsets.UTF_8)).flags = 0;
    assertEquals(List.of("bundle/caf\u00e9.py"), paths(zip("bundle.zip", z.bytes())));
    TestZip bad = TestZip.create();
    bad.entry(new byte[] {'c', (byte) 0xff, '.', 'p', 'y'}, new byte[] {'x'});
    rejected(Problem.UNSUPPORTED_ZIP_FEATURE, "zip source bundle.zip has an entry name that is not valid UTF-8",
        () -> zip("bundle.zip", bad.bytes()));
  }

  @Test
  void namesEndAtTheFirstNulByte() {
    TestZip z = TestZip.create();
    z.entry("a.py\0.exe".getBytes(StandardCharsets.UTF_8), "x".getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of("bundle/a.py"), paths(zip("bundle.zip", z.bytes())));
  }

  @Test
  void contentIsDecodedAsUtf8WithCpythonReplacement() {
    byte[] content = {'a', (byte) 0xed, (byte) 0xa0, (byte) 0x80, 'b', (byte) 0xe2, (byte) 0x82, 'c', (byte) 0xff, 0};
    Snapshot s = zip("bundle.zip", TestZip.create().add("x.txt", content).bytes());
    assertEquals("a\ufffd\ufffd\ufffdb\ufffdc\ufffd\0", s.files().get(0).content());
  }

  @Test
  void encryptedEntriesAreRefused() {
    TestZip z = TestZip.create();
    z.entry("secret.py".getBytes(StandardCharsets.UTF_8), "x = 1\n".getBytes(StandardCharsets.UTF_8)).flags = 0x801;
    rejected(Problem.ENCRYPTED_ENTRY, "zip source bundle.zip contains encrypted entry: secret.py (password required for extraction)",
        () -> zip("bundle.zip", z.bytes()));
  }

  @Test
  void compressionMethodsPythonCannotReadAreRefused() {
    TestZip z = TestZip.create();
    z.entry("a.py".getBytes(StandardCharsets.UTF_8), "x".getBytes(StandardCharsets.UTF_8)).method = 9;
    rejected(Problem.UNSUPPORTED_ZIP_FEATURE, "zip source bundle.zip uses unsupported compression method 9: a.py",
        () -> zip("bundle.zip", z.bytes()));
  }

  @Test
  void storedEntriesAreRead() {
    TestZip z = TestZip.create();
    z.entry("a.py".getBytes(StandardCharsets.UTF_8), "stored".getBytes(StandardCharsets.UTF_8)).method = 0;
    assertEquals("stored", zip("bundle.zip", z.bytes()).files().get(0).content());
  }

  @Test
  void corruptArchivesAreNotValidZips() {
    String invalid = "zip source bundle.zip is not a valid zip archive";
    rejected(Problem.NOT_A_ZIP, invalid, () -> zip("bundle.zip", "this is not a zip archive".getBytes(StandardCharsets.UTF_8)));
    byte[] good = TestZip.of(TestZip.files("a.py", "x = 1\n" + "y = 2\n".repeat(100)));
    rejected(Problem.NOT_A_ZIP, invalid, () -> zip("bundle.zip", java.util.Arrays.copyOf(good, good.length / 2)));
    TestZip crc = TestZip.create();
    crc.entry("a.py".getBytes(StandardCharsets.UTF_8), "x".getBytes(StandardCharsets.UTF_8)).crcOverride = 1234L;
    rejected(Problem.NOT_A_ZIP, invalid, () -> zip("bundle.zip", crc.bytes()));
    TestZip names = TestZip.create();
    names.entry("a.py".getBytes(StandardCharsets.UTF_8), "x".getBytes(StandardCharsets.UTF_8)).localName =
        "b.py".getBytes(StandardCharsets.UTF_8);
    rejected(Problem.NOT_A_ZIP, invalid, () -> zip("bundle.zip", names.bytes()));
    rejected(Problem.NOT_A_ZIP, invalid, () -> zip("bundle.zip", new byte[0]));
  }

  @Test
  void corruptDeflateDataIsATypedError() {
    TestZip z = TestZip.create();
    TestZip.Entry e = z.entry("a.py".getBytes(StandardCharsets.UTF_8), "x".getBytes(StandardCharsets.UTF_8));
    e.method = 0;
    byte[] archive = z.bytes();
    // declare the stored entry as deflated: its bytes are not a valid deflate stream
    archive[8] = 8;
    int central = indexOf(archive, new byte[] {0x50, 0x4b, 0x01, 0x02});
    archive[central + 10] = 8;
    archive[30 + 4] = (byte) 0xff;
    SnapshotException ex = assertThrows(SnapshotException.class, () -> zip("bundle.zip", archive));
    assertTrue(ex.problem() == Problem.CORRUPT_ENTRY || ex.problem() == Problem.NOT_A_ZIP, ex.getMessage());
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void fileCountLimitIsCheckedBeforeEachEntry() {
    TestZip ok = TestZip.create();
    for (int i = 0; i < 200; i++) {
      ok.add("f" + i + ".txt", "");
    }
    assertEquals(200, zip("bundle.zip", ok.bytes()).files().size());
    ok.add("one-more.txt", "");
    rejected(Problem.TOO_MANY_FILES, "zip source bundle.zip exceeds 200 files", () -> zip("bundle.zip", ok.bytes()));
  }

  @Test
  void hundredThousandEntriesStopAtTheFileLimit() throws IOException {
    Path archive = tmp.resolve("many.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(archive))) {
      for (int i = 0; i < 100_000; i++) {
        out.putNextEntry(new ZipEntry("f" + i + ".txt"));
        out.closeEntry();
      }
    }
    byte[] bytes = Files.readAllBytes(archive);
    rejected(Problem.TOO_MANY_FILES, "zip source many.zip exceeds 200 files", () -> zip("many.zip", bytes));
    // as an upload it is already too large for the intake (its base64 exceeds max_code_bytes)
    BundleReport report = BundleValidator.validate(archive, ValidationOptions.DEFAULT);
    assertEquals(Stage.INTAKE, report.stage());
    assertEquals("submission too large", report.reason());
  }

  @Test
  void byteBudgetCountsRawEntryBytesInsideTheZip() {
    TestZip z = TestZip.create().add("a.txt", "a".repeat(1_500_000)).add("b.txt", "b".repeat(500_001));
    rejected(Problem.TOO_MANY_BYTES, "zip source bundle.zip exceeds 2000000 bytes", () -> zip("bundle.zip", z.bytes()));
    TestZip exact = TestZip.create().add("a.txt", "a".repeat(1_500_000)).add("b.txt", "b".repeat(500_000));
    assertEquals(2, zip("bundle.zip", exact.bytes()).files().size());
  }

  @Test
  void decodedTextIsCountedAgainByTheSnapshot() {
    // 1,000,000 invalid bytes fit the zip's raw budget but decode to 3,000,000 UTF-8 bytes of U+FFFD
    byte[] invalid = new byte[1_000_000];
    java.util.Arrays.fill(invalid, (byte) 0xff);
    TestZip z = TestZip.create().add("a.txt", invalid);
    rejected(Problem.TOO_MANY_BYTES, "source snapshot exceeds 2000000 bytes", () -> zip("bundle.zip", z.bytes()));
  }

  @Test
  void zipBombStopsAtTheBudget() throws IOException {
    // 1 GiB of zeros at the best deflate level is about 1 MiB; streamed to disk, never held in memory
    Path bomb = tmp.resolve("bomb.zip");
    try (org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream out =
        new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(Files.newOutputStream(bomb))) {
      out.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
      out.putArchiveEntry(new org.apache.commons.compress.archivers.zip.ZipArchiveEntry("architecture.py"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 1024; i++) {
        out.write(zeros);
      }
      out.closeArchiveEntry();
    }
    long compressed = Files.size(bomb);
    assertTrue(compressed > 900_000 && compressed < 1_200_000, "bomb is " + compressed + " bytes");
    byte[] bytes = Files.readAllBytes(bomb);
    // inflating the 2,000,000-byte budget (+ one 64 KB read) of zeros takes about 2 KB of deflate data, plus the
    // central directory and the inflater's read-ahead (8,277 bytes in all with Commons Compress 1.28); inflating
    // the whole gigabyte would read the whole megabyte
    java.util.concurrent.atomic.AtomicLong read = new java.util.concurrent.atomic.AtomicLong();
    BundleReader counting = new BundleReader(BundleLimits.DEFAULT, SandboxPolicy.REFERENCE, channel -> new CountingChannel(channel, read));
    rejected(Problem.TOO_MANY_BYTES, "zip source bomb.zip exceeds 2000000 bytes", () -> counting.readZip("bomb.zip", bytes, Map.of()));
    assertTrue(read.get() < 32 * 1024, "read " + read.get() + " of " + compressed + " compressed bytes");
    BundleReport report = BundleValidator.validate(bomb, ValidationOptions.DEFAULT);
    assertEquals(Stage.SNAPSHOT, report.stage());
    assertEquals("zip source bomb.zip exceeds 2000000 bytes", report.reason());
  }

  @Test
  void fiftyMegabyteSingleLineIsRefusedWithoutReadingItAll() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("big"));
    try (OutputStream out = Files.newOutputStream(dir.resolve("architecture.py"))) {
      byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 50; i++) {
        out.write(chunk);
      }
    }
    rejected(Problem.TOO_MANY_BYTES, "source snapshot exceeds 2000000 bytes", () -> REFERENCE.read(dir));
    Path archive = tmp.resolve("line.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(archive))) {
      out.putNextEntry(new ZipEntry("architecture.py"));
      byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 50; i++) {
        out.write(chunk);
      }
      out.closeEntry();
    }
    rejected(Problem.TOO_MANY_BYTES, "zip source line.zip exceeds 2000000 bytes", () -> REFERENCE.read(archive));
  }

  @Test
  void sourceFormDecodesStrictBase64() {
    byte[] archive = TestZip.of(TestZip.files("a.py", "x"));
    String b64 = Base64.getEncoder().encodeToString(archive);
    assertEquals(List.of("bundle/a.py"), paths(REFERENCE.readSubmission(new Submission("bundle.zip", b64, Map.of()))));
    for (String bad : List.of(b64 + "\n", " " + b64, b64.substring(0, b64.length() - 1), b64 + "====", "QQ", "QQ=", "A===")) {
      rejected(Problem.NOT_BASE64, "zip source bundle.zip must be base64 encoded",
          () -> REFERENCE.readSubmission(new Submission("bundle.zip", bad, Map.of())));
    }
    rejected(Problem.NOT_A_ZIP, "zip source submission.zip is not a valid zip archive",
        () -> REFERENCE.readSubmission(new Submission("submission.zip",
            Base64.getEncoder().encodeToString("this is not a zip archive".getBytes(StandardCharsets.UTF_8)), Map.of())));
  }

  @Test
  void pythonSourceFormAndMetadataArchive() {
    String archive = Base64.getEncoder().encodeToString(TestZip.of(TestZip.files("training.py", "t")));
    Map<String, Object> metadata = new HashMap<>();
    metadata.put("archive_base64", "");
    metadata.put("zip_base64", archive);
    Snapshot s = REFERENCE.readSubmission(new Submission("architecture.py", "a", metadata));
    assertEquals(List.of("architecture.py", "metadata/training.py"), paths(s));
    Snapshot ignored = REFERENCE.readSubmission(new Submission("model.py", "a", Map.of("archive_base64", 5, "zip_base64", archive)));
    assertEquals(List.of("model.py"), paths(ignored));
    Snapshot blank = REFERENCE.readSubmission(new Submission("model.py", "a", Map.of("archive_base64", " \n\t")));
    assertEquals(List.of("model.py"), paths(blank));
  }

  @Test
  void laterSourcesGetWhatIsLeftOfTheBudget() {
    String archive = Base64.getEncoder().encodeToString(TestZip.of(TestZip.files("a.txt", "a".repeat(1_000))));
    BundleReader small = new BundleReader(new BundleLimits(200, 1_500, 7_500_000), SandboxPolicy.REFERENCE);
    SnapshotException e = assertThrows(SnapshotException.class,
        () -> small.readSources(List.of(Map.entry("model.py", "x".repeat(600)), Map.entry("m.zip", archive))));
    assertEquals("zip source m.zip exceeds 900 bytes", e.getMessage());
  }

  @Test
  void unsafeAndUnencodableSources() {
    rejected(Problem.UNSAFE_PATH, "unsafe source path: ..", () -> REFERENCE.readSources(List.of(Map.entry("..", "x"))));
    rejected(Problem.UNSAFE_PATH, "unsafe source path: /", () -> REFERENCE.readSources(List.of(Map.entry("/", "x"))));
    assertEquals(List.of("etc/x.py"), paths(REFERENCE.readSources(List.of(Map.entry("/etc/x.py", "x")))));
    assertEquals(List.of("b.py"), paths(REFERENCE.readSources(List.of(Map.entry("a/../b.py", "x")))));
    SnapshotException e = assertThrows(SnapshotException.class,
        () -> REFERENCE.readSources(List.of(Map.entry("model.py", "a\ud800b"))));
    assertEquals(Problem.UNENCODABLE_TEXT, e.problem());
    assertEquals("'utf-8' codec can't encode character '\\ud800' in position 1: surrogates not allowed", e.getMessage());
  }

  @Test
  void directorySnapshotsUseRelativePathsWithoutStem() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("proj"));
    Files.createDirectories(dir.resolve("pkg"));
    Files.writeString(dir.resolve("training.py"), "t");
    Files.writeString(dir.resolve("pkg/layers.py"), "l");
    Files.writeString(dir.resolve("architecture.py"), "a");
    assertEquals(List.of("architecture.py", "pkg/layers.py", "training.py"), paths(REFERENCE.read(dir)));
  }

  @Test
  void directoriesRefuseSymlinksUnsupportedFilesAndLimits() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("links"));
    Files.writeString(dir.resolve("a.py"), "a");
    Files.createSymbolicLink(dir.resolve("b.py"), Path.of("/etc/passwd"));
    rejected(Problem.SYMLINK, "directory links contains symlink or special file: b.py", () -> REFERENCE.read(dir));

    Path other = Files.createDirectory(tmp.resolve("other"));
    Files.writeString(other.resolve("LICENSE"), "mit");
    rejected(Problem.UNSUPPORTED_FILE, "directory other contains unsupported file: LICENSE", () -> REFERENCE.read(other));

    Path many = Files.createDirectory(tmp.resolve("many"));
    for (int i = 0; i < 201; i++) {
      Files.writeString(many.resolve("f" + i + ".txt"), "");
    }
    rejected(Problem.TOO_MANY_FILES, "source snapshot exceeds 200 files", () -> REFERENCE.read(many));
  }

  /** A channel that counts the bytes read through it. */
  private static final class CountingChannel implements java.nio.channels.SeekableByteChannel {
    private final java.nio.channels.SeekableByteChannel in;
    private final java.util.concurrent.atomic.AtomicLong read;

    CountingChannel(java.nio.channels.SeekableByteChannel in, java.util.concurrent.atomic.AtomicLong read) {
      this.in = in;
      this.read = read;
    }

    @Override
    public int read(java.nio.ByteBuffer dst) throws IOException {
      int n = in.read(dst);
      read.addAndGet(Math.max(0, n));
      return n;
    }

    @Override
    public int write(java.nio.ByteBuffer src) throws IOException {
      return in.write(src);
    }

    @Override
    public long position() throws IOException {
      return in.position();
    }

    @Override
    public java.nio.channels.SeekableByteChannel position(long p) throws IOException {
      in.position(p);
      return this;
    }

    @Override
    public long size() throws IOException {
      return in.size();
    }

    @Override
    public java.nio.channels.SeekableByteChannel truncate(long size) throws IOException {
      in.truncate(size);
      return this;
    }

    @Override
    public boolean isOpen() {
      return in.isOpen();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  @Test
  void nonUtf8DirectoryNamesAreATypedRejection() throws IOException, InterruptedException {
    Path dir = Files.createDirectory(tmp.resolve("names"));
    Files.writeString(dir.resolve("architecture.py"), "x = 1\n");
    // two names that differ only in an invalid byte would both print as "a\ufffd.py"
    Process touch = new ProcessBuilder("sh", "-c", "touch \"$(printf 'a\\377.py')\" \"$(printf 'a\\376.py')\"")
        .directory(dir.toFile()).redirectErrorStream(true).start();
    org.junit.jupiter.api.Assumptions.assumeTrue(touch.waitFor() == 0, "sh/touch unavailable");
    try (var listing = Files.list(dir)) {
      org.junit.jupiter.api.Assumptions.assumeTrue(listing.count() == 3, "file system refuses non-UTF-8 names");
    }
    rejected(Problem.UNDECODABLE_NAME, "directory names contains a file name that is not valid UTF-8: a\ufffd.py", () -> REFERENCE.read(dir));
  }

  @Test
  void nothingIsWrittenWhileReadingHostileArchives() throws IOException {
    Path work = Files.createDirectory(tmp.resolve("work"));
    byte[] archive = TestZip.of(TestZip.files("../../evil.py", "x", "../evil2.py", "y"));
    Path zipFile = work.resolve("bundle.zip");
    Files.write(zipFile, archive);
    assertThrows(SnapshotException.class, () -> REFERENCE.read(zipFile));
    try (var listing = Files.list(work)) {
      assertEquals(List.of(zipFile), listing.toList());
    }
    try (var listing = Files.list(tmp)) {
      assertEquals(List.of(work), listing.toList());
    }
  }
}

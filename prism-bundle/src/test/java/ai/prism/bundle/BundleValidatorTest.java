package ai.prism.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end verdicts in the reference worker's gate order (spec §0.4, §2.1; pipeline cases of §9.1–9.2).
 * Every expected stage, rule and reason was produced by running the reference's static phase on the same
 * bundles.
 *
 * <p>Cases of §9.1–9.2 that do not apply to a Java library, and why:
 * <ul>
 *   <li>HTTP statuses (400 malformed JSON, 422 schema/file name, 413 size): the library has no HTTP layer; the
 *       checks behind 422 and 413 are modelled as the {@code intake} stage ({@link #intakeSizeCapIsInclusiveAndConfigurable},
 *       {@link #intakeChecksTheUploadItself}); JSON parsing belongs to the caller.</li>
 *   <li>The internal bridge route and its verified-hotkey header: authentication and storage, not validation.
 *       A raw body is modelled by its stored form ({@link #rawBodyUploadNamedPyIsStoredBase64AndFailsTheContract}).</li>
 *   <li>The Gate-B gloo helper (world sizes 2 and 4, losses, parameter hashes, shards), the runtime posture
 *       (docker limits, mounts, network) and "no GPU lease / no GPU job": they run training; the library only
 *       decides before any of it (a rejection here is by construction before any lease).</li>
 *   <li>§2.7 static instantiation and the parameter cap (return types, raising, time/memory bounds, parameter
 *       counts, lazy modules, no temp dirs left): they execute {@code build_model} in Python.</li>
 *   <li>The evaluator's {@code prism:artifact-size} check: unreachable after a snapshot passed, see
 *       {@link #artifactSizeCheckIsSubsumedByTheSnapshotBudget}.</li>
 * </ul>
 */
@org.junit.jupiter.api.extension.ExtendWith(NoStrayFiles.class)
class BundleValidatorTest {
  static final String ARCH = Fixtures.ARCH;
  static final String TRAIN = Fixtures.COMPLIANT_TRAIN;
  static final String PLAIN_TRAIN = Fixtures.PLAIN_TRAIN;

  @TempDir Path tmp;

  private Path zip(String name, String... pathsAndContents) throws IOException {
    Path file = tmp.resolve(name);
    Files.write(file, TestZip.of(TestZip.files(pathsAndContents)));
    return file;
  }

  private static BundleReport validate(Path path) {
    return BundleValidator.validate(path, ValidationOptions.DEFAULT);
  }

  private static BundleReport validate(Path path, ValidationOptions options) {
    return BundleValidator.validate(path, options);
  }

  private static void assertRejected(BundleReport r, Stage stage, String reason, String... rules) {
    assertFalse(r.accepted(), () -> "accepted: " + r);
    assertEquals(stage, r.stage(), r.reason());
    assertEquals(reason, r.reason());
    assertEquals(List.of(rules), r.ruleIds());
  }

  @Test
  void compliantTwoScriptZipIsAcceptedWithContractAndFingerprints() throws IOException {
    BundleReport r = validate(zip("bundle.zip", "architecture.py", ARCH, "training.py", TRAIN));
    assertTrue(r.accepted(), r::reason);
    assertEquals(Stage.EXECUTION_MODE, r.stage());
    assertNull(r.reason());
    assertEquals("bundle/architecture.py", r.contract().architectureEntrypoint());
    assertEquals("bundle/training.py", r.contract().trainingEntrypoint());
    assertTrue(r.distributed().compliant());
    Fingerprints f = r.fingerprints();
    assertNotNull(f.codeHash());
    assertEquals(List.of("bundle/architecture.py", "bundle/training.py"), List.copyOf(f.files().keySet()));
    assertFalse(f.files().get("bundle/architecture.py").equals(f.files().get("bundle/training.py")));
    assertEquals(r.contract(), r.orThrow());
  }

  @Test
  void referenceDefaultRejectsASingleProcessTrainingScript() throws IOException {
    Path bundle = zip("plain.zip", "architecture.py", ARCH, "training.py", PLAIN_TRAIN);
    BundleReport r = validate(bundle);
    assertRejected(r, Stage.DISTRIBUTED, "training script is missing required distributed primitives: init_process_group, "
        + "set_device(local_rank)/device binding, DDP or FSDP model wrap, per-rank data sharding (DistributedSampler or "
        + "rank-strided windows), destroy_process_group", "prism:distributed-contract");
    assertEquals("plain/training.py", r.violations().get(0).file());
    assertNull(r.violations().get(0).line());
    BundleRejectedException e = assertThrows(BundleRejectedException.class, r::orThrow);
    assertEquals(Stage.DISTRIBUTED, e.stage());
    assertEquals("prism:distributed-contract", e.violations().get(0).rule());
    BundleReport flagged = validate(bundle, ValidationOptions.builder().distributedPolicy(DistributedPolicy.FLAG).build());
    assertTrue(flagged.accepted());
    assertFalse(flagged.distributed().compliant());
    assertTrue(validate(bundle, ValidationOptions.builder().distributedPolicy(DistributedPolicy.OFF).build()).accepted());
  }

  @Test
  void singleNodeBoundReadsTheMetadata() throws IOException {
    Path bundle = zip("bundle.zip", "architecture.py", ARCH, "training.py", TRAIN);
    assertRejected(validate(bundle, ValidationOptions.builder().metadata(Map.of("gpu_count", 9)).build()), Stage.DISTRIBUTED,
        "requested gpu_count 9 exceeds the single-node bound of 8", "prism:single-node-bound");
    assertRejected(validate(bundle, ValidationOptions.builder().metadata(Map.of("num_nodes", 2)).build()), Stage.DISTRIBUTED,
        "multi-node distributed config is rejected (num_nodes=2); single-node only", "prism:single-node-bound");
    assertRejected(validate(bundle, ValidationOptions.builder().metadata(Map.of("gpu_count", 9))
            .distributedPolicy(DistributedPolicy.OFF).build()), Stage.DISTRIBUTED,
        "requested gpu_count 9 exceeds the single-node bound of 8", "prism:single-node-bound");
    assertRejected(validate(bundle, ValidationOptions.builder().metadata(Map.of("gpu_count", Double.POSITIVE_INFINITY)).build()),
        Stage.DISTRIBUTED, "cannot convert float infinity to integer");
    assertTrue(validate(bundle, ValidationOptions.builder().metadata(Map.of("gpu_count", 8)).build()).accepted());
  }

  @Test
  void executionModeIsCheckedLast() throws IOException {
    Path bundle = zip("bundle.zip", "architecture.py", ARCH, "training.py", TRAIN);
    assertTrue(validate(bundle, ValidationOptions.builder().metadata(Map.of("execution_mode", "full_scale_eval")).build()).accepted());
    BundleReport bad = validate(bundle, ValidationOptions.builder().metadata(Map.of("execution_mode", "turbo")).build());
    assertRejected(bad, Stage.EXECUTION_MODE, "'turbo' is not a valid ExecutionMode");
    assertNotNull(bad.fingerprints());
    assertRejected(validate(bundle, ValidationOptions.builder().metadata(Map.of("execution_mode", true)).build()),
        Stage.EXECUTION_MODE, "'True' is not a valid ExecutionMode");
  }

  @Test
  void contractFailuresNameTheMissingScript() throws IOException {
    assertRejected(validate(zip("single.zip", "architecture.py", ARCH + "\ndef train(ctx):\n    pass\n")), Stage.CONTRACT,
        "submission contract violation: missing training.py (training script is required)");
    assertRejected(validate(zip("noarch.zip", "training.py", TRAIN)), Stage.CONTRACT,
        "submission contract violation: missing architecture.py (architecture script is required)");
    BundleReport bad = validate(zip("badtrain.zip", "architecture.py", ARCH, "training.py", "def train(ctx):\n    return (((\n"));
    assertRejected(bad, Stage.CONTRACT, "submission contract violation: cannot parse badtrain/training.py ('(' was never closed)");
    assertNull(bad.contract());
  }

  @Test
  void malformedArchivesFailTheSnapshot() throws IOException {
    Path notZip = tmp.resolve("notzip.zip");
    Files.writeString(notZip, "definitely not a zip");
    assertRejected(validate(notZip), Stage.SNAPSHOT, "zip source notzip.zip is not a valid zip archive");
  }

  @Test
  void sandboxCoversEveryPythonFile() throws IOException {
    String hub = TRAIN.replace("def train(ctx):\n", "def train(ctx):\n    torch.hub.load('a', 'b')\n");
    BundleReport r = validate(zip("hub.zip", "architecture.py", ARCH, "training.py", hub));
    assertRejected(r, Stage.SANDBOX, "forbidden torch escape: torch.hub.load", "prism:no-torch-escape");
    assertEquals("hub/training.py", r.violations().get(0).file());
    assertEquals(9, r.violations().get(0).line());
    assertNotNull(r.contract());
    assertNotNull(r.fingerprints());
    assertRejected(validate(zip("helper.zip", "architecture.py", ARCH, "training.py", TRAIN, "helpers.py", "x = 1\ny = (\n")),
        Stage.SANDBOX, "'(' was never closed (<unknown>, line 2)");
    assertRejected(validate(zip("numpy.zip", "architecture.py", ARCH + "\nimport numpy\n", "training.py", TRAIN)),
        Stage.SANDBOX, "forbidden imports: numpy", "prism:no-forbidden-import");
  }

  @Test
  void architectureTextIsInspectedFirstUnderItsFirstPath() throws IOException {
    BundleReport r = validate(zip("dup.zip", "architecture.py", ARCH + "\nimport os\n", "training.py", TRAIN.replace("import torch\n",
        "import torch\nimport sys\n"), "a_copy.py", ARCH + "\nimport os\n"));
    assertRejected(r, Stage.SANDBOX, "forbidden imports: os", "prism:no-process");
    assertEquals("dup/a_copy.py", r.violations().get(0).file());
  }

  @Test
  void hostilePythonSources() throws IOException {
    assertRejected(validate(zip("parens.zip", "architecture.py", ARCH, "training.py", TRAIN,
            "helpers.py", "x = " + "(".repeat(10_000) + ")".repeat(10_000) + "\n")),
        Stage.SANDBOX, "too many nested parentheses (<unknown>, line 1)");
    assertRejected(validate(zip("nul.zip", "architecture.py", ARCH, "training.py", TRAIN.replace("import torch\n", "import torch\0\n"))),
        Stage.CONTRACT, "submission contract violation: cannot parse nul/training.py (source code string cannot contain null bytes)");
    Path macos = tmp.resolve("macos.zip");
    Files.write(macos, TestZip.create().add("architecture.py", ARCH).add("training.py", TRAIN)
        .add("__MACOSX/._architecture.py", new byte[] {0, 5, 22, 7, 0, 2, 0, 0, 'M', 'a', 'c'}).bytes());
    assertRejected(validate(macos), Stage.SANDBOX, "source code string cannot contain null bytes");
    assertRejected(validate(zip("deep.zip", "architecture.py", ARCH, "training.py", TRAIN,
        "helpers.py", "x = " + String.join("+", java.util.Collections.nCopies(995, "1")) + "\n")),
        Stage.SNAPSHOT, "maximum recursion depth exceeded");
    assertTrue(validate(zip("deepok.zip", "architecture.py", ARCH, "training.py", TRAIN,
        "helpers.py", "x = " + String.join("+", java.util.Collections.nCopies(900, "1")) + "\n")).accepted());
    assertRejected(validate(zip("readme.zip", "architecture.py", ARCH, "training.py", TRAIN, "README.md", "Intro:\n        code\n    less\n")),
        Stage.SNAPSHOT, "unindent does not match any outer indentation level (<tokenize>, line 3)");
  }

  @Test
  void byteOrderMarksAndLineEndings() throws IOException {
    assertRejected(validate(zip("bom.zip", "architecture.py", "\ufeff" + ARCH, "training.py", TRAIN)), Stage.CONTRACT,
        "submission contract violation: cannot parse bom/architecture.py (invalid non-printable character U+FEFF)");
    BundleReport lf = validate(zip("lf.zip", "architecture.py", ARCH, "training.py", TRAIN));
    BundleReport crlf = validate(zip("lf.zip", "architecture.py", ARCH.replace("\n", "\r\n"), "training.py", TRAIN.replace("\n", "\r")));
    assertTrue(crlf.accepted(), crlf::reason);
    assertEquals(lf.fingerprints().archFingerprint(), crlf.fingerprints().archFingerprint());
    assertEquals(lf.fingerprints().trainingHash(), crlf.fingerprints().trainingHash());
    assertFalse(lf.fingerprints().snapshotFingerprint().equals(crlf.fingerprints().snapshotFingerprint()));
  }

  @Test
  void reviewPrefilterRunsLast() throws IOException {
    BundleReport comment = validate(zip("comment.zip", "architecture.py", ARCH, "training.py", "# no requests here\n" + TRAIN));
    assertRejected(comment, Stage.REVIEW, "submission violates Prism safety rules", "prism:llm-review:network-process-escape-attempt");
    assertEquals("network/process escape attempt", comment.violations().get(0).message());
    assertEquals("submission.py", comment.violations().get(0).file());
    assertEquals(18, comment.violations().get(0).line());
    BundleReport file = validate(zip("reqfile.zip", "architecture.py", ARCH, "training.py", TRAIN, "requests.py", "x = 1\n"));
    assertRejected(file, Stage.REVIEW, "submission violates Prism safety rules", "prism:llm-review:network-process-escape-attempt");
    BundleReport two = validate(zip("two.zip", "architecture.py", ARCH, "training.py", "# cat /etc/passwd; see requests\n" + TRAIN));
    assertEquals(List.of("prism:llm-review:network-process-escape-attempt", "prism:llm-review:secret-exfiltration-indicator"),
        two.ruleIds());
  }

  @Test
  void localStemsAndSingleParentStepsDependOnThePolicy() throws IOException {
    Path os = zip("osfile.zip", "architecture.py", ARCH, "training.py", TRAIN.replace("import torch\n", "import torch\nimport os\n"),
        "os.py", "x = 1\n");
    assertTrue(validate(os).accepted());
    ValidationOptions hardened = ValidationOptions.builder().sandboxPolicy(SandboxPolicy.HARDENED).build();
    assertRejected(validate(os, hardened), Stage.SANDBOX, "forbidden imports: os", "prism:no-process");
    Path escape = zip("escape.zip", "architecture.py", ARCH, "../training.py", TRAIN);
    BundleReport reference = validate(escape);
    assertTrue(reference.accepted());
    assertEquals("training.py", reference.contract().trainingEntrypoint());
    assertRejected(validate(escape, hardened), Stage.SNAPSHOT, "unsafe source path: ../training.py");
  }

  @Test
  void hardenedKeepsTheReferenceVerdictAcrossFiles() throws IOException {
    // architecture.py (inspected first) has only a HARDENED finding; training.py breaks a reference rule
    Path bundle = zip("mixed.zip", "architecture.py", ARCH + "\nfrom prism_challenge.evaluator.heldout import os\n",
        "training.py", TRAIN.replace("import torch\n", "import torch\nimport pickle\n"));
    ValidationOptions hardened = ValidationOptions.builder().sandboxPolicy(SandboxPolicy.HARDENED).build();
    BundleReport reference = validate(bundle);
    assertRejected(reference, Stage.SANDBOX, "forbidden imports: pickle", "prism:no-deserialization");
    assertEquals(reference.violations(), validate(bundle, hardened).violations());
    Path smuggled = zip("smuggled.zip", "architecture.py", ARCH + "\nfrom prism_challenge.evaluator.heldout import os\n",
        "training.py", TRAIN);
    assertTrue(validate(smuggled).accepted());
    assertRejected(validate(smuggled, hardened), Stage.SANDBOX,
        "forbidden import: from prism_challenge.evaluator.heldout import os", "prism:no-process");
  }

  /** §9.1: {@code code} of cap−1 and exactly cap bytes pass intake, cap+1 is 413 {@code submission too large}; the cap is a setting. */
  @Test
  void intakeSizeCapIsInclusiveAndConfigurable() {
    for (long cap : List.of(1_000L, BundleLimits.DEFAULT.maxCodeBytes())) {
      ValidationOptions options = ValidationOptions.builder().limits(new BundleLimits(200, 2_000_000L, cap)).build();
      for (long size : List.of(cap - 1, cap)) {
        BundleReport r = BundleValidator.validate(new Submission("model.py", "#".repeat((int) size), Map.of()), options);
        assertFalse(r.stage() == Stage.INTAKE, () -> size + " bytes under a cap of " + cap + ": " + r.reason());
      }
      assertRejected(BundleValidator.validate(new Submission("model.py", "#".repeat((int) cap + 1), Map.of()), options),
          Stage.INTAKE, "submission too large");
    }
    // the cap counts UTF-8 bytes, not characters
    ValidationOptions small = ValidationOptions.builder().limits(new BundleLimits(200, 2_000_000L, 10)).build();
    assertRejected(BundleValidator.validate(new Submission("model.py", "#\u00e9\u00e9\u00e9\u00e9\u00e9", Map.of()), small),
        Stage.INTAKE, "submission too large");
  }

  /** §9.1: the default cap exceeds the base64 length of a 5 MiB zip (6,990,508), so such an upload reaches the snapshot. */
  @Test
  void defaultCapAdmitsTheBase64OfAFiveMebibyteZip() throws IOException {
    assertEquals(6_990_508L, BundleReader.base64Length(5L << 20));
    assertTrue(BundleReader.base64Length(5L << 20) < BundleLimits.DEFAULT.maxCodeBytes());
    Path fiveMib = tmp.resolve("five.zip");
    Files.write(fiveMib, paddedZip(5 << 20));
    assertEquals(5L << 20, Files.size(fiveMib));
    BundleReport r = validate(fiveMib);
    assertEquals(Stage.SNAPSHOT, r.stage(), r.reason());
    assertEquals("zip source five.zip exceeds 2000000 bytes", r.reason());
    Path tooBig = tmp.resolve("big.zip");
    Files.write(tooBig, paddedZip(5_625_001)); // base64: 7,500,004 bytes
    assertRejected(validate(tooBig), Stage.INTAKE, "submission too large");
  }

  /** A zip of exactly {@code size} bytes: one stored entry of random (incompressible) bytes. */
  private static byte[] paddedZip(int size) {
    java.util.Random random = new java.util.Random(7);
    int payload = size - 30 - 46 - 22 - 2 * "pad.txt".length();
    byte[] data = new byte[payload];
    random.nextBytes(data);
    TestZip archive = TestZip.create();
    archive.entry("pad.txt".getBytes(java.nio.charset.StandardCharsets.UTF_8), data).method = 0;
    byte[] zip = archive.bytes();
    assertEquals(size, zip.length);
    return zip;
  }

  /**
   * §1.1 quirk, §9.1: a raw-body upload named {@code entry.py} is stored as the base64 of the body, and the worker
   * reads a {@code .py} submission's {@code code} as source text, so the file holds base64 and the contract fails.
   */
  @Test
  void rawBodyUploadNamedPyIsStoredBase64AndFailsTheContract() {
    String stored = java.util.Base64.getEncoder().encodeToString(ARCH.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    BundleReport r = BundleValidator.validate(new Submission("entry.py", stored,
        Map.of("content_type", "application/octet-stream", "bridge", true)), ValidationOptions.DEFAULT);
    assertEquals(Stage.CONTRACT, r.stage(), r.reason());
    assertTrue(r.reason().contains("architecture.py"), r.reason());
  }

  /**
   * Spec §1.2 last paragraph, §9.1 last bullet: the container evaluator's {@code _enforce_artifact_size} sums the
   * UTF-8 size of {@code snapshot.files} against {@code plagiarism_storage_max_bytes}, the same setting and the same
   * {@code >} comparison the snapshot already applied to every added text (overwritten ones included), so it never
   * fires for a snapshot that was built: invalid bytes expanded to U+FFFD are counted by the snapshot. The library
   * therefore models it as the snapshot's check; these bundles sit on the boundary.
   */
  @Test
  void artifactSizeCheckIsSubsumedByTheSnapshotBudget() throws IOException {
    // 600,002 raw bytes pass the zip's own budget; decoded, each 0xff is a 3-byte U+FFFD (1,800,002 bytes),
    // inside a comment line so the snapshot's tokenize pass sees one token
    byte[] invalid = new byte[600_002];
    java.util.Arrays.fill(invalid, (byte) 0xff);
    invalid[0] = '#';
    invalid[invalid.length - 1] = '\n';
    String padding = "#".repeat(2_000_000 - 1_800_002 - ARCH.length() - TRAIN.length() - 2);
    Path exact = tmp.resolve("exact.zip");
    Files.write(exact, TestZip.create().add("architecture.py", ARCH).add("training.py", TRAIN).add("notes.txt", invalid)
        .add("pad.md", padding + "\n\n").bytes());
    BundleReport atLimit = validate(exact);
    assertTrue(atLimit.accepted(), atLimit::reason);
    long total = atLimit.contract().snapshot().files().stream().mapToLong(f -> PythonText.utf8Length(f.content())).sum();
    assertEquals(2_000_000L, total);
    Path over = tmp.resolve("over.zip");
    Files.write(over, TestZip.create().add("architecture.py", ARCH).add("training.py", TRAIN).add("notes.txt", invalid)
        .add("pad.md", padding + "\n\n\n").bytes());
    assertRejected(validate(over), Stage.SNAPSHOT, "source snapshot exceeds 2000000 bytes");
  }

  /** §9.2 pipeline: tokenizers defined in training.py, or the reference tokenizers by name, pass every static gate. */
  @Test
  void inCodeAndReferenceTokenizersAreAccepted() throws IOException {
    String tokenizerClass = TRAIN.replace("def train(ctx):\n", """
        class ByteTokenizer:
            vocab_size = 256

            def encode(self, text):
                return list(text.encode("utf-8"))

            def decode(self, ids):
                return bytes(ids).decode("utf-8", errors="replace")


        def train(ctx):
            tokenizer = ByteTokenizer()
        """);
    BundleReport inCode = validate(zip("tok.zip", "architecture.py", ARCH, "training.py", tokenizerClass));
    assertTrue(inCode.accepted(), inCode::reason);
    for (String name : List.of("gpt2", "llama")) {
      String byName = TRAIN.replace("def train(ctx):\n", "def train(ctx):\n    tokenizer = ctx.reference_tokenizer('" + name + "')\n");
      BundleReport r = validate(zip(name + ".zip", "architecture.py", ARCH, "training.py", byName));
      assertTrue(r.accepted(), r::reason);
    }
  }

  /** §9.2 pipeline: an external {@code torch.load} and a load through a shadowed trusted root are rejected by the sandbox. */
  @Test
  void externalAndShadowedLoadsAreRejectedBeforeAnyGpuWork() throws IOException {
    String external = TRAIN.replace("def train(ctx):\n", "def train(ctx):\n    state = torch.load('/tmp/external_weights.pt')\n");
    BundleReport r = validate(zip("external.zip", "architecture.py", ARCH, "training.py", external));
    assertRejected(r, Stage.SANDBOX, "forbidden deserialization: torch.load of an external/untrusted path", "prism:no-deserialization");
    assertEquals("external/training.py", r.violations().get(0).file());
    String shadowed = TRAIN.replace("def train(ctx):\n",
        "def train(ctx):\n    checkpoint_dir = '/etc'\n    state = torch.load(checkpoint_dir + '/x.pt')\n");
    assertRejected(validate(zip("shadowed.zip", "architecture.py", ARCH, "training.py", shadowed)), Stage.SANDBOX,
        "forbidden deserialization: torch.load of an external/untrusted path", "prism:no-deserialization");
  }

  @Test
  void intakeChecksTheUploadItself() throws IOException {
    Path spaced = zip("my bundle.zip", "architecture.py", ARCH, "training.py", TRAIN);
    BundleReport r = validate(spaced);
    assertEquals(Stage.INTAKE, r.stage());
    assertTrue(r.reason().startsWith("invalid submission filename: my bundle.zip"), r.reason());
    Path empty = tmp.resolve("empty.zip");
    Files.write(empty, new byte[0]);
    assertRejected(validate(empty), Stage.INTAKE, "submission code is empty");
    Path raw = tmp.resolve("upload.bin");
    Files.write(raw, TestZip.of(TestZip.files("architecture.py", ARCH, "training.py", TRAIN)));
    BundleReport asSubmissionZip = validate(raw);
    assertTrue(asSubmissionZip.accepted());
    assertEquals("submission/architecture.py", asSubmissionZip.contract().architectureEntrypoint());
  }

  @Test
  void directoriesAreValidatedAsDirectorySnapshots() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("project"));
    Files.writeString(dir.resolve("architecture.py"), ARCH);
    Files.writeString(dir.resolve("training.py"), TRAIN);
    BundleReport r = validate(dir);
    assertTrue(r.accepted(), r::reason);
    assertEquals("architecture.py", r.contract().architectureEntrypoint());
    assertNull(r.fingerprints().codeHash());
    Files.writeString(dir.resolve("training.py"), PLAIN_TRAIN);
    assertEquals(Stage.DISTRIBUTED, validate(dir).stage());
  }

  @Test
  void sourceFormSubmissions() {
    String archive = java.util.Base64.getEncoder().encodeToString(TestZip.of(TestZip.files("training.py", TRAIN)));
    BundleReport r = BundleValidator.validate(new Submission("architecture.py", ARCH, Map.of("archive_base64", archive)),
        ValidationOptions.DEFAULT);
    assertTrue(r.accepted(), r::reason);
    assertEquals("metadata/training.py", r.contract().trainingEntrypoint());
    assertEquals(PythonText.sha256Hex(ARCH), r.fingerprints().codeHash());
    BundleReport bad = BundleValidator.validate(new Submission("bundle.zip", "not base64!", Map.of()), ValidationOptions.DEFAULT);
    assertRejected(bad, Stage.SNAPSHOT, "zip source bundle.zip must be base64 encoded");
    BundleReport name = BundleValidator.validate(new Submission("../escape.py", "x", Map.of()), ValidationOptions.DEFAULT);
    assertEquals(Stage.INTAKE, name.stage());
    String big = "#".repeat(7_500_001);
    assertRejected(BundleValidator.validate(new Submission("model.py", big, Map.of()), ValidationOptions.DEFAULT),
        Stage.INTAKE, "submission too large");
  }

  @Test
  void python312DialectParsesNewSyntaxAndChangesDumpBasedHashes() throws IOException {
    Path modern = zip("modern.zip", "architecture.py", ARCH + "\ntype Alias = list[int]\n", "training.py", TRAIN);
    assertEquals(Stage.CONTRACT, validate(modern).stage());
    ValidationOptions py312 = ValidationOptions.builder().pythonVersion(ai.prism.bundle.python.PythonVersion.PY312).build();
    assertTrue(validate(modern, py312).accepted());
    Path plain = zip("plain312.zip", "architecture.py", ARCH, "training.py", TRAIN);
    assertFalse(validate(plain).fingerprints().archFingerprint().equals(validate(plain, py312).fingerprints().archFingerprint()));
  }

  @Test
  void verdictsAreDeterministic() throws IOException {
    Path bundle = zip("bundle.zip", "architecture.py", ARCH + "\nimport socket\n", "training.py", TRAIN);
    BundleReport first = validate(bundle);
    BundleReport second = validate(bundle);
    assertEquals(first.reason(), second.reason());
    assertEquals(first.violations(), second.violations());
    assertEquals(first.fingerprints(), second.fingerprints());
  }
}

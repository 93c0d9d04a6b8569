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
 * bundles. Not applicable (Python execution, §2.7): forced-seed instantiation, parameter cap.
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

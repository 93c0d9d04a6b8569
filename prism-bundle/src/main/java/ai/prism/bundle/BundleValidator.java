package ai.prism.bundle;

import ai.prism.bundle.SnapshotException.Problem;
import ai.prism.bundle.python.PyNode;
import ai.prism.bundle.python.PythonSyntaxException;
import ai.prism.bundle.sandbox.DistributedContract;
import ai.prism.bundle.sandbox.DistributedReport;
import ai.prism.bundle.sandbox.ReviewPrefilter;
import ai.prism.bundle.sandbox.SandboxViolation;
import ai.prism.bundle.sandbox.StaticSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Runs the reference's pre-GPU gates on a bundle, in the worker's order (spec §0.4, §2.1): intake,
 * snapshot (with the duplicate detector's features), two-script contract and fingerprints, the AST
 * sandbox over every {@code .py} file (architecture entrypoint first), the distributed contract and
 * single-node bound, the review-phase regex pre-filter and the execution-mode check on the metadata. The
 * forced-seed instantiation and
 * parameter cap (§2.7) need Python and are not run: a bundle accepted here can still fail there.
 */
public final class BundleValidator {
  private static final Pattern FILENAME = Pattern.compile("^[A-Za-z0-9_.-]+\\.(py|zip)$");
  private static final java.util.Set<String> EXECUTION_MODES = java.util.Set.of("gpu_proxy_eval", "full_scale_eval");

  private BundleValidator() {}

  /**
   * Validates a directory (as a directory snapshot) or a file: a {@code .zip} as a zip upload of that
   * name, a {@code .py} as a literal source upload, anything else as a raw upload, which the reference
   * names {@code submission.zip}. Unreadable paths are {@link BundleException}s; every verdict, including
   * a hostile archive, is a report.
   */
  public static BundleReport validate(Path path, ValidationOptions options) {
    String source = path.toString();
    if (Files.isDirectory(path)) {
      return run(source, options, null, () -> reader(options).readDirectory(path));
    }
    String name = path.getFileName() == null ? source : path.getFileName().toString();
    String filename = name.endsWith(".zip") || name.endsWith(".py") ? name : "submission.zip";
    try {
      if (filename.endsWith(".py")) {
        byte[] bytes = BundleReader.readFile(path, options.limits().maxCodeBytes());
        return validate(source, new Submission(filename, PythonText.decodeUtf8(bytes, 0, bytes.length), options.metadata()), options);
      }
      byte[] archive = reader(options).readZipBytes(path);
      intake(filename, archive.length == 0 ? "" : null, BundleReader.base64Length(archive.length), options.limits());
      return run(source, options, () -> PythonText.sha256Hex(Base64.getEncoder().encode(archive)),
          () -> reader(options).readZip(filename, archive, options.metadata()));
    } catch (SnapshotException e) {
      return rejected(source, e, null, null, null);
    }
  }

  /** Validates a submission in the reference's source form ({@code filename}, {@code code}, {@code metadata}). */
  public static BundleReport validate(Submission submission, ValidationOptions options) {
    return validate(submission.filename(), submission, options);
  }

  private static BundleReport validate(String source, Submission submission, ValidationOptions options) {
    ValidationOptions effective = options.toBuilder().metadata(submission.metadata()).build();
    try {
      intake(submission.filename(), submission.code(), PythonText.utf8(submission.code()).length, options.limits());
    } catch (SnapshotException e) {
      return rejected(source, e, null, null, null);
    }
    return run(source, effective, submission::codeHash, () -> reader(effective).readSubmission(submission));
  }

  private static BundleReader reader(ValidationOptions options) {
    return new BundleReader(options.limits(), options.sandboxPolicy());
  }

  /** The HTTP intake checks: name pattern (422), non-empty code (422), {@code max_code_bytes} (413). */
  private static void intake(String filename, String code, long codeBytes, BundleLimits limits) {
    if (!FILENAME.matcher(filename).matches()) {
      throw new SnapshotException(Problem.INVALID_FILENAME,
          "invalid submission filename: " + filename + " (must match ^[A-Za-z0-9_.-]+\\.(py|zip)$)");
    }
    if (code != null && code.isEmpty()) {
      throw new SnapshotException(Problem.EMPTY_SUBMISSION, "submission code is empty");
    }
    if (codeBytes > limits.maxCodeBytes()) {
      throw new SnapshotException(Problem.SUBMISSION_TOO_LARGE, "submission too large");
    }
  }

  private interface SnapshotSource {
    Snapshot read();
  }

  private interface CodeHash {
    String get();
  }

  private static BundleReport run(String source, ValidationOptions options, CodeHash codeHash, SnapshotSource read) {
    SourceTrees trees = new SourceTrees(options.pythonVersion());
    Snapshot snapshot;
    SnapshotFeatures features;
    try {
      snapshot = read.read();
      features = SnapshotFeatures.of(snapshot, trees);
    } catch (SnapshotException e) {
      return rejected(source, e, null, null, null);
    }
    ResolvedBundle bundle;
    Fingerprints fingerprints;
    try {
      bundle = ContractResolver.resolve(snapshot, trees);
      fingerprints = Fingerprints.of(bundle, features, codeHash == null ? null : codeHash.get(), trees);
    } catch (ContractException e) {
      return rejected(source, e, null, null, null);
    } catch (BundleRejectedException e) {
      return rejected(source, new ContractException(e.getMessage(), e), null, null, null);
    }
    try {
      sandbox(bundle, options, trees);
    } catch (BundleRejectedException e) {
      return rejected(source, e, bundle, fingerprints, null);
    }
    DistributedReport distributed;
    try {
      distributed = distributed(bundle, options, trees);
    } catch (BundleRejectedException e) {
      return rejected(source, e, bundle, fingerprints, null);
    }
    List<Evidence> review = ReviewPrefilter.scan(snapshot.combinedPython(ReviewPrefilter.MAX_REVIEWED_CHARS));
    if (!review.isEmpty()) {
      // evidence (and so rule ids) in pattern order, as the reference records it
      List<Violation> violations = review.stream().map(e -> Violation.of(e.explanation(), e)).toList();
      return new BundleReport(source, false, Stage.REVIEW, ReviewPrefilter.REASON, violations, bundle, fingerprints, distributed);
    }
    Object mode = options.metadata().get("execution_mode");
    if (mode != null && !EXECUTION_MODES.contains(PyValues.str(mode))) {
      return new BundleReport(source, false, Stage.EXECUTION_MODE, PyValues.repr(PyValues.str(mode)) + " is not a valid ExecutionMode",
          List.of(), bundle, fingerprints, distributed);
    }
    return new BundleReport(source, true, Stage.EXECUTION_MODE, null, List.of(), bundle, fingerprints, distributed);
  }

  /**
   * The worker's {@code _inspect_project_snapshot}: the architecture entrypoint's text first (reported under
   * the first {@code .py} file with that text, else {@code model.py}), then every other {@code .py} file
   * whose text differs from it, in snapshot order. Under {@code HARDENED} the reference's pass over every file
   * runs first, so a bundle the reference rejects keeps the reference's violation.
   */
  private static void sandbox(ResolvedBundle bundle, ValidationOptions options, SourceTrees trees) {
    if (options.sandboxPolicy() != SandboxPolicy.REFERENCE) {
      sandbox(new StaticSandbox(SandboxPolicy.REFERENCE), bundle, trees);
    }
    sandbox(new StaticSandbox(options.sandboxPolicy()), bundle, trees);
  }

  private static void sandbox(StaticSandbox sandbox, ResolvedBundle bundle, SourceTrees trees) {
    String primary = bundle.architectureSource();
    List<SourceFile> python = bundle.snapshot().pythonFiles();
    String primaryPath = python.stream().filter(f -> f.content().equals(primary)).map(SourceFile::path).findFirst().orElse("model.py");
    inspect(sandbox, trees, primary, primaryPath, bundle);
    for (SourceFile file : python) {
      if (!file.content().equals(primary)) {
        inspect(sandbox, trees, file.content(), file.path(), bundle);
      }
    }
  }

  private static void inspect(StaticSandbox sandbox, SourceTrees trees, String code, String path, ResolvedBundle bundle) {
    PyNode tree = parseOrReject(trees, code, Stage.SANDBOX);
    try {
      sandbox.inspect(code, tree, bundle.localImportRoots(), path);
    } catch (SandboxViolation v) {
      throw rejection(Stage.SANDBOX, v);
    }
  }

  private static PyNode parseOrReject(SourceTrees trees, String code, Stage stage) {
    try {
      return trees.parse(code);
    } catch (PythonSyntaxException e) {
      String reason = e.kind() == PythonSyntaxException.Kind.TOO_DEEPLY_NESTED ? e.msg() : e.pythonStr();
      throw new BundleRejectedException(stage, reason, e);
    }
  }

  private static BundleRejectedException rejection(Stage stage, SandboxViolation v) {
    List<Violation> violations = v.evidence().stream().map(e -> Violation.of(v.getMessage(), e)).toList();
    return new BundleRejectedException(stage, v.getMessage(), violations);
  }

  /** The worker's {@code _distributed_contract_check}: the training {@code .py} entrypoint, then the single-node bound. */
  private static DistributedReport distributed(ResolvedBundle bundle, ValidationOptions options, SourceTrees trees) {
    String entry = bundle.trainingEntrypoint();
    String code = bundle.snapshot().pythonFiles().stream().filter(f -> f.path().equals(entry))
        .map(SourceFile::content).findFirst().orElse("");
    DistributedReport report = null;
    try {
      if (!code.isEmpty()) {
        report = DistributedContract.check(parseOrReject(trees, code, Stage.DISTRIBUTED), entry, options.distributedPolicy());
      }
      DistributedContract.enforceSingleNodeBound(options.metadata(), options.maxGpuCount());
    } catch (SandboxViolation v) {
      throw rejection(Stage.DISTRIBUTED, v);
    } catch (BundleRejectedException e) {
      throw e;
    } catch (BundleException e) {
      throw new BundleRejectedException(Stage.DISTRIBUTED, e.getMessage(), e);
    }
    return report;
  }

  private static BundleReport rejected(String source, BundleRejectedException e, ResolvedBundle bundle, Fingerprints fingerprints,
      DistributedReport distributed) {
    return new BundleReport(source, false, e.stage(), e.getMessage(), e.violations(), bundle, fingerprints, distributed);
  }
}

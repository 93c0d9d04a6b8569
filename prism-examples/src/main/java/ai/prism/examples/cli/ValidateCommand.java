package ai.prism.examples.cli;

import ai.prism.bundle.BundleException;
import ai.prism.bundle.BundleReport;
import ai.prism.bundle.DistributedPolicy;
import ai.prism.bundle.Evidence;
import ai.prism.bundle.Fingerprints;
import ai.prism.bundle.ResolvedBundle;
import ai.prism.bundle.SandboxPolicy;
import ai.prism.bundle.BundleValidator;
import ai.prism.bundle.ValidationOptions;
import ai.prism.bundle.Violation;
import ai.prism.bundle.sandbox.DistributedReport;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code prism validate}: runs the reference's pre-GPU gates on bundles and prints one JSON object per
 * path. Exit 0 when every bundle is accepted, 1 when any is rejected, 2 on a usage or I/O error.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Validate submission bundles (zip files or directories) with the reference's static gates.",
      "Prints one JSON object per line per PATH; exit 0 all accepted, 1 any rejected, 2 usage or I/O error."
    })
public final class ValidateCommand implements Callable<Integer> {
  /** Exit code when every bundle is accepted. */
  static final int ACCEPTED = 0;
  /** Exit code when any bundle is rejected. */
  static final int REJECTED = 1;
  /** Exit code for usage and I/O errors. */
  static final int ERROR = 2;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
      .build();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--policy", defaultValue = "reference", paramLabel = "reference|hardened",
      description = "Sandbox policy: reference (the reference's verdicts, quirks included; default) or hardened.")
  String policy;

  @Option(names = "--distributed", defaultValue = "reject", paramLabel = "reject|flag|off",
      description = "Distributed-contract policy (default reject, as in the reference, which rejects single-GPU scripts).")
  String distributed;

  @Option(names = "--metadata", paramLabel = "JSON",
      description = "Submission metadata as a JSON object, e.g. {\"gpu_count\":16} or {\"num_nodes\":2}.")
  String metadata;

  @Option(names = "--evidence", description = "Add each violation's evidence record (rule_id, artifact_path, line, ast_node, snippet_hash, explanation).")
  boolean evidence;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Zip files (zip uploads) or directories (directory snapshots).")
  List<Path> paths;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ValidationOptions options;
    try {
      options = ValidationOptions.builder()
          .sandboxPolicy(SandboxPolicy.valueOf(choice("--policy", policy, "reference", "hardened")))
          .distributedPolicy(DistributedPolicy.valueOf(choice("--distributed", distributed, "reject", "flag", "off")))
          .metadata(parseMetadata(metadata))
          .build();
    } catch (IllegalArgumentException e) {
      err.println("prism validate: " + e.getMessage());
      return ERROR;
    }
    int exit = ACCEPTED;
    for (Path path : paths) {
      if (!Files.exists(path)) {
        err.println("prism validate: no such file or directory: " + path);
        out.println(errorLine(path, "no such file or directory"));
        exit = ERROR;
        continue;
      }
      try {
        BundleReport report = BundleValidator.validate(path, options);
        out.println(JSON.writeValueAsString(toJson(path.toString(), report, evidence)));
        if (!report.accepted() && exit == ACCEPTED) {
          exit = REJECTED;
        }
      } catch (BundleException | JsonProcessingException e) {
        err.println("prism validate: " + e.getMessage());
        out.println(errorLine(path, e.getMessage()));
        exit = ERROR;
      }
      out.flush();
    }
    return exit;
  }

  private static String choice(String option, String value, String... allowed) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (!List.of(allowed).contains(lower)) {
      throw new IllegalArgumentException(option + " must be one of " + String.join("|", allowed) + ", got " + value);
    }
    return lower.toUpperCase(Locale.ROOT);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> parseMetadata(String json) {
    if (json == null) {
      return Map.of();
    }
    Object parsed;
    try {
      parsed = JSON.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("--metadata is not valid JSON: " + e.getOriginalMessage());
    }
    if (!(parsed instanceof Map)) {
      throw new IllegalArgumentException("--metadata must be a JSON object, got " + json);
    }
    return (Map<String, Object>) parsed;
  }

  private static String errorLine(Path path, String message) {
    ObjectNode line = JSON.createObjectNode();
    line.put("path", path.toString());
    line.put("error", message);
    return line.toString();
  }

  /** The report as the command prints it; each violation is {@code {rule, file, line, message}}, plus {@code evidence} when asked. */
  static ObjectNode toJson(String path, BundleReport report, boolean withEvidence) {
    ObjectNode line = JSON.createObjectNode();
    line.put("path", path);
    line.put("accepted", report.accepted());
    line.put("stage", report.stage().id());
    line.put("reason", report.reason());
    ArrayNode violations = line.putArray("violations");
    for (Violation v : report.violations()) {
      ObjectNode item = violations.addObject();
      item.put("rule", v.rule());
      item.put("file", v.file());
      putLine(item, v.line());
      item.put("message", v.message());
      if (withEvidence) {
        item.set("evidence", evidence(v.evidence()));
      }
    }
    line.set("contract", contract(report.contract(), report.distributed()));
    line.set("fingerprints", fingerprints(report.fingerprints()));
    return line;
  }

  private static JsonNode evidence(Evidence e) {
    ObjectNode node = JSON.createObjectNode();
    node.put("rule_id", e.ruleId());
    node.put("artifact_path", e.artifactPath());
    putLine(node, e.line());
    node.put("ast_node", e.astNode());
    node.put("snippet_hash", e.snippetHash());
    node.put("explanation", e.explanation());
    return node;
  }

  private static void putLine(ObjectNode node, Integer line) {
    if (line == null) {
      node.putNull("line");
    } else {
      node.put("line", line);
    }
  }

  private static JsonNode contract(ResolvedBundle bundle, DistributedReport distributed) {
    if (bundle == null) {
      return JSON.nullNode();
    }
    ObjectNode node = JSON.createObjectNode();
    node.put("kind", bundle.kind());
    node.put("architecture_id", bundle.architectureId());
    node.put("architecture_entrypoint", bundle.architectureEntrypoint());
    node.put("training_entrypoint", bundle.trainingEntrypoint());
    node.put("build_model_symbol", bundle.buildModelSymbol());
    node.put("train_symbol", bundle.trainSymbol());
    bundle.architectureFiles().forEach(node.putArray("architecture_files")::add);
    bundle.trainingFiles().forEach(node.putArray("training_files")::add);
    node.put("manifest_path", bundle.manifestPath());
    node.put("tokenizer", bundle.tokenizer());
    new TreeSet<>(bundle.localImportRoots()).forEach(node.putArray("local_import_roots")::add);
    if (distributed == null) {
      node.putNull("distributed");
    } else {
      ObjectNode d = node.putObject("distributed");
      d.put("compliant", distributed.compliant());
      distributed.missing().forEach(d.putArray("missing")::add);
      d.put("unguarded_writes", distributed.unguardedWrites());
    }
    return node;
  }

  private static JsonNode fingerprints(Fingerprints f) {
    if (f == null) {
      return JSON.nullNode();
    }
    ObjectNode node = JSON.createObjectNode();
    ObjectNode files = node.putObject("files");
    f.files().forEach(files::put);
    node.put("code_hash", f.codeHash());
    node.put("arch_fingerprint", f.archFingerprint());
    node.put("training_hash", f.trainingHash());
    node.put("snapshot_fingerprint", f.snapshotFingerprint());
    node.put("entrypoint_code_hash", f.entrypointCodeHash());
    node.put("architecture_graph_hash", f.architectureGraphHash());
    return node;
  }
}

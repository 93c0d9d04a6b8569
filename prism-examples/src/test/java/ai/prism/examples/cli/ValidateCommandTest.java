package ai.prism.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prism validate}: one JSON object per line per path, exit 0 accepted / 1 rejected / 2 usage or I/O error. */
class ValidateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> EXAMPLE = List.of("architecture.py", "training.py", "prism.yaml");

  @TempDir Path tmp;
  private Path exampleDir;
  private Path exampleZip;

  private record Run(int exit, List<JsonNode> lines, String err) {}

  @BeforeEach
  void writeExampleBundle() throws IOException {
    exampleDir = Files.createDirectory(tmp.resolve("example"));
    exampleZip = tmp.resolve("example.zip");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(exampleZip))) {
      for (String name : EXAMPLE) {
        try (InputStream in = getClass().getResourceAsStream("/ai/prism/examples/bundles/two-script/" + name)) {
          byte[] bytes = in.readAllBytes();
          Files.write(exampleDir.resolve(name), bytes);
          zip.putNextEntry(new ZipEntry(name));
          zip.write(bytes);
          zip.closeEntry();
        }
      }
    }
  }

  private static Run run(String... args) throws IOException {
    CliTest.Run run = CliTest.prism(args);
    List<JsonNode> lines = new java.util.ArrayList<>();
    for (String line : run.out().split("\n")) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    return new Run(run.exit(), lines, run.err());
  }

  @Test
  void exampleBundleIsAcceptedAsZipAndDirectory() throws IOException {
    Run r = run("validate", exampleZip.toString(), exampleDir.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(2, r.lines().size());
    JsonNode zip = r.lines().get(0);
    assertEquals(exampleZip.toString(), zip.get("path").asText());
    assertTrue(zip.get("accepted").asBoolean());
    assertEquals("execution_mode", zip.get("stage").asText());
    assertTrue(zip.get("reason").isNull());
    assertEquals(0, zip.get("violations").size());
    assertEquals("example/architecture.py", zip.get("contract").get("architecture_entrypoint").asText());
    assertEquals("tiny-decoder-example", zip.get("contract").get("architecture_id").asText());
    assertEquals("bytes", zip.get("contract").get("tokenizer").asText());
    assertTrue(zip.get("contract").get("distributed").get("compliant").asBoolean());
    assertEquals(64, zip.get("fingerprints").get("arch_fingerprint").asText().length());
    assertEquals(64, zip.get("fingerprints").get("code_hash").asText().length());
    JsonNode dir = r.lines().get(1);
    assertEquals("architecture.py", dir.get("contract").get("architecture_entrypoint").asText());
    assertTrue(dir.get("fingerprints").get("code_hash").isNull());
  }

  @Test
  void rejectionsExitOneWithRulesAndMetadata() throws IOException {
    Run r = run("validate", "--metadata", "{\"gpu_count\":16}", exampleZip.toString());
    assertEquals(1, r.exit());
    JsonNode line = r.lines().get(0);
    assertEquals(false, line.get("accepted").asBoolean());
    assertEquals("distributed", line.get("stage").asText());
    assertEquals("requested gpu_count 16 exceeds the single-node bound of 8", line.get("reason").asText());
    JsonNode violation = line.get("violations").get(0);
    assertEquals("prism:single-node-bound", violation.get("rule").asText());
    assertEquals("prism.yaml", violation.get("file").asText());
    assertTrue(violation.get("line").isNull());
    assertEquals("requested gpu_count 16 exceeds the single-node bound of 8", violation.get("message").asText());
    assertEquals(List.of("rule", "file", "line", "message"), fieldNames(violation));
    assertEquals(1, run("validate", "--metadata", "{\"num_nodes\":2}", exampleDir.toString()).exit());
  }

  @Test
  void evidenceIsOptIn() throws IOException {
    JsonNode violation = run("validate", "--evidence", "--metadata", "{\"gpu_count\":16}", exampleZip.toString())
        .lines().get(0).get("violations").get(0);
    assertEquals(List.of("rule", "file", "line", "message", "evidence"), fieldNames(violation));
    assertEquals("prism:single-node-bound", violation.get("evidence").get("rule_id").asText());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void policiesChangeTheVerdict() throws IOException {
    Files.writeString(exampleDir.resolve("training.py"), "import torch\nfrom architecture import build_model\n\n\n"
        + "def train(ctx):\n    build_model(ctx)\n");
    Files.writeString(exampleDir.resolve("os.py"), "x = 1\n");
    Files.writeString(exampleDir.resolve("architecture.py"),
        Files.readString(exampleDir.resolve("architecture.py")).replace("import math\n", "import math\nimport os\n"));
    assertEquals("distributed", run("validate", exampleDir.toString()).lines().get(0).get("stage").asText());
    assertEquals(0, run("validate", "--distributed", "off", exampleDir.toString()).exit());
    Run hardened = run("validate", "--distributed", "flag", "--policy", "hardened", exampleDir.toString());
    assertEquals(1, hardened.exit());
    assertEquals("sandbox", hardened.lines().get(0).get("stage").asText());
    assertEquals("prism:no-process", hardened.lines().get(0).get("violations").get(0).get("rule").asText());
  }

  @Test
  void usageAndIoErrorsExitTwo() throws IOException {
    assertEquals(2, run("validate").exit());
    assertEquals(2, run("validate", "--policy", "lenient", exampleZip.toString()).exit());
    assertEquals(2, run("validate", "--metadata", "[1]", exampleZip.toString()).exit());
    assertEquals(2, run("validate", "--metadata", "{not json", exampleZip.toString()).exit());
    Run missing = run("validate", exampleZip.toString(), tmp.resolve("missing.zip").toString());
    assertEquals(2, missing.exit());
    assertEquals(2, missing.lines().size());
    assertTrue(missing.lines().get(0).get("accepted").asBoolean());
    assertEquals("no such file or directory", missing.lines().get(1).get("error").asText());
  }
}

package ai.prism.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.bundle.python.PythonVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The two-script contract (spec §1.3–1.4 and the bundle/contract cases of §9.1). Expected messages
 * were checked against the reference's {@code project_components}.
 */
class ContractResolverTest {
  static final String ARCH = Fixtures.ARCH;

  static final String TRAIN = """
      import torch
      from architecture import build_model

      def train(ctx):
          model = build_model(ctx)
          return None
      """;

  static Snapshot snapshot(String... pathsAndContents) {
    List<Map.Entry<String, String>> sources = new ArrayList<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      sources.add(Map.entry(pathsAndContents[i], pathsAndContents[i + 1]));
    }
    return BundleReader.reference().readSources(sources);
  }

  private static ResolvedBundle resolve(String... pathsAndContents) {
    return ContractResolver.resolve(snapshot(pathsAndContents));
  }

  private static String failure(String... pathsAndContents) {
    ContractException e = assertThrows(ContractException.class, () -> resolve(pathsAndContents));
    assertEquals(Stage.CONTRACT, e.stage());
    assertTrue(e.violations().isEmpty());
    return e.getMessage();
  }

  private static String fingerprint(ResolvedBundle b, List<String> files) {
    return Fingerprints.componentFingerprint(b.snapshot(), files, new SourceTrees(PythonVersion.PY311));
  }

  @Test
  void twoDistinctDefaultScriptsResolveWithDistinctFingerprints() {
    ResolvedBundle b = resolve("architecture.py", ARCH, "training.py", TRAIN);
    assertEquals("architecture.py", b.architectureEntrypoint());
    assertEquals("training.py", b.trainingEntrypoint());
    assertEquals("build_model", b.buildModelSymbol());
    assertEquals("train", b.trainSymbol());
    assertEquals("full", b.kind());
    assertNull(b.architectureId());
    assertNull(b.manifestPath());
    assertNull(b.tokenizer());
    assertEquals(List.of("architecture.py"), b.architectureFiles());
    assertEquals(List.of("training.py"), b.trainingFiles());
    assertNotEquals(fingerprint(b, b.architectureFiles()), fingerprint(b, b.trainingFiles()));
  }

  @Test
  void prismYamlNamingTheDefaultsResolvesIdentically() {
    ResolvedBundle b = resolve("prism.yaml", "architecture:\n  entrypoint: architecture.py\ntraining:\n  entrypoint: training.py\n",
        "architecture.py", ARCH, "training.py", TRAIN);
    assertEquals("architecture.py", b.architectureEntrypoint());
    assertEquals("training.py", b.trainingEntrypoint());
    assertEquals("build_model", b.buildModelSymbol());
    assertEquals("train", b.trainSymbol());
    assertEquals("prism.yaml", b.manifestPath());
  }

  @Test
  void missingScriptsAreNamed() {
    assertEquals("submission contract violation: missing architecture.py (architecture script is required)",
        failure("training.py", TRAIN));
    assertEquals("submission contract violation: missing training.py (training script is required)",
        failure("architecture.py", ARCH));
  }

  @Test
  void missingSymbolsAreNamed() {
    assertEquals("submission contract violation: architecture script architecture.py is missing required function build_model",
        failure("architecture.py", "import torch\n\ndef make(ctx):\n    return torch.nn.Linear(4, 4)\n", "training.py", TRAIN));
    assertEquals("submission contract violation: training script training.py is missing required function train",
        failure("architecture.py", ARCH, "training.py", "import torch\n\ndef run(ctx):\n    return None\n"));
  }

  @Test
  void singleCombinedModuleNoLongerSatisfiesTheContract() {
    assertEquals("submission contract violation: missing training.py (training script is required)",
        failure("architecture.py", ARCH + "\ndef train(ctx):\n    return None\n"));
  }

  @Test
  void declaredEntrypointsAndSymbolsAreHonored() {
    ResolvedBundle b = resolve("prism.yaml", "architecture:\n  entrypoint: model.py::make_model\ntraining:\n  entrypoint: loop.py::run\n",
        "model.py", "import torch\n\ndef make_model(ctx):\n    return torch.nn.Linear(4, 4)\n",
        "loop.py", "def run(ctx):\n    return None\n");
    assertEquals("model.py", b.architectureEntrypoint());
    assertEquals("loop.py", b.trainingEntrypoint());
    assertEquals("make_model", b.buildModelSymbol());
    assertEquals("run", b.trainSymbol());
    assertNotEquals(fingerprint(b, b.architectureFiles()), fingerprint(b, b.trainingFiles()));
  }

  @Test
  void declaredMissingEntrypointHasNoFallbackToTheDefault() {
    assertEquals("submission contract violation: declared architecture entrypoint 'model.py' not found "
            + "(declared entrypoints are honored with no silent fallback)",
        failure("prism.yaml", "architecture:\n  entrypoint: model.py::make_model\ntraining:\n  entrypoint: loop.py::run\n",
            "architecture.py", ARCH, "training.py", TRAIN));
  }

  @Test
  void onlyTopLevelDefsSatisfyTheSymbol() {
    String expected = "submission contract violation: architecture script architecture.py is missing required function build_model";
    assertEquals(expected, failure("architecture.py", "build_model = 1\n", "training.py", TRAIN));
    assertEquals(expected, failure("architecture.py", "class build_model:\n    pass\n", "training.py", TRAIN));
    assertEquals(expected, failure("architecture.py", "from layers import build_model\n", "training.py", TRAIN));
    assertEquals(expected, failure("architecture.py", "if True:\n    def build_model(ctx):\n        pass\n", "training.py", TRAIN));
    ResolvedBundle b = resolve("architecture.py", "async def build_model(ctx):\n    pass\n", "training.py", TRAIN);
    assertEquals("build_model", b.buildModelSymbol());
  }

  @Test
  void blankAndUnparsableScripts() {
    assertEquals("submission contract violation: architecture script architecture.py is empty",
        failure("architecture.py", "  \n\t\u000b", "training.py", TRAIN));
    assertEquals("submission contract violation: cannot parse training.py ('(' was never closed)",
        failure("architecture.py", ARCH, "training.py", "def train(ctx):\n    return (((\n"));
    assertEquals("submission contract violation: cannot parse training.py (expected ':')",
        failure("architecture.py", ARCH, "training.py", "def train(ctx)\n    pass\n"));
    assertEquals("submission contract violation: cannot parse training.py (too many nested parentheses)",
        failure("architecture.py", ARCH, "training.py", "def train(ctx):\n    return " + "(".repeat(10_000) + ")".repeat(10_000) + "\n"));
  }

  @Test
  void bothRolesOnOneFileAreRefused() {
    assertEquals("submission contract violation: architecture and training must be two distinct scripts "
            + "(the single-module re-export idiom no longer satisfies the contract)",
        failure("prism.yaml", "architecture:\n  entrypoint: a.py\ntraining:\n  entrypoint: a.py::train\n",
            "a.py", ARCH + "\ndef train(ctx):\n    pass\n"));
  }

  @Test
  void symbolKeysOverrideTheEntrypointSuffix() {
    ResolvedBundle b = resolve("prism.yaml", "architecture:\n  entrypoint: 'm.py::'\n  function: make\n  factory: mk\n"
        + "training:\n  entrypoint: t.py::nope\n  entry: go\n",
        "m.py", "def mk(c):\n    pass\n", "t.py", "def go(c):\n    pass\n");
    assertEquals("mk", b.buildModelSymbol());
    assertEquals("go", b.trainSymbol());
  }

  @Test
  void componentFilesResolveOrFail() {
    ResolvedBundle b = resolve("prism.yaml", "architecture:\n  files: [layers.py, sub/x.txt]\ntraining:\n  files: helpers.py\n",
        "architecture.py", ARCH, "training.py", TRAIN, "layers.py", "x = 1\n", "other/sub/x.txt", "t", "helpers.py", "y = 2\n");
    assertEquals(List.of("architecture.py", "layers.py", "other/sub/x.txt"), b.architectureFiles());
    assertEquals(List.of("helpers.py", "training.py"), b.trainingFiles());
    assertEquals("Prism project entrypoint not found: missing.py",
        failure("prism.yaml", "architecture:\n  files: [missing.py]\n", "architecture.py", ARCH, "training.py", TRAIN));
    assertEquals("prism.yaml component files must be a list",
        failure("prism.yaml", "training:\n  files: {a: b}\n", "architecture.py", ARCH, "training.py", TRAIN));
  }

  @Test
  void yamlWrongTypes() {
    assertEquals("prism.yaml must contain a mapping", failure("prism.yaml", "- a\n", "architecture.py", ARCH, "training.py", TRAIN));
    assertEquals("prism.yaml must contain a mapping", failure("prism.yaml", "true\n", "architecture.py", ARCH, "training.py", TRAIN));
    assertEquals("prism.yaml architecture section must be a mapping",
        failure("prism.yaml", "architecture: 5\n", "architecture.py", ARCH, "training.py", TRAIN));
    assertEquals("prism.yaml training section must be a mapping",
        failure("prism.yaml", "training: [a]\n", "architecture.py", ARCH, "training.py", TRAIN));
    assertEquals("unsupported Prism project kind: weird",
        failure("prism.yaml", "kind: weird\n", "architecture.py", ARCH, "training.py", TRAIN));
    assertEquals("unsupported Prism project kind: ['x']",
        failure("prism.yaml", "kind: [x]\n", "architecture.py", ARCH, "training.py", TRAIN));
    assertEquals("unsupported Prism project kind: True",
        failure("prism.yaml", "kind: yes\n", "architecture.py", ARCH, "training.py", TRAIN));
    assertEquals("submission contract violation: declared architecture entrypoint '42' not found "
            + "(declared entrypoints are honored with no silent fallback)",
        failure("prism.yaml", "architecture:\n  entrypoint: 42\n", "architecture.py", ARCH, "training.py", TRAIN));
    assertTrue(failure("prism.yaml", "architecture: [\n", "architecture.py", ARCH, "training.py", TRAIN).startsWith("invalid prism.yaml: "));
  }

  @Test
  void falsyValuesFallBackAndUnknownKeysAreIgnored() {
    ResolvedBundle b = resolve("prism.yaml", "kind: 0\narchitecture_id: 7\narchitecture: ''\ntraining: []\ntokenizer: gpt2\n"
        + "unknown:\n  nested: [1, 2]\n", "architecture.py", ARCH, "training.py", TRAIN);
    assertEquals("full", b.kind());
    assertEquals("7", b.architectureId());
    assertEquals("gpt2", b.tokenizer());
    assertEquals("architecture.py", b.architectureEntrypoint());
    assertTrue(b.manifest().containsKey("unknown"));
    ResolvedBundle empty = resolve("prism.yaml", "", "architecture.py", ARCH, "training.py", TRAIN);
    assertEquals("full", empty.kind());
    assertEquals("architecture_only", resolve("prism.yaml", "kind: architecture_only\narchitecture_id: 0\n",
        "architecture.py", ARCH, "training.py", TRAIN).kind());
    assertNull(resolve("prism.yaml", "architecture_id: 0\n", "architecture.py", ARCH, "training.py", TRAIN).architectureId());
  }

  @Test
  void zipPathsResolveByBasenameAndTheFirstSortedMatchShadows() {
    Snapshot zip = BundleReader.reference().readZip("bundle.zip",
        TestZip.of(TestZip.files("architecture.py", "x = 1\n", "a/architecture.py", ARCH, "training.py", TRAIN)), Map.of());
    ResolvedBundle b = ContractResolver.resolve(zip);
    assertEquals("bundle/a/architecture.py", b.architectureEntrypoint());
    assertEquals("bundle/training.py", b.trainingEntrypoint());
  }

  @Test
  void manifestRootIsTriedBeforeTheBasenameFallback() {
    Snapshot zip = BundleReader.reference().readZip("bundle.zip", TestZip.of(TestZip.files(
        "prism.yaml", "architecture:\n  entrypoint: src/architecture.py\n", "src/architecture.py", ARCH,
        "a/architecture.py", "x = 1\n", "training.py", TRAIN)), Map.of());
    ResolvedBundle b = ContractResolver.resolve(zip);
    assertEquals("bundle/src/architecture.py", b.architectureEntrypoint());
    assertEquals("bundle/prism.yaml", b.manifestPath());
    ResolvedBundle nested = resolve("cfg/prism.yml", "architecture:\n  entrypoint: ./m//model.py\n",
        "cfg/m/model.py", "def build_model(c):\n    pass\n", "training.py", TRAIN);
    assertEquals("cfg/m/model.py", nested.architectureEntrypoint());
  }

  @Test
  void localImportRootsAreAllPythonStemsButInit() {
    ResolvedBundle b = resolve("architecture.py", ARCH, "training.py", TRAIN, "pkg/__init__.py", "", "pkg/layers.py", "",
        "os.py", "", "notes.md", "", "x.tar.py", "");
    assertEquals(Set.of("architecture", "training", "layers", "os", "x.tar"), b.localImportRoots());
  }
}

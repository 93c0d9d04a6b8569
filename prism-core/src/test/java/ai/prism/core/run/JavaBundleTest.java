package ai.prism.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.prism.core.PrismException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Java bundles: {@code prism.yaml}, the bundle class loader, and in-process bundle runs. */
class JavaBundleTest {
  @TempDir Path tmp;

  private PrismException openFails(String yaml) {
    Path dir = Bundles.directory(tmp.resolve("b" + System.nanoTime()), yaml);
    return assertThrows(PrismException.class, () -> JavaBundle.open(dir).newTraining());
  }

  @Test
  void prismYamlErrorsSayWhatIsWrong() {
    assertTrue(openFails("[1, 2]").getMessage().endsWith("prism.yaml must contain a mapping"));
    assertTrue(openFails("architecture: {class: a.B\n").getMessage().contains("prism.yaml is not valid YAML"));
    assertTrue(openFails("training: {class: bundletest.SgdTraining}").getMessage()
        .contains("prism.yaml has no architecture section (expected architecture: {class: com.example.MyArchitecture})"));
    assertTrue(openFails("architecture: bundletest.X\ntraining: {class: bundletest.SgdTraining}").getMessage()
        .endsWith("prism.yaml architecture section must be a mapping"));
    assertTrue(openFails("architecture: {class: bundletest.BigramArchitecture, lr: 3}\ntraining: {class: bundletest.SgdTraining}")
        .getMessage().endsWith("prism.yaml architecture section has unknown key 'lr' (allowed: class)"));
    assertTrue(openFails("architecture: {class: 'not a class'}\ntraining: {class: bundletest.SgdTraining}").getMessage()
        .contains("prism.yaml architecture.class must be a Java class name"));
    assertTrue(openFails(Bundles.yaml("SgdTraining", "SgdTraining")).getMessage()
        .contains("architecture and training must be two distinct classes, both are bundletest.SgdTraining"));
    assertTrue(openFails("architecture: {class: bundletest.BigramArchitecture}\ntraining: {class: bundletest.Missing}")
        .getMessage().endsWith("training class bundletest.Missing not found"));
    assertTrue(openFails(Bundles.yaml("BigramArchitecture", "RandomAtLoadArchitecture")).getMessage().endsWith("training class bundletest.RandomAtLoadArchitecture does not implement ai.prism.core.run.Training"));
    assertTrue(openFails(Bundles.yaml("BigramArchitecture", "PrivateConstructorTraining")).getMessage()
        .endsWith("has no public no-argument constructor"));
    assertTrue(openFails("!!java.lang.ProcessBuilder [ls]").getMessage().contains("prism.yaml is not valid YAML"));
  }

  @Test
  void aBundleWithoutPrismYamlOrOfAnotherKindIsRefused() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertTrue(assertThrows(PrismException.class, () -> JavaBundle.open(empty)).getMessage().endsWith("has no prism.yaml"));
    Path notJar = Files.writeString(tmp.resolve("x.txt"), "x");
    assertTrue(assertThrows(PrismException.class, () -> JavaBundle.open(notJar)).getMessage().endsWith("is neither a directory nor a .jar file"));
    Path badJar = Files.writeString(tmp.resolve("bad.jar"), "not a zip");
    assertTrue(assertThrows(PrismException.class, () -> JavaBundle.open(badJar)).getMessage().contains("is not a readable jar"));
  }

  @Test
  void bundleClassesAreDefinedByTheBundleLoaderAndCannotSeeHostLibraries() throws Exception {
    Path dir = Bundles.directory(tmp.resolve("bundle"), "RandomAtLoadArchitecture", "ProbingTraining");
    try (JavaBundle bundle = JavaBundle.open(dir)) {
      Training training = bundle.newTraining();
      assertTrue(JavaBundle.isBundleClass(training.getClass()));
      assertEquals(bundletest.ProbingTraining.class.getName(), training.getClass().getName());
      assertFalse(training.getClass() == bundletest.ProbingTraining.class);
      RunFixture f = new RunFixture(tmp.resolve("run"));
      f.builder.build().run(bundle);
      assertEquals("false", Files.readString(f.artifacts.resolve("jackson.txt")));
    }
  }

  @Test
  void importTimeRandomDrawsAreForcedAndRepeatable() throws Exception {
    ForcedInit.apply(1337);
    float[] expected;
    try (NDManager m = NDManager.newBaseManager()) {
      expected = m.randomNormal(new Shape(8)).toFloatArray();
    }
    String[] draws = new String[2];
    for (int i = 0; i < 2; i++) {
      Path dir = Bundles.directory(tmp.resolve("bundle" + i), "RandomAtLoadArchitecture", "ProbingTraining");
      RunFixture f = new RunFixture(tmp.resolve("run" + i));
      try (JavaBundle bundle = JavaBundle.open(dir)) {
        f.builder.build().run(bundle);
      }
      draws[i] = Files.readString(f.artifacts.resolve("draw.txt"));
    }
    assertEquals(draws[0], draws[1]);
    assertEquals(Arrays.toString(expected), draws[0]);
  }

  @Test
  void aBundleRunWritesTheSameManifestAsTheSameRolesOnTheClassPath() throws Exception {
    Path data = Corpus.prose(tmp.resolve("train"), 20, 40);
    RunFixture host = new RunFixture(tmp.resolve("host"), data);
    RunResult direct = host.run(new bundletest.BigramArchitecture(), new bundletest.SgdTraining());
    Path jar = Bundles.jar(tmp.resolve("bundle.jar"), "BigramArchitecture", "SgdTraining");
    RunFixture fromBundle = new RunFixture(tmp.resolve("bundle"), data);
    try (JavaBundle bundle = JavaBundle.open(jar)) {
      RunResult r = fromBundle.builder.build().run(bundle);
      assertArrayEquals(Files.readAllBytes(direct.manifestPath()), Files.readAllBytes(r.manifestPath()));
    }
  }

  @Test
  void bundleTrainingMayNotUseTheFusedMode() {
    Path dir = Bundles.directory(tmp.resolve("bundle"), "BigramArchitecture", "FusedTraining");
    RunFixture f = new RunFixture(tmp.resolve("run"));
    try (JavaBundle bundle = JavaBundle.open(dir)) {
      RunFailedException e = assertThrows(RunFailedException.class, () -> f.builder.build().run(bundle));
      assertTrue(e.getMessage().contains("the fused capture mode is only available to trusted training code"), e.getMessage());
    }
  }
}

package ai.prism.core.heldout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.json.JsonString;
import ai.prism.core.run.Corpus;
import ai.prism.core.run.J;
import ai.prism.core.run.PrismContext;
import ai.prism.core.run.RunResult;
import ai.prism.core.run.Runner;
import ai.prism.core.run.Training;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training role cannot reach the val or test split through what the library gives it: the
 * context, the data directory (a train-only view even when the configured directory is a corpus
 * root or its {@code train/} split), the class path, and, in the isolated child JVM, its payload and
 * environment. Each test runs a hostile training role that looks everywhere it was pointed.
 */
class ValSecrecyTest {
  @TempDir Path corpusParent;
  @TempDir Path work;

  private Path corpus() {
    Path root = Fixture.corpus(corpusParent.resolve("corpus"), Fixture.prose(20, 20, 1), Fixture.prose(10, 10, 2));
    Corpus.shard(root.resolve("test"), "test-00000.jsonl", Fixture.prose(10, 10, 3));
    return root;
  }

  /** Every val/test shard reachable from {@code dir}: inside it, or in a val/test directory of it or an ancestor. */
  static List<Path> reachableHeldOutShards(Path dir) {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(ValSecrecyTest::isHeldOutShard).forEach(found::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path up = dir.toAbsolutePath().normalize(); up != null; up = up.getParent()) {
      for (String split : List.of("val", "test")) {
        for (Path candidate : List.of(up.resolve(split), up)) {
          if (!Files.isDirectory(candidate)) {
            continue;
          }
          try (Stream<Path> list = Files.list(candidate)) {
            list.filter(ValSecrecyTest::isHeldOutShard).forEach(found::add);
          } catch (IOException e) {
            // unreadable directories hold nothing for the training role either
          }
        }
      }
    }
    return found;
  }

  static boolean isHeldOutShard(Path p) {
    String name = p.getFileName().toString();
    return (name.startsWith("val-") || name.startsWith("test-")) && name.endsWith(".jsonl");
  }

  @Test
  void theContextHasNoHeldOutComponent() {
    for (RecordComponent c : PrismContext.class.getRecordComponents()) {
      String name = c.getName().toLowerCase(Locale.ROOT);
      assertFalse(name.contains("val") || name.contains("test") || name.contains("heldout"), name);
    }
    // Held-out reads val and train from its own, separate settings.
    HeldoutOptions options = HeldoutOptions.forCorpus(Path.of("corpus"));
    assertEquals(Path.of("corpus"), options.valDataDir());
    assertEquals(Path.of("corpus"), options.trainDataDir());
  }

  @Test
  void anInProcessTrainingRoleGivenACorpusRootSeesOnlyTheTrainShards() {
    Path corpus = corpus();
    for (Path configured : List.of(corpus, corpus.resolve("train"))) {
      List<String> probe = new ArrayList<>();
      Training hostile = ctx -> {
        Path dir = ctx.context().dataDir();
        probe.add("dir=" + dir);
        try (Stream<Path> walk = Files.walk(dir)) {
          walk.filter(Files::isRegularFile).forEach(f -> probe.add("file=" + dir.relativize(f)));
        }
        probe.add("reachable=" + reachableHeldOutShards(dir));
        for (String rel : List.of("../val", "../../val", "val", "../test", "../corpus/val")) {
          probe.add(rel + "=" + Files.exists(dir.resolve(rel)));
        }
        for (Object value : recordValues(ctx.context())) {
          if (value instanceof Path p && Files.isDirectory(p)) {
            probe.add("component " + p + " reaches " + reachableHeldOutShards(p));
          }
        }
        ClassLoader[] loaders = {getClass().getClassLoader(), ClassLoader.getSystemClassLoader(),
            Thread.currentThread().getContextClassLoader()};
        for (ClassLoader loader : loaders) {
          for (String name : List.of("val/val-00000.jsonl", "val-00000.jsonl", "corpus/val/val-00000.jsonl",
              "test/test-00000.jsonl")) {
            probe.add("resource " + name + "=" + (loader != null && loader.getResource(name) != null));
          }
        }
        probe.add("shard=" + new String(Files.readAllBytes(firstShard(dir)), StandardCharsets.UTF_8).length());
        Fixture.sgd(0.5f, 1, null).train(ctx);
      };
      RunResult r = Runner.of(Fixture.runner(configured, work.resolve("a" + probe.hashCode())).buildOptions())
          .run(Fixture.BIGRAM, hostile);
      Path dir = Path.of(probe.get(0).substring(4));
      assertFalse(dir.startsWith(corpus), probe.toString());
      String layout = configured.equals(corpus) ? "train/train-00000.jsonl" : "train-00000.jsonl";
      assertEquals(List.of("file=" + layout), probe.stream().filter(s -> s.startsWith("file=")).toList());
      assertTrue(probe.contains("reachable=[]"), probe.toString());
      for (String line : probe) {
        assertFalse(line.endsWith("=true"), line);
        assertFalse(line.startsWith("component") && !line.endsWith("reaches []"), line);
      }
      assertTrue(probe.stream().anyMatch(s -> s.startsWith("shard=") && !s.equals("shard=0")));
      assertEquals(new JsonString(configured.toString()), J.get(r.manifest(), "data.data_dir"),
          "the manifest records the configured directory");
      assertFalse(Files.exists(dir), "the view is removed after the run");
    }
  }

  @Test
  void anIsolatedBundleSeesOnlyTheTrainShardsInItsContextPayloadAndEnvironment() throws Exception {
    Path corpus = corpus();
    Path bundle = compileBundle(work.resolve("bundle"), corpus);
    Path artifacts = work.resolve("isolated-artifacts");
    RunResult r = Runner.of(Fixture.runner(corpus, artifacts)
            .isolation(new ai.prism.core.run.RunOptions.Isolation("1g", List.of(), 300.0,
                ai.prism.core.run.RunOptions.NetworkPolicy.OFF))
            .buildOptions())
        .runIsolated(bundle);
    List<String> probe = Files.readAllLines(artifacts.resolve("probe.txt"), StandardCharsets.UTF_8);
    String dir = value(probe, "dir");
    assertFalse(dir.startsWith(corpus.toString()), probe.toString());
    // PRISM_DATA_DIR and the role's data directory both name the host's sealed copy.
    assertTrue(value(probe, "env").contains("prism-train-") && !value(probe, "env").startsWith(corpus.toString()),
        probe.toString());
    assertEquals(value(probe, "env"), dir, probe.toString());
    assertEquals("train/train-00000.jsonl", value(probe, "files"));
    assertEquals("false", value(probe, "reachable"), probe.toString());
    assertEquals("false", value(probe, "payload-names-corpus"), probe.toString());
    assertEquals("true", value(probe, "payload-read"), "the probe found the payload to inspect it");
    assertEquals(new JsonString(corpus.toString()), J.get(r.manifest(), "data.data_dir"));
    assertNotNull(r.prequentialBpb());
  }

  private static String value(List<String> probe, String key) {
    return probe.stream().filter(s -> s.startsWith(key + "=")).map(s -> s.substring(key.length() + 1)).findFirst()
        .orElseThrow(() -> new AssertionError("probe has no " + key + ": " + probe));
  }

  private static Path firstShard(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).findFirst().orElseThrow();
    }
  }

  private static List<Object> recordValues(Record r) {
    List<Object> out = new ArrayList<>();
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      try {
        out.add(c.getAccessor().invoke(r));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  /** A bundle directory: a bigram architecture and a probing training role, compiled here. */
  private static Path compileBundle(Path dir, Path corpus) {
    return Bundles.compile(dir, Bundles.bigramArchitecture(""), "Probe", PROBE.replace("@CORPUS@", corpus.toString()));
  }

  private static final String PROBE = """
        package hostile;
        import ai.prism.core.capture.*;
        import ai.prism.core.run.*;
        import java.nio.file.*;
        import java.util.*;
        public class Probe implements Training {
          public void train(TrainingContext ctx) throws Exception {
            Path dir = ctx.context().dataDir();
            List<String> out = new ArrayList<>();
            out.add("dir=" + dir);
            out.add("env=" + System.getenv("PRISM_DATA_DIR"));
            List<String> files = new ArrayList<>();
            try (var walk = Files.walk(dir)) {
              walk.filter(Files::isRegularFile).forEach(f -> files.add(dir.relativize(f).toString()));
            }
            out.add("files=" + String.join(",", files));
            boolean reachable = false;
            for (Path up = dir; up != null; up = up.getParent()) {
              reachable |= Files.isDirectory(up.resolve("val")) || Files.exists(up.resolve("val/val-00000.jsonl"));
            }
            out.add("reachable=" + reachable);
            List<String> args = ProcessHandle.current().info().arguments().map(List::of).orElse(List.of());
            String payload = args.isEmpty() ? "" : Files.readString(Path.of(args.get(args.size() - 1)));
            out.add("payload-read=" + payload.contains("data_dir"));
            out.add("payload-names-corpus=" + payload.contains("@CORPUS@"));
            Files.write(ctx.context().artifactsDir().resolve("probe.txt"), out);
            var model = ctx.buildModel();
            for (TrainBatch b : ctx.trainBatches(model, CaptureOptions.builder().batchSize(2).seqLen(16).build())) {
              // predict only
            }
          }
        }
        """;

  @Test
  void aSymlinkedShardIsGivenAsTheFileItself() throws IOException {
    Path real = Corpus.shard(corpusParent.resolve("elsewhere"), "shard.jsonl", Fixture.prose(20, 20, 4));
    Path data = Files.createDirectories(corpusParent.resolve("linked"));
    Files.createSymbolicLink(data.resolve("train-00000.jsonl"), real.resolve("shard.jsonl"));
    List<Path> seen = new ArrayList<>();
    Runner.of(Fixture.runner(data, work.resolve("linked")).buildOptions()).run(Fixture.BIGRAM, ctx -> {
      Path shard = ctx.context().dataDir().resolve("train-00000.jsonl");
      seen.add(Files.isSymbolicLink(shard) ? Files.readSymbolicLink(shard) : null);
      seen.add(Files.isRegularFile(shard) ? shard : null);
      Fixture.noOp().train(ctx);
    });
    assertEquals(null, seen.get(0), "the view holds no link back to the shard's directory");
    assertNotNull(seen.get(1));
  }

  @Test
  void aTrainShardsViewHoldsTheSameBytes() throws IOException {
    Path corpus = corpus();
    byte[][] seen = new byte[1][];
    Runner.of(Fixture.runner(corpus, work.resolve("bytes")).buildOptions()).run(Fixture.BIGRAM, ctx -> {
      seen[0] = Files.readAllBytes(ctx.context().dataDir().resolve("train/train-00000.jsonl"));
      Fixture.noOp().train(ctx);
    });
    assertArrayEquals(Files.readAllBytes(corpus.resolve("train/train-00000.jsonl")), seen[0]);
  }
}

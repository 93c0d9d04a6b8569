package ai.prism.examples.cli;

import ai.prism.core.manifest.RunManifest;
import ai.prism.scoring.PrequentialScorer;
import ai.prism.scoring.ScoreValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code prism demo} (interim, until the capture runner exists): scores the example manifests
 * shipped in this module and prints a table.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Score the bundled example run manifests and print a table.",
      "The examples: a learner, a memorizer caught by the held-out gap, a step-0 anomaly,",
      "an out-of-band run and a zero-forward run."
    })
public final class DemoCommand implements Callable<Integer> {
  /** The example manifests, under {@code ai/prism/examples/demo/} on the class path. */
  static final List<String> EXAMPLES =
      List.of("learner", "memorizer", "step0-anomaly", "out-of-band", "zero-forward");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrequentialScorer scorer = new PrequentialScorer();
    ScoreTable table = new ScoreTable();
    for (String name : EXAMPLES) {
      RunManifest manifest = RunManifest.parse(example(name));
      try {
        table.scored(name, scorer.score(manifest));
      } catch (ScoreValidationException e) {
        table.failed(name, e.getMessage());
      }
    }
    spec.commandLine().getOut().print(table.render());
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** The text of an example manifest. */
  static String example(String name) {
    String resource = "/ai/prism/examples/demo/" + name + ".json";
    try (InputStream in = Objects.requireNonNull(
        DemoCommand.class.getResourceAsStream(resource), resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

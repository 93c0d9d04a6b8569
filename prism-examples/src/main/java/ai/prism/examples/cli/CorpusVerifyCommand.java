package ai.prism.examples.cli;

import ai.prism.core.PrismException;
import ai.prism.core.data.LockedCorpus;
import ai.prism.core.data.LockedManifest;
import ai.prism.core.data.Partition;
import ai.prism.core.data.PythonJson;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prism corpus verify DIR}: the problems list of the manifest check, exit 1 when not empty. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check a locked corpus against its MANIFEST.json; print the problems as JSON.",
      "Check every shard of DIR against MANIFEST.json (sha256, size, unlisted shards, fingerprints) and the",
      "pin and partition. Prints the problems as a JSON list; exit 0 when empty, 1 otherwise."
    })
public final class CorpusVerifyCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "Corpus root (holds MANIFEST.json).")
  Path dir;

  @Option(names = "--expect-pin", defaultValue = LockedManifest.FINEWEB_EDU_PIN_SHA,
      description = "Expected dataset.pin_sha (default: the FineWeb-Edu pin).")
  String expectPin;

  @Option(names = "--split", arity = "1..*", description = "Splits to check (default: train val test).")
  List<String> splits;

  @Override
  public Integer call() {
    List<String> problems;
    try {
      problems = LockedCorpus.open(dir, false, expectPin).verify(expectPin, splits == null ? Partition.SPLITS : splits);
    } catch (PrismException e) {
      problems = List.of(e.getMessage());
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    problems.forEach(out::add);
    spec.commandLine().getOut().println(PythonJson.indented(out));
    return problems.isEmpty() ? 0 : 1;
  }
}

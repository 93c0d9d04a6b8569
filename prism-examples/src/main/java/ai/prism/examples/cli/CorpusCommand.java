package ai.prism.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code prism corpus}: build, check and measure a locked corpus (shards + MANIFEST.json). */
@Command(
    name = "corpus",
    mixinStandardHelpOptions = true,
    description = "Build, verify and measure a locked corpus (train/val/test shards + MANIFEST.json).",
    subcommands = {CorpusPrepareCommand.class, CorpusVerifyCommand.class, CorpusStatsCommand.class})
public final class CorpusCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }
}

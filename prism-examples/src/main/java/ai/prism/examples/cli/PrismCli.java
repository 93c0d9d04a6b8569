package ai.prism.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code prism} command line; each subcommand is its own class in this package. */
@Command(
    name = "prism",
    mixinStandardHelpOptions = true,
    versionProvider = PrismCli.Version.class,
    description = "Prequential bits-per-byte scoring of language models that learn from scratch.",
    subcommands = {
      CommandLine.HelpCommand.class,
      ScoreCommand.class,
      LeaderboardCommand.class,
      WeightsCommand.class,
      CorpusCommand.class,
      DemoCommand.class,
      EvaluateCommand.class,
      RunCommand.class,
      PyAstCommand.class,
      ValidateCommand.class
    })
public final class PrismCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the CLI and exits the JVM with the command's exit code. */
  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** A configured command line, for embedding and tests (does not exit the JVM). */
  public static CommandLine newCommandLine() {
    // Descriptions are written as lines of up to 110 characters; the default 80 would re-wrap them mid-sentence.
    return new CommandLine(new PrismCli()).setUsageHelpWidth(HELP_WIDTH);
  }

  private static final int HELP_WIDTH = 110;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /** The version Maven wrote into {@code version.properties} when it built this module. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties build = new Properties();
      try (InputStream in = PrismCli.class.getResourceAsStream("version.properties")) {
        if (in == null) {
          throw new IOException("version.properties is missing: the CLI was not built by Maven");
        }
        build.load(in);
      }
      return new String[] {"prism " + build.getProperty("version")};
    }
  }
}

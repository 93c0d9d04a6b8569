package ai.prism.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the {@code prism} CLI with captured stdout and stderr. */
record CliRun(int exit, String out, String err) {

  /** The stdout lines (none when stdout is empty). */
  java.util.List<String> lines() {
    return out.isEmpty() ? java.util.List.of() : java.util.List.of(out.split("\n"));
  }

  static CliRun of(String... args) {
    CommandLine cli = PrismCli.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }
}

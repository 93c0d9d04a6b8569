package ai.prism.examples.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

/**
 * Runs examples/jshell/startup.jsh and quickstart.jsh through the JShell API, in this JVM (JShell's local
 * execution engine), fed line by line as {@code ./prism jshell examples/jshell/quickstart.jsh} feeds them.
 */
class QuickstartScriptTest {
  private static final Path SCRIPTS = Path.of("..", "examples", "jshell");
  /** JShell's DEFAULT startup (the launcher passes {@code --startup DEFAULT} before startup.jsh). */
  private static final String DEFAULT_STARTUP = String.join("\n",
      "import java.io.*;", "import java.math.*;", "import java.net.*;", "import java.nio.file.*;", "import java.util.*;",
      "import java.util.concurrent.*;", "import java.util.function.*;", "import java.util.prefs.*;",
      "import java.util.regex.*;", "import java.util.stream.*;");

  /**
   * Evaluates {@code source} as the jshell tool does a script: line by line, each time the lines read so far form
   * complete snippets (a statement is complete at the end of a line even without its semicolon), failing on the
   * first snippet that is rejected or throws.
   */
  private static void run(JShell shell, String source, String file, ByteArrayOutputStream output) {
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    StringBuilder pending = new StringBuilder();
    for (String line : source.split("\n", -1)) {
      pending.append(line).append('\n');
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(pending.toString());
      while (info.completeness().isComplete()) {
        evaluate(shell, info.source(), file, output);
        info = analysis.analyzeCompletion(info.remaining());
      }
      pending.setLength(0);
      pending.append(info.remaining());
      if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
        pending.setLength(0);
      }
    }
    if (!pending.toString().isBlank()) {
      fail(file + ": incomplete input at the end: " + pending);
    }
  }

  private static void evaluate(JShell shell, String snippet, String file, ByteArrayOutputStream output) {
    for (SnippetEvent event : shell.eval(snippet)) {
      if (event.status() == Snippet.Status.REJECTED) {
        List<String> problems = new ArrayList<>();
        shell.diagnostics(event.snippet()).forEach(d -> problems.add(d.getMessage(null)));
        fail(file + ": snippet rejected: " + snippet + "\n" + problems);
      }
      if (event.exception() != null) {
        fail(file + ": snippet threw " + event.exception() + ":\n" + snippet + "\noutput:\n"
            + output.toString(StandardCharsets.UTF_8));
      }
    }
  }

  private static String value(JShell shell, String expression) {
    List<SnippetEvent> events = shell.eval(expression);
    assertNull(events.get(0).exception(), expression);
    return events.get(0).value();
  }

  @Test
  void quickstartDefinesAModelTrainsAndScoresIt() throws IOException {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    PrintStream sink = new PrintStream(output, true, StandardCharsets.UTF_8);
    try (JShell shell = JShell.builder().executionEngine("local").out(sink).err(sink).build()) {
      String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      for (String entry : classPath.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          shell.addToClasspath(entry);
        }
      }
      run(shell, DEFAULT_STARTUP, "DEFAULT", output);
      run(shell, Files.readString(SCRIPTS.resolve("startup.jsh")), "startup.jsh", output);
      run(shell, Files.readString(SCRIPTS.resolve("quickstart.jsh")), "quickstart.jsh", output);
      double bpb = Double.parseDouble(value(shell, "score.bpb()"));
      assertTrue(bpb > 0.3 && bpb < 5.0, "quickstart bpb " + bpb);
      assertEquals("\"token_budget\"", value(shell, "run.stoppedReason()"));
      assertEquals("true", value(shell, "Files.exists(out.resolve(\"report.md\")) && Files.exists(out.resolve(\"loss-curve.png\"))"));
      assertEquals("true", value(shell, "run.onlineLoss().size() == curve.records().size() && run.onlineLoss().size() > 100"));
    }
  }
}

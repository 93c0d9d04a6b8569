package ai.prism.examples.cli;

import ai.prism.bundle.python.Ast;
import ai.prism.bundle.python.PythonParser;
import ai.prism.bundle.python.PythonSyntaxException;
import ai.prism.bundle.python.PythonVersion;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code prism pyast FILE...}: CPython's {@code ast.dump} of each Python file, one JSON object per line. */
@Command(
    name = "pyast",
    mixinStandardHelpOptions = true,
    description = {
      "Print CPython's ast.dump of Python files, one JSON object per line.",
      "Parses Python files as CPython's ast.parse does and prints, one JSON object per line,",
      "{\"file\":F,\"dump\":\"<ast.dump text>\"} or {\"file\":F,\"error\":{\"message\",\"line\",\"column\"}}.",
      "Files are decoded as ast.parse(bytes) does (BOM, PEP 263 coding declaration).",
      "Exit code: 0 all parsed, 1 any file failed to parse, 2 a file could not be read (its line carries the error)."
    })
public final class PyAstCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Python source files (UTF-8, or the encoding their PEP 263 line declares).")
  List<Path> files;

  @Option(names = "--python", defaultValue = "3.11", description = "Grammar and tree layout: 3.11 (default) or 3.12.")
  String python;

  @Option(names = "--compact", description = "ast.dump(annotate_fields=False), the form PRISM fingerprints hash.")
  boolean compact;

  @Option(names = "--attributes", description = "ast.dump(include_attributes=True): add positions.")
  boolean attributes;

  @Option(names = "--error-type", description = "Add the Python exception class (\"type\": SyntaxError, IndentationError, ...) to each error.")
  boolean errorType;

  @Override
  public Integer call() {
    PythonVersion version;
    if (python.equals("3.11")) {
      version = PythonVersion.PY311;
    } else if (python.equals("3.12")) {
      version = PythonVersion.PY312;
    } else {
      spec.commandLine().getErr().println("pyast: --python must be 3.11 or 3.12, not " + python);
      return 2;
    }
    ObjectMapper json = new ObjectMapper();
    PrintWriter out = spec.commandLine().getOut();
    int exit = 0;
    for (Path file : files) {
      ObjectNode row = json.createObjectNode();
      row.put("file", file.toString());
      byte[] bytes = null;
      try {
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        spec.commandLine().getErr().println("pyast: cannot read " + file + ": " + e);
        ObjectNode err = row.putObject("error");
        if (errorType) {
          err.put("type", "OSError");
        }
        err.put("message", "cannot read file: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        err.putNull("line");
        err.putNull("column");
        exit = 2;
      }
      if (bytes != null) {
        try {
          row.put("dump", Ast.dump(PythonParser.parse(bytes, version), !compact, attributes));
        } catch (PythonSyntaxException e) {
          ObjectNode err = row.putObject("error");
          if (errorType) {
            err.put("type", e.kind().pythonName());
          }
          err.put("message", e.msg());
          putPosition(err, "line", e.line());
          putPosition(err, "column", e.column());
          exit = Math.max(exit, 1);
        }
      }
      try {
        out.println(json.writeValueAsString(row));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    out.flush();
    return exit;
  }

  private static void putPosition(ObjectNode err, String name, int value) {
    if (value < 0) {
      err.putNull(name);
    } else {
      err.put(name, value);
    }
  }
}

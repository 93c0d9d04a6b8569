package ai.prism.bundle;

import ai.prism.bundle.SnapshotException.Problem;
import ai.prism.bundle.python.PyNode;
import ai.prism.bundle.python.PyToken;
import ai.prism.bundle.python.PyTokenize;
import ai.prism.bundle.python.PyTokenizeException;
import ai.prism.bundle.python.PythonSyntaxException;
import ai.prism.bundle.python.PythonVersion;
import ai.prism.bundle.sandbox.DottedName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duplicate detector's view of a snapshot (spec §8.2), which the reference computes while building
 * every snapshot: per-file path/extension features, token 5-gram shingles (Python's {@code tokenize},
 * strings as {@code STR}, numbers as {@code NUM}), AST features of each parsable {@code .py} file, and
 * the snapshot fingerprint (SHA-256 of the sorted union).
 *
 * @param astFeatures {@code path:}, {@code ext:}, {@code ast_dump_sha256:}, {@code node:}, {@code function:},
 *     {@code class:}, {@code import:}, {@code call:} and {@code syntax_error:} features
 * @param tokenShingles space-joined 5-token windows
 * @param fingerprint SHA-256 of the newline-joined, code-point-sorted union of both sets
 */
public record SnapshotFeatures(Set<String> astFeatures, Set<String> tokenShingles, String fingerprint) {
  private static final Pattern FALLBACK_TOKEN = Pattern.compile(
      "[A-Za-z_][A-Za-z0-9_]*|[^\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]");
  private static final Set<PyToken.Type> SKIPPED = Set.of(PyToken.Type.ENDMARKER, PyToken.Type.NEWLINE, PyToken.Type.NL,
      PyToken.Type.INDENT, PyToken.Type.DEDENT, PyToken.Type.COMMENT);

  /** Copies the sets. */
  public SnapshotFeatures {
    astFeatures = Set.copyOf(astFeatures);
    tokenShingles = Set.copyOf(tokenShingles);
    java.util.Objects.requireNonNull(fingerprint, "fingerprint");
  }

  /**
   * The features of {@code snapshot} (CPython 3.11 grammar). A file on which the reference's feature
   * pass raises (an {@code IndentationError} from {@code tokenize}, a tree too deep for {@code ast.parse}
   * or {@code ast.dump}) is a {@link SnapshotException}, as it rejects the upload in the reference.
   */
  public static SnapshotFeatures of(Snapshot snapshot) {
    return of(snapshot, new SourceTrees(PythonVersion.PY311));
  }

  static SnapshotFeatures of(Snapshot snapshot, SourceTrees trees) {
    Set<String> features = new HashSet<>();
    Set<String> shingles = new HashSet<>();
    for (SourceFile file : snapshot.files()) {
      features.add("path:" + file.path());
      String suffix = PyPaths.suffix(file.path()).toLowerCase(Locale.ROOT);
      features.add("ext:" + (suffix.isEmpty() ? "<none>" : suffix));
      shingles.addAll(shingles(tokens(file)));
      if (!suffix.equals(".py")) {
        continue;
      }
      try {
        trees.parse(file.content());
      } catch (PythonSyntaxException e) {
        if (e.kind() == PythonSyntaxException.Kind.TOO_DEEPLY_NESTED) {
          throw new SnapshotException(Problem.TOO_DEEPLY_NESTED, e.msg(), e);
        }
        features.add("syntax_error:" + e.msg());
        continue;
      }
      features.add("ast_dump_sha256:" + PythonText.sha256Hex(trees.dump(file.content())).substring(0, 24));
      addTreeFeatures(trees.walk(file.content()), features);
    }
    // the reference hashes the code-point-sorted union of both sets
    String[] all = new String[features.size() + shingles.size()];
    int n = 0;
    for (String f : features) {
      all[n++] = f;
    }
    for (String s : shingles) {
      all[n++] = s;
    }
    PythonText.sort(all);
    StringBuilder joined = new StringBuilder(all.length * 24);
    for (int i = 0; i < all.length; i++) {
      if (i > 0 && all[i].equals(all[i - 1])) {
        continue;
      }
      if (i > 0) {
        joined.append('\n');
      }
      joined.append(all[i]);
    }
    return new SnapshotFeatures(features, shingles, PythonText.sha256Hex(joined.toString()));
  }

  private static void addTreeFeatures(List<PyNode> nodes, Set<String> features) {
    for (PyNode node : nodes) {
      String type = node.type();
      features.add("node:" + type);
      switch (type) {
        case "FunctionDef", "AsyncFunctionDef" -> features.add("function:" + node.string("name"));
        case "ClassDef" -> {
          List<String> bases = new ArrayList<>();
          node.nodes("bases").forEach(b -> bases.add(DottedName.of(b, DottedName.Style.SNAPSHOT_FEATURES)));
          features.add("class:" + node.string("name") + ":" + String.join(",", bases));
        }
        case "Import" -> node.nodes("names").forEach(a -> features.add("import:" + root(a.string("name"))));
        case "ImportFrom" -> {
          String module = node.string("module");
          if (module != null && !module.isEmpty()) {
            features.add("import:" + root(module));
          }
        }
        case "Call" -> {
          String name = DottedName.of(node.node("func"), DottedName.Style.SNAPSHOT_FEATURES);
          if (!name.isEmpty()) {
            features.add("call:" + name);
          }
        }
        default -> {
        }
      }
    }
  }

  private static String root(String dotted) {
    int dot = dotted.indexOf('.');
    return dot < 0 ? dotted : dotted.substring(0, dot);
  }

  /** The reference's {@code _tokens}: tokenize tokens minus layout and comments, with a regex fallback on {@code TokenError}. */
  static List<String> tokens(SourceFile file) {
    List<String> out = new ArrayList<>();
    List<PyToken> tokens;
    boolean failed = false;
    try {
      tokens = PyTokenize.generateTokens(file.content());
    } catch (PyTokenizeException e) {
      if (e.isIndentationError()) {
        throw new SnapshotException(Problem.TOKENIZE_ERROR,
            e.msg() + " (<tokenize>, line " + e.line() + ")", e);
      }
      tokens = e.tokensBefore();
      failed = true;
    }
    for (PyToken token : tokens) {
      if (SKIPPED.contains(token.type())) {
        continue;
      }
      out.add(switch (token.type()) {
        case STRING -> "STR";
        case NUMBER -> "NUM";
        default -> token.string();
      });
    }
    if (failed) {
      Matcher m = FALLBACK_TOKEN.matcher(file.content());
      while (m.find()) {
        out.add(m.group());
      }
    }
    return out;
  }

  /** Space-joined windows of 5 tokens; one window of everything when there are fewer. */
  static Set<String> shingles(List<String> tokens) {
    Set<String> out = new HashSet<>();
    if (tokens.isEmpty()) {
      return out;
    }
    if (tokens.size() < 5) {
      out.add(String.join(" ", tokens));
      return out;
    }
    for (int i = 0; i + 5 <= tokens.size(); i++) {
      out.add(String.join(" ", tokens.subList(i, i + 5)));
    }
    return out;
  }
}

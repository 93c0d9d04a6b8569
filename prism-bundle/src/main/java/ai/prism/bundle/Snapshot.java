package ai.prism.bundle;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The immutable, normalised file list of a submission, sorted by path in code-point order: what
 * every later gate of the reference looks at.
 *
 * @param files the files, sorted by path, paths unique
 */
public record Snapshot(List<SourceFile> files) {
  /** Copies the list and checks order and uniqueness. */
  public Snapshot {
    files = List.copyOf(files);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < files.size(); i++) {
      String path = files.get(i).path();
      if (!seen.add(path)) {
        throw new IllegalArgumentException("duplicate snapshot path: " + path);
      }
      if (i > 0 && PythonText.compare(files.get(i - 1).path(), path) > 0) {
        throw new IllegalArgumentException("snapshot files must be sorted by path: " + path);
      }
    }
  }

  /** A snapshot of {@code files} in any order (they are sorted here). */
  public static Snapshot sorted(List<SourceFile> files) {
    List<SourceFile> copy = new ArrayList<>(files);
    copy.sort((a, b) -> PythonText.compare(a.path(), b.path()));
    return new Snapshot(copy);
  }

  /** The {@code .py} files in snapshot order. */
  public List<SourceFile> pythonFiles() {
    return files.stream().filter(SourceFile::isPython).toList();
  }

  /** The file at {@code path}. */
  public Optional<SourceFile> file(String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst();
  }

  /**
   * The reference's {@code combined_python}: every {@code .py} file as {@code "# file: <path>\n" + text + "\n"},
   * cut so the pieces total at most {@code maxChars} code points, joined by newlines.
   */
  public String combinedPython(int maxChars) {
    List<String> chunks = new ArrayList<>();
    long used = 0;
    for (SourceFile file : pythonFiles()) {
      String piece = "# file: " + file.path() + "\n" + file.content() + "\n";
      long remaining = maxChars - used;
      if (remaining <= 0) {
        break;
      }
      int length = PythonText.length(piece);
      chunks.add(PythonText.head(piece, (int) Math.min(remaining, length)));
      used += Math.min(length, remaining);
    }
    return String.join("\n", chunks);
  }
}

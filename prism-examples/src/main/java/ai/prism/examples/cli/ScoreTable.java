package ai.prism.examples.cli;

import ai.prism.core.json.Python;
import ai.prism.scoring.Score;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plain-text table of scored runs (one row per run: name, bpb, final score, penalty, delta,
 * flags or the failure reason), for people rather than programs.
 */
final class ScoreTable {
  private static final String[] HEADER = {"run", "bpb", "final_score", "penalty", "delta", "flags / reason"};
  private final List<String[]> rows = new ArrayList<>();

  /** Adds a scored run. */
  ScoreTable scored(String name, Score s) {
    rows.add(new String[] {
      name,
      String.format(Locale.ROOT, "%.4f", s.bpb()),
      String.format(Locale.ROOT, "%.6f", s.finalScore()),
      Python.repr(s.memorizationPenalty()),
      s.heldoutDelta().isPresent() ? String.format(Locale.ROOT, "%+.3f", s.heldoutDelta().getAsDouble()) : "-",
      s.flagNames().isEmpty() ? "-" : String.join(", ", s.flagNames())
    });
    return this;
  }

  /** Adds a run that could not be scored. */
  ScoreTable failed(String name, String reason) {
    rows.add(new String[] {name, "-", "-", "-", "-", "FAILED: " + reason});
    return this;
  }

  /** The table, columns padded to their widest cell, one line per row. */
  String render() {
    List<String[]> all = new ArrayList<>();
    all.add(HEADER);
    all.addAll(rows);
    int[] width = new int[HEADER.length];
    for (String[] row : all) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (String[] row : all) {
      for (int i = 0; i < row.length; i++) {
        b.append(i == row.length - 1 ? row[i] : String.format(Locale.ROOT, "%-" + (width[i] + 2) + "s", row[i]));
      }
      b.append('\n');
    }
    return b.toString();
  }
}

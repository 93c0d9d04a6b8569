package ai.prism.bundle.sandbox;

import ai.prism.bundle.Evidence;
import ai.prism.bundle.PythonText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The review phase's deterministic pre-filter (spec §2.6), which runs even with the LLM gate off: three
 * regular expressions over the concatenated Python sources ({@code # file:} headers included), matched
 * with Python's {@code re} semantics for {@code \b} (word characters are letters, digits and {@code _}),
 * {@code \s} ({@code str.isspace}) and case folding. Matches in comments and strings count, as in the
 * reference. The patterns are plain alternations of literals, so they are matched by a direct leftmost scan.
 */
public final class ReviewPrefilter {
  /** The rejection reason when any pattern matches. */
  public static final String REASON = "submission violates Prism safety rules";

  /** How much of the concatenated source the reference reviews (code points). */
  public static final int MAX_REVIEWED_CHARS = 120_000;

  /** {@code \b(os\.system|subprocess|socket|requests|httpx|paramiko)\b}. */
  private static final List<String> ESCAPES = List.of("os.system", "subprocess", "socket", "requests", "httpx", "paramiko");
  /** {@code \b(open\s*\(|eval\s*\(|exec\s*\()}. */
  private static final List<String> CALLS = List.of("open", "eval", "exec");
  /** {@code /etc/passwd|\.ssh|AWS_SECRET|OPENAI_API_KEY}, case-insensitive. */
  private static final List<String> SECRETS = List.of("/etc/passwd", ".ssh", "AWS_SECRET", "OPENAI_API_KEY");

  private ReviewPrefilter() {}

  /**
   * The evidence for every pattern that matches {@code reviewed} (first match each, in pattern order);
   * empty when the source passes. Evidence is on {@code submission.py} with the matching line.
   */
  public static List<Evidence> scan(String reviewed) {
    List<Evidence> evidence = new ArrayList<>();
    add(evidence, reviewed, findEscape(reviewed), "network/process escape attempt");
    add(evidence, reviewed, findCall(reviewed), "unsafe file or dynamic code use");
    add(evidence, reviewed, findSecret(reviewed), "secret exfiltration indicator");
    return evidence;
  }

  private static void add(List<Evidence> evidence, String text, int start, String explanation) {
    if (start < 0) {
      return;
    }
    int line = 1;
    for (int i = 0; i < start; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    List<String> lines = PythonText.splitLines(text);
    evidence.add(new Evidence(ruleId(explanation), "submission.py", line, null, PythonText.sha256Hex(lines.get(line - 1)),
        explanation));
  }

  private static int findEscape(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c != 'o' && c != 's' && c != 'r' && c != 'h' && c != 'p') || !wordBoundaryBefore(text, i)) {
        continue;
      }
      for (String word : ESCAPES) {
        int end = i + word.length();
        if (text.startsWith(word, i) && !isWordAt(text, end)) {
          return i;
        }
      }
    }
    return -1;
  }

  private static int findCall(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c != 'o' && c != 'e') || !wordBoundaryBefore(text, i)) {
        continue;
      }
      for (String word : CALLS) {
        if (text.startsWith(word, i)) {
          int j = i + word.length();
          while (j < text.length() && PythonText.isSpace(text.charAt(j))) {
            j++;
          }
          if (j < text.length() && text.charAt(j) == '(') {
            return i;
          }
        }
      }
    }
    return -1;
  }

  private static int findSecret(String text) {
    for (int i = 0; i < text.length(); i++) {
      // no other character folds to the first letters '/', '.', 'a', 'o' under Python's ignore-case rules
      char c = text.charAt(i);
      if (c != '/' && c != '.' && c != 'a' && c != 'A' && c != 'o' && c != 'O') {
        continue;
      }
      for (String word : SECRETS) {
        if (text.regionMatches(true, i, word, 0, word.length())) {
          return i;
        }
      }
    }
    return -1;
  }

  /** {@code \b} before a word character at {@code i}: the previous code point is not a word character. */
  private static boolean wordBoundaryBefore(String text, int i) {
    return i == 0 || !isWord(text.codePointBefore(i));
  }

  private static boolean isWordAt(String text, int i) {
    return i < text.length() && isWord(text.codePointAt(i));
  }

  /** Python's {@code \w} for {@code str} patterns: {@code _} or {@code str.isalnum()}. */
  private static boolean isWord(int cp) {
    if (cp < 0x80) {
      return cp == '_' || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    }
    return Character.isLetter(cp) || Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER
        || Character.getType(cp) == Character.LETTER_NUMBER || Character.getType(cp) == Character.OTHER_NUMBER;
  }

  /** The reference's rule id for a pre-filter explanation: {@code prism:llm-review:} plus a slug. */
  static String ruleId(String explanation) {
    String slug = explanation.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return "prism:llm-review:" + slug.replaceAll("^-+|-+$", "");
  }
}

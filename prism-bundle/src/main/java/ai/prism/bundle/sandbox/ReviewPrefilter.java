package ai.prism.bundle.sandbox;

import ai.prism.bundle.Evidence;
import ai.prism.bundle.PythonText;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The review phase's deterministic pre-filter (spec §2.6), which runs even with the LLM gate off: three
 * regular expressions over the concatenated Python sources ({@code # file:} headers included), with
 * Python's {@code re} semantics for {@code \b}, {@code \s} and case folding. Matches in comments and
 * strings count, as in the reference.
 */
public final class ReviewPrefilter {
  /** The rejection reason when any pattern matches. */
  public static final String REASON = "submission violates Prism safety rules";

  /** How much of the concatenated source the reference reviews (code points). */
  public static final int MAX_REVIEWED_CHARS = 120_000;

  private static final String WORD = "[\\p{L}\\p{N}_]";
  private static final String SPACE = "[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";

  private record Rule(Pattern pattern, String explanation) {}

  private static final List<Rule> RULES = List.of(
      new Rule(Pattern.compile("(?<!" + WORD + ")(os\\.system|subprocess|socket|requests|httpx|paramiko)(?!" + WORD + ")"),
          "network/process escape attempt"),
      new Rule(Pattern.compile("(?<!" + WORD + ")(open" + SPACE + "*\\(|eval" + SPACE + "*\\(|exec" + SPACE + "*\\()"),
          "unsafe file or dynamic code use"),
      new Rule(Pattern.compile("/etc/passwd|\\.ssh|AWS_SECRET|OPENAI_API_KEY", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
          "secret exfiltration indicator"));

  private ReviewPrefilter() {}

  /**
   * The evidence for every pattern that matches {@code reviewed} (first match each, in pattern order);
   * empty when the source passes. Evidence is on {@code submission.py} with the matching line.
   */
  public static List<Evidence> scan(String reviewed) {
    List<Evidence> evidence = new ArrayList<>();
    List<String> lines = null;
    for (Rule rule : RULES) {
      Matcher m = rule.pattern().matcher(reviewed);
      if (!m.find()) {
        continue;
      }
      int line = 1;
      for (int i = 0; i < m.start(); i++) {
        if (reviewed.charAt(i) == '\n') {
          line++;
        }
      }
      if (lines == null) {
        lines = PythonText.splitLines(reviewed);
      }
      String snippet = lines.isEmpty() ? m.group() : lines.get(line - 1);
      evidence.add(new Evidence(ruleId(rule.explanation()), "submission.py", line, null, PythonText.sha256Hex(snippet),
          rule.explanation()));
    }
    return evidence;
  }

  /** The reference's rule id for a pre-filter explanation: {@code prism:llm-review:} plus a slug. */
  static String ruleId(String explanation) {
    String slug = explanation.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return "prism:llm-review:" + slug.replaceAll("^-+|-+$", "");
  }
}

package ai.prism.core.data;

import ai.prism.core.json.Python;
import java.util.ArrayList;
import java.util.List;

/** Shared fixtures: the reference tests' document set and token counter. */
final class CorpusFixtures {

  private CorpusFixtures() {}

  /** The reference tests' _CountingTokenizer: {@code len(text.split())}, id test-tokenizer. */
  static final TokenCounter WORD_COUNTER = new TokenCounter() {
    @Override
    public String name() {
      return "test-tokenizer";
    }

    @Override
    public String fingerprint() {
      return "a".repeat(64);
    }

    @Override
    public long count(String text) {
      long n = 0;
      boolean inWord = false;
      for (int i = 0; i < text.length(); ) {
        int cp = text.codePointAt(i);
        i += Character.charCount(cp);
        boolean space = Python.isSpace(cp);
        if (!space && !inWord) {
          n++;
        }
        inWord = !space;
      }
      return n;
    }
  };

  /** The reference tests' _docs(n). */
  static List<SourceDocument> docs(int n) {
    List<SourceDocument> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new SourceDocument(String.format("doc-%06d", i),
          "Document number " + i + " about prisms, light, and learning curves."));
    }
    return out;
  }
}

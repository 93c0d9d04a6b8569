package ai.prism.bundle.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.prism.bundle.Evidence;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The review-phase regex pre-filter (spec §2.6); expected values produced by the reference's {@code _static_evidence}. */
class ReviewPrefilterTest {
  private static String scan(String code) {
    List<Evidence> evidence = ReviewPrefilter.scan(code);
    evidence.forEach(e -> {
      assertEquals("submission.py", e.artifactPath());
      assertEquals(null, e.astNode());
    });
    return evidence.stream().map(e -> e.ruleId() + "@" + e.line() + "@" + e.snippetHash()).collect(Collectors.joining(";"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "import requests | prism:llm-review:network-process-escape-attempt@1@06185522e4085460db5f973d6987f2c5f42519fccd56836e5e5ed9842962de8d",
      "x = 1 # requests | prism:llm-review:network-process-escape-attempt@1@fad03d54f7d310e25a48bdfe35d59e9162335ce5d794eff3149b52138dbffd7c",
      "foo_requests | \"\"",
      "os.system('x') | prism:llm-review:network-process-escape-attempt@1@54dec80ffdea37cb366f377f89f58d2417dd0f322e1af7efe4a50a7652f8415e",
      "opened( | \"\"",
      "open ( | prism:llm-review:unsafe-file-or-dynamic-code-use@1@32c8556eb3defbc55a74b70a6899ffb4e073ba464326df31fd95928386f7980f",
      "\u00e9_open( | \"\"",
      "xopen( | \"\"",
      "/ETC/PASSWD | prism:llm-review:secret-exfiltration-indicator@1@16dd7dae4a327b7e55b967d073a91f2a00c1c635a9eacb308fd9788c0d773c40",
      ".SSH | prism:llm-review:secret-exfiltration-indicator@1@18aa963eb6d1e30291d8c860189c401fb7dd396dd02bb836e5f63104a3053444",
      "\u017fsh | \"\"",
      ".\u017fsh | prism:llm-review:secret-exfiltration-indicator@1@b8ec0dbb45619b8726441b2971e8fc326cc8c4e65aa7ed98d6bc42d708535ec9",
      "aws_secret | prism:llm-review:secret-exfiltration-indicator@1@4f85c7065125d71388d2c77489418da49369e932afcf70bd4662752be2a5ac6e",
      "socket.socket | prism:llm-review:network-process-escape-attempt@1@644bba21fd0b239c2ab7753925a4ebf389cbbad6d04b16a51b3e9144ff5aa629",
      "socketserver | \"\"",
      "subprocess2 | \"\"",
      "\uff12requests | \"\"",
      "\u2177requests | \"\"",
  })
  void matchesLikePythonRe(String code, String expected) {
    assertEquals(expected, scan(code));
  }

  @org.junit.jupiter.api.Test
  void linesCountNewlinesButSnippetsFollowSplitlines() {
    assertEquals("prism:llm-review:network-process-escape-attempt@2@3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d",
        scan("a\nb\rc requests"));
    assertEquals("prism:llm-review:unsafe-file-or-dynamic-code-use@1@2348f998744212575d85959674f9607ab26f67708a917157472832386337c904",
        scan("open\u001c("));
  }

  @org.junit.jupiter.api.Test
  void everyPatternReportsItsFirstMatchInPatternOrder() {
    assertEquals("prism:llm-review:network-process-escape-attempt@2@7773c884b8cd524d37b6b377f43cb5f05899db17d58442afb8508841ccc88991;"
        + "prism:llm-review:unsafe-file-or-dynamic-code-use@1@665088c24b538101d8e781cb02607184fcdafc1896d9dcfe7f4acca4717d24b6;"
        + "prism:llm-review:secret-exfiltration-indicator@3@84ffd85fc6c028491b6a7bc1103f6498a2393c7d17b2fbfc0e474ecdb43c38e1",
        scan("x = eval(y)\nimport socket\nopen('/etc/passwd')"));
  }
}

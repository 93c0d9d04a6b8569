package ai.prism.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner reader's own string decoding agrees with Jackson's on every escape form. */
class JsonStringDecodingTest {

  @TempDir Path tmp;

  @Test
  void decodedTextEqualsJacksonsForRandomEscapes() throws IOException {
    Random r = new Random(11);
    String[] pieces = {"a", "Z", " ", "\u00e9", "\u65e5", "\uD83D\uDE00", "\\n", "\\t", "\\\"", "\\\\", "\\/", "\\b", "\\f",
        "\\r", "\\u0041", "\\u00E9", "\\u00e9", "\\u65E5", "\\ud83d\\ude00", "\\uD83D\\uDE00", "\\u0000", "\\u001f", "x\u007f"};
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = 1 + r.nextInt(30);
      for (int k = 0; k < n; k++) {
        sb.append(pieces[r.nextInt(pieces.length)]);
      }
      lines.add("{\"id\":\"" + i + "\",\"text\":\"" + sb + "\"}");
    }
    Path f = tmp.resolve("train-00000.jsonl");
    Files.write(f, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    ObjectMapper mapper = new ObjectMapper();
    try (TextRecords records = TextRecords.open(List.of(f), 1 << 20)) {
      for (int i = 0; i < lines.size(); i++) {
        String expected = mapper.readTree(lines.get(i)).get("text").textValue();
        TextRecord rec = records.next();
        assertEquals(i, rec.offset());
        assertEquals(expected, rec.text(), lines.get(i));
        assertEquals(expected.getBytes(StandardCharsets.UTF_8).length, rec.utf8Length());
      }
    }
  }
}

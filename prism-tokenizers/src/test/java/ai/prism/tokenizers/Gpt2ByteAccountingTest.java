package ai.prism.tokenizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.core.data.Batch;
import ai.prism.core.data.Batcher;
import ai.prism.core.data.BatcherOptions;
import ai.prism.core.data.StreamState;
import ai.prism.core.data.TrainShards;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Byte accounting with GPT-2 on multi-byte UTF-8: the per-batch covered bytes (fractional byte
 * weights len(utf8)/len(ids) per document) add up to the UTF-8 size of the streamed text.
 */
class Gpt2ByteAccountingTest {

  @TempDir Path tmp;

  @Test
  void coveredBytesSumToTheUtf8SizeOfTheStream() throws IOException {
    String[] words = {"the", "prism", "caf\u00e9", "na\u00efve", "\u65e5\u672c\u8a9e", "\u0434\u0430\u043d\u043d\u044b\u0435",
        "\uD83D\uDE00", "\u20ac12", "stra\u00dfe", "\u00fcber", "learning", "curve", "\u00bd", "x"};
    Random r = new Random(3);
    ObjectMapper mapper = new ObjectMapper();
    Gpt2Tokenizer gpt2 = Gpt2Tokenizer.create();
    long utf8 = 0;
    long tokens = 0;
    int docs = 0;
    for (int shard = 0; shard < 3; shard++) {
      try (Writer w = Files.newBufferedWriter(tmp.resolve(String.format("train-%05d.jsonl", shard)))) {
        for (int d = 0; d < 150; d++) {
          StringBuilder sb = new StringBuilder();
          int n = 1 + r.nextInt(120);
          for (int k = 0; k < n; k++) {
            sb.append(k == 0 ? "" : r.nextInt(9) == 0 ? "\n" : " ").append(words[r.nextInt(words.length)]);
          }
          String text = sb.toString();
          utf8 += text.getBytes(StandardCharsets.UTF_8).length;
          tokens += gpt2.encode(text).length;
          docs++;
          w.write(mapper.writeValueAsString(Map.of("id", "d" + shard + "-" + d, "text", text)));
          w.write('\n');
        }
      }
    }
    int seq = tokens % 256 == 1 ? 63 : 64;
    double sumOfBatches = 0;
    StreamState state;
    try (Batcher b = Batcher.open(TrainShards.discover(tmp),
        BatcherOptions.builder().tokenizer(gpt2).seqLen(seq).batchSize(4).build())) {
      while (b.hasNext()) {
        Batch batch = b.next();
        sumOfBatches += batch.coveredBytes();
        assertTrue(batch.ids().length == seq * 4 || batch.rows() == 1);
        for (long id : batch.ids()) {
          assertTrue(id >= 0 && id < 4096); // gpt2 ids folded mod the default vocab 4096
        }
      }
      state = b.state();
    }
    assertEquals(tokens, state.consumedTokens());
    assertEquals(docs, state.consumedDocuments());
    assertEquals(utf8, sumOfBatches, 1e-9 * utf8);
    assertEquals(utf8, state.coveredBytes(), 1e-9 * utf8);
    assertEquals(utf8, state.coveredBytesRounded());
    assertEquals(state.coveredBytes(), state.coveredBytesCumulative().get(state.coveredBytesCumulative().size() - 1));
    assertTrue(state.tokenizerUsed());
  }
}

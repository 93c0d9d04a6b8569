package ai.prism.examples.cli;

import ai.prism.core.PrismException;
import ai.prism.core.data.Batcher;
import ai.prism.core.data.BatcherOptions;
import ai.prism.core.data.Budgets;
import ai.prism.core.data.PythonJson;
import ai.prism.core.data.StreamState;
import ai.prism.core.data.TrainShards;
import ai.prism.core.tokenizer.Tokenizer;
import ai.prism.tokenizers.ReferenceTokenizers;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code prism corpus stats}: streams the scored train pass a run would see, with no model, and
 * prints the manifest {@code data} block plus {@code predicted_tokens}.
 */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description = {
      "Stream the scored train pass with no model; print the manifest data block as JSON.",
      "Stream the single scored pass exactly as the runner would (discovery, skip rules, batches, budgets)",
      "with no model, and print the manifest data block plus predicted_tokens as JSON.",
      "When DIR (or its parent, for a split directory given directly) holds MANIFEST.json, the pin, the",
      "partition and the split are verified first and every streamed shard must be listed (--no-verify",
      "skips this); a mismatch exits 2 naming the shard. A corpus without MANIFEST.json streams unchecked,",
      "as the reference's runner never reads it."
    })
public final class CorpusStatsCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", required = true, description = "The data_dir a run gets (train shards or a corpus root).")
  String data;

  @Option(names = "--split", defaultValue = "train",
      description = "train (default): DIR as given; val/test: DIR/<split> when it exists.")
  String split;

  @Option(names = "--tokenizer", description = "bytes, gpt2, gpt2-ordinary, llama or a tokenizer.json path; "
      + "absent: raw bytes with no tokenizer object (basis bytes).")
  String tokenizer;

  @Option(names = "--reference-tokenizer-dir", description = "Root of the reference tokenizers (default: $PRISM_REFERENCE_TOKENIZER_DIR).")
  Path referenceTokenizerDir;

  @Option(names = "--vocab-size", defaultValue = "4096", description = "Model vocabulary (default: ${DEFAULT-VALUE}).")
  int vocabSize;

  @Option(names = "--batch-size", defaultValue = "8", description = "Rows per batch (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--seq-len", defaultValue = "1024", description = "Tokens per row (default: ${DEFAULT-VALUE}).")
  int seqLen;

  @Option(names = "--token-budget", description = "Stop when this many tokens were appended.")
  Long tokenBudget;

  @Option(names = "--step-budget", description = "Stop after this many batches.")
  Long stepBudget;

  /** How batch byte weights are summed. */
  @Mixin SumOption sum;

  @CommandLine.Mixin CorpusPin pin;

  @Option(names = "--max-line-bytes", defaultValue = "33554432", description = "Longest shard line accepted.")
  int maxLineBytes;

  @Override
  public Integer call() {
    long t0 = System.nanoTime();
    try {
      String dataDir = data;
      if (!split.equals("train") && Files.isDirectory(Path.of(data, split))) {
        dataDir = Path.of(data, split).toString();
      }
      TrainShards shards = TrainShards.discover(dataDir);
      pin.verifyStream(shards, split);
      Tokenizer tok = tokenizer == null ? null : ReferenceTokenizers.byName(tokenizer, referenceTokenizerDir);
      BatcherOptions options = BatcherOptions.builder()
          .tokenizer(tok).vocabSize(vocabSize).batchSize(batchSize).seqLen(seqLen)
          .budgets(new Budgets(tokenBudget, stepBudget, null))
          .summation(sum.summation)
          .maxLineBytes(maxLineBytes).build();
      ObjectNode out;
      StreamState state;
      try (Batcher batcher = Batcher.open(shards, options)) {
        while (batcher.hasNext()) {
          batcher.next();
        }
        state = batcher.state();
        out = state.dataBlock();
        out.put("predicted_tokens", batcher.predictedTokens());
      } finally {
        if (tok instanceof AutoCloseable c) {
          c.close();
        }
      }
      spec.commandLine().getOut().println(PythonJson.indented(out));
      double secs = (System.nanoTime() - t0) / 1e9;
      spec.commandLine().getErr().printf(Locale.ROOT, "prism corpus stats: %d tokens, %d batches, %d documents in %.1f s (%.1f MB/s of shard bytes)%n",
          state.consumedTokens(), state.consumedBatches(), state.consumedDocuments(), secs,
          shards.availableBytes() / 1e6 / Math.max(secs, 1e-9));
      return 0;
    } catch (PrismException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("prism corpus stats: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      spec.commandLine().getErr().println("prism corpus stats: " + e);
      return 2;
    }
  }
}

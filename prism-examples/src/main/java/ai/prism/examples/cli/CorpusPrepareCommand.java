package ai.prism.examples.cli;

import ai.prism.core.PrismException;
import ai.prism.core.data.LockedCorpusWriter;
import ai.prism.core.data.LockedManifest;
import ai.prism.core.data.LockedSplit;
import ai.prism.core.data.Partition;
import ai.prism.core.data.PythonJson;
import ai.prism.core.data.SourceDocument;
import ai.prism.core.data.TokenCounter;
import ai.prism.tokenizers.Gpt2Tokenizer;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prism corpus prepare}: text files, directories or JSONL into the locked layout. */
@Command(
    name = "prepare",
    mixinStandardHelpOptions = true,
    description = {
      "Turn text files, directories or JSONL into a locked corpus (shards + MANIFEST.json).",
      "Partition documents into train/val/test by sha256(id) mod 1000, shard them and write MANIFEST.json,",
      "exactly as the reference prep does. Inputs: *.jsonl (id/text per line), UTF-8 text files, directories.",
      "Ids of text files are stable: the file's path relative to the --input's parent directory, with / separators",
      "(--input corpus/books gives books/sub/a.txt), plus #n for the n-th non-blank paragraph (from 0) with",
      "--text-unit paragraph. Two documents of different files with the same id are an error naming both (exit 2);",
      "duplicate ids within JSONL inputs keep the first text, as the reference prep does.",
      "Prints a JSON summary on stdout."
    })
public final class CorpusPrepareCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--input", required = true, arity = "1..*", description = "Input files or directories.")
  List<Path> inputs;

  @Option(names = "--out", required = true, description = "Output directory (stale shards are replaced).")
  Path out;

  @Option(names = "--docs-per-shard", defaultValue = "1024", description = "Documents per shard (default: ${DEFAULT-VALUE}).")
  int docsPerShard;

  @Option(names = "--text-unit", defaultValue = "file",
      description = "How text files become documents: file (one per file, id = relative path) or paragraph (id = path#n).")
  String textUnit;

  @Option(names = "--token-counter", defaultValue = "gpt2",
      description = "Manifest token counter: gpt2 (tiktoken-compatible; refuses <|endoftext|> text) or gpt2-ordinary.")
  String tokenCounter;

  @Option(names = "--dataset-name", defaultValue = LockedManifest.FINEWEB_EDU_DATASET, description = "dataset.name.")
  String datasetName;

  @Option(names = "--pin-sha", defaultValue = LockedManifest.FINEWEB_EDU_PIN_SHA, description = "dataset.pin_sha.")
  String pinSha;

  @Option(names = "--license", defaultValue = LockedManifest.FINEWEB_EDU_LICENSE, description = "dataset.license.")
  String license;

  @Option(names = "--source-doc-limit", description = "Record dataset.source_doc_limit (informational).")
  Long sourceDocLimit;

  @Override
  public Integer call() {
    try {
      CorpusInputs.TextUnit unit = switch (textUnit) {
        case "file" -> CorpusInputs.TextUnit.FILE;
        case "paragraph" -> CorpusInputs.TextUnit.PARAGRAPH;
        default -> throw new PrismException("--text-unit must be file or paragraph: " + textUnit);
      };
      List<SourceDocument> docs = CorpusInputs.read(inputs, unit);
      LockedManifest manifest = LockedCorpusWriter.builder(counter(tokenCounter))
          .docsPerShard(docsPerShard).datasetName(datasetName).pinSha(pinSha).license(license)
          .sourceDocLimit(sourceDocLimit).build().write(docs, out);
      ObjectNode summary = JsonNodeFactory.instance.objectNode();
      summary.put("output_dir", out.toString());
      summary.put("pin_sha", manifest.pinSha());
      ObjectNode docCounts = summary.putObject("split_doc_counts");
      ObjectNode tokenCounts = summary.putObject("split_token_counts");
      for (String split : Partition.SPLITS) {
        LockedSplit s = manifest.splits().get(split);
        docCounts.put(split, s.docCount());
        tokenCounts.put(split, s.tokenCount());
      }
      spec.commandLine().getOut().println(PythonJson.compact(summary, true));
      return 0;
    } catch (PrismException e) {
      spec.commandLine().getErr().println("prism corpus prepare: " + e.getMessage());
      return 2;
    }
  }

  /** The manifest token counter by name (the reference's default is tiktoken gpt2). */
  static TokenCounter counter(String name) {
    return switch (name) {
      case "gpt2" -> TokenCounter.of(Gpt2Tokenizer.create(), "gpt2", Partition.sha256Hex("tiktoken:gpt2:n_vocab=50257"));
      case "gpt2-ordinary" -> TokenCounter.of(Gpt2Tokenizer.create(Gpt2Tokenizer.SpecialText.ORDINARY), "gpt2-ordinary",
          Partition.sha256Hex("tiktoken:gpt2:n_vocab=50257:encode_ordinary"));
      default -> throw new PrismException("--token-counter must be gpt2 or gpt2-ordinary: " + name);
    };
  }
}

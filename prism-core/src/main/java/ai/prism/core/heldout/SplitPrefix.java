package ai.prism.core.heldout;

import ai.prism.core.PrismException;
import ai.prism.core.data.LockedCorpus;
import ai.prism.core.data.LockedDatasetException;
import ai.prism.core.data.LockedDocument;
import ai.prism.core.data.SplitDocuments;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A deterministic prefix of a locked split read with the strict host loader (spec §3.3 left
 * column, §7.2 step 1): documents in order, adding up their UTF-8 lengths, up to and including the
 * document that brings the total to at least the byte budget ({@code <= 0}: the whole split). A
 * split the loader refuses anywhere in the prefix (missing, malformed line, non-string text) is an
 * empty prefix, as in the reference. The prefix is scanned once up front and re-read for every
 * measurement, so memory stays bounded however large the budget.
 */
final class SplitPrefix implements Texts {
  private final Path root;
  private final String split;
  private final int maxLineBytes;
  private final long documents;
  private final long utf8Bytes;

  private SplitPrefix(Path root, String split, int maxLineBytes, long documents, long utf8Bytes) {
    this.root = root;
    this.split = split;
    this.maxLineBytes = maxLineBytes;
    this.documents = documents;
    this.utf8Bytes = utf8Bytes;
  }

  /**
   * Scans {@code split} under {@code root}, lines up to {@code maxLineBytes}; {@code cancel} is polled
   * between documents.
   */
  static SplitPrefix scan(Path root, String split, int maxLineBytes, long byteBudget, Cancellation cancel) {
    long count = 0;
    long total = 0;
    try (SplitDocuments docs = LockedCorpus.documents(root, split, maxLineBytes)) {
      while (docs.hasNext()) {
        cancel.check();
        LockedDocument doc = docs.next();
        count++;
        total += doc.text().getBytes(StandardCharsets.UTF_8).length;
        if (byteBudget > 0 && total >= byteBudget) {
          break;
        }
      }
    } catch (LockedDatasetException | UncheckedIOException e) {
      return new SplitPrefix(root, split, maxLineBytes, 0, 0);
    }
    return new SplitPrefix(root, split, maxLineBytes, count, total);
  }

  /** The prefix's texts in memory (for a child JVM). */
  List<String> texts() {
    List<String> out = new ArrayList<>();
    forEach(out::add);
    return out;
  }

  @Override
  public boolean isEmpty() {
    return documents == 0;
  }

  @Override
  public long utf8Bytes() {
    return utf8Bytes;
  }

  @Override
  public void forEach(Consumer<String> sink) {
    long seen = 0;
    try (SplitDocuments docs = LockedCorpus.documents(root, split, maxLineBytes)) {
      while (seen < documents && docs.hasNext()) {
        sink.accept(docs.next().text());
        seen++;
      }
    } catch (LockedDatasetException | UncheckedIOException e) {
      throw new PrismException("the " + split + " split under " + root + " changed while it was measured: " + e.getMessage(), e);
    }
    if (seen < documents) {
      throw new PrismException("the " + split + " split under " + root + " changed while it was measured: "
          + seen + " documents where the scan saw " + documents);
    }
  }
}

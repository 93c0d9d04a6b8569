package ai.prism.core.data;

import ai.prism.core.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.List;

/**
 * The runner's token stream (spec §3.4), one document at a time: documents accepted by the
 * runner's reader, tokenized (raw UTF-8 bytes when the tokenizer is null), documents with no ids
 * skipped uncounted. Every token of a document weighs {@link #byteWeight()} =
 * {@code len(utf8) / len(ids)}. Token data of the current document is valid until the next
 * {@link #nextDocument()}. The {@link Batcher} shapes this stream into batches.
 */
public final class TokenStream implements AutoCloseable {

  private final RunnerTexts texts;
  private final Tokenizer tokenizer;
  private byte[] bytes;
  private int[] ids;
  private int length;
  private int utf8Length;
  private double weight;
  private long documents;

  private TokenStream(List<Path> files, ShardOpener opener, Tokenizer tokenizer, int maxLineBytes) {
    this.texts = new RunnerTexts(files, opener, maxLineBytes);
    this.tokenizer = tokenizer;
  }

  /** A stream over {@code shards}; a null tokenizer means raw UTF-8 bytes. */
  public static TokenStream open(TrainShards shards, Tokenizer tokenizer, int maxLineBytes) {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be >= 1: " + maxLineBytes);
    }
    return new TokenStream(shards.files(), shards.opener(), tokenizer, maxLineBytes);
  }

  /** Advances to the next document with at least one token; false at the end of the shards. */
  public boolean nextDocument() {
    while (texts.advance()) {
      utf8Length = texts.length();
      if (tokenizer == null) {
        bytes = texts.bytes();
        ids = null;
        length = utf8Length;
      } else {
        int[] encoded = tokenizer.encode(texts.string());
        if (encoded == null || encoded.length == 0) {
          continue;
        }
        bytes = null;
        ids = encoded;
        length = encoded.length;
      }
      weight = utf8Length / (double) length;
      documents++;
      return true;
    }
    return false;
  }

  /** Tokens of the current document. */
  public int tokenCount() {
    return length;
  }

  /** Token {@code i} of the current document (a byte value 0–255 when no tokenizer is set). */
  public int token(int i) {
    if (i < 0 || i >= length) {
      throw new IndexOutOfBoundsException("token " + i + " of " + length);
    }
    return ids == null ? bytes[i] & 0xFF : ids[i];
  }

  /**
   * Copies tokens {@code [from, from + n)} of the current document into {@code dest} at
   * {@code destPos}, each reduced {@code floorMod vocab}.
   */
  public void copyTokens(int from, long[] dest, int destPos, int n, int vocab) {
    if (from < 0 || n < 0 || from + n > length) {
      throw new IndexOutOfBoundsException("tokens [" + from + ", " + (from + n) + ") of " + length);
    }
    if (ids == null) {
      byte[] src = bytes;
      if (vocab >= 256) {
        for (int k = 0; k < n; k++) {
          dest[destPos + k] = src[from + k] & 0xFF;
        }
      } else {
        for (int k = 0; k < n; k++) {
          dest[destPos + k] = (src[from + k] & 0xFF) % vocab;
        }
      }
    } else {
      int[] src = ids;
      for (int k = 0; k < n; k++) {
        dest[destPos + k] = Math.floorMod(src[from + k], vocab);
      }
    }
  }

  /** The byte weight of every token of the current document. */
  public double byteWeight() {
    return weight;
  }

  /** UTF-8 length of the current document's text. */
  public int utf8Length() {
    return utf8Length;
  }

  /** Shard file name of the current document. */
  public String shard() {
    return texts.shardName();
  }

  /** Raw 0-based line offset of the current document in its shard. */
  public long offset() {
    return texts.lineIndex();
  }

  /** Documents started so far ({@code consumed_documents}). */
  public long documents() {
    return documents;
  }

  @Override
  public void close() {
    texts.close();
    bytes = null;
    ids = null;
  }
}

package ai.prism.core.heldout;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.prism.core.PrismException;
import ai.prism.core.capture.GradMode;
import ai.prism.core.capture.NextTokenLoss;
import ai.prism.core.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;

/**
 * Bits per byte of a fixed model over a text prefix, no training (the reference's {@code
 * bpb_over}, spec §7.2). The texts form one stream without separators, cut into chunks of {@code
 * seq × batch} tokens shaped {@code (batch, seq)}, a final remainder shaped {@code (1, n)}, chunks
 * of fewer than 2 tokens skipped; ids reduced modulo the vocabulary; each chunk's forward runs
 * without gradient recording and with DJL's {@code training} argument {@code false} (the
 * reference's {@code model.eval()}, which it restores afterwards: DJL passes the flag per call, so
 * there is nothing to restore); the loss is the capture's mean next-token cross-entropy, a
 * non-finite one becomes {@code 2 × ln(vocab)}; {@code sum_nll += loss × rows × (cols − 1)}.
 * Result {@code (sum_nll / ln 2) / covered}, or {@code null} unless finite and positive.
 *
 * <p>Byte-level (no tokenizer, the reference): tokens are the UTF-8 bytes and {@code covered} is
 * the number of bytes in measured chunks. Tokenizer-aware: tokens are the tokenizer's ids of each
 * text (a text it encodes to nothing is skipped), each carrying the byte weight {@code utf8 length
 * / id count} of its text, and {@code covered} is the sum of the measured tokens' weights — the
 * accounting of the runner's prequential bpb (spec §3.4).
 */
final class BpbMeter {
  /** {@code math.log(2.0)}. */
  private static final double LN2 = 0.6931471805599453;

  private final int vocab;
  private final int seq;
  private final int batch;
  private final double worstLoss;
  private final Tokenizer tokenizer;
  private final Cancellation cancel;

  /**
   * A meter for a model of {@code vocabSize} logits; {@code tokenizer} null means raw bytes. The
   * vocabulary and sequence length are clamped to at least 2, the batch to at least 1.
   */
  BpbMeter(int vocabSize, int sequenceLength, int batchSize, Tokenizer tokenizer, Cancellation cancel) {
    this.vocab = Math.max(vocabSize, 2);
    this.seq = Math.max(sequenceLength, 2);
    this.batch = Math.max(batchSize, 1);
    this.worstLoss = 2.0 * Math.log(vocab);
    this.tokenizer = tokenizer;
    this.cancel = cancel;
  }

  /** The bpb of {@code block} (parameters in {@code manager}) over {@code texts}, or null. */
  Double measure(Block block, NDManager manager, Texts texts) {
    Run run = new Run(block, manager);
    texts.forEach(run::text);
    run.flushRemainder();
    if (run.covered <= 0 || run.chunks == 0) {
      return null;
    }
    double bits = run.sumNll / LN2;
    if (!Double.isFinite(bits)) {
      return null;
    }
    double bpb = bits / run.covered;
    return Double.isFinite(bpb) && bpb > 0.0 ? bpb : null;
  }

  /** One pass over the prefix. */
  private final class Run {
    private final Block block;
    private final NDManager manager;
    private final long[] ids = new long[seq * batch];
    private int filled;
    private double filledWeight;
    private double sumNll;
    private double covered;
    private long chunks;

    Run(Block block, NDManager manager) {
      this.block = block;
      this.manager = manager;
    }

    void text(String text) {
      byte[] raw = text.getBytes(StandardCharsets.UTF_8);
      if (tokenizer == null) {
        for (byte b : raw) {
          append(Math.floorMod(b & 0xff, vocab), 1.0);
        }
        return;
      }
      int[] tokens = tokenizer.encode(text);
      if (tokens == null || tokens.length == 0) {
        return;
      }
      double weight = (double) raw.length / tokens.length;
      for (int id : tokens) {
        append(Math.floorMod(id, vocab), weight);
      }
    }

    private void append(long id, double weight) {
      ids[filled++] = id;
      filledWeight += weight;
      if (filled == ids.length) {
        chunk(batch, seq);
      }
    }

    void flushRemainder() {
      if (filled >= 2) {
        chunk(1, filled);
      }
      filled = 0;
      filledWeight = 0;
    }

    @SuppressWarnings("try") // the GradMode guard is only held, never read
    private void chunk(int rows, int cols) {
      cancel.check();
      double loss;
      try (NDManager scope = manager.newSubManager(); GradMode ignored = GradMode.disabled()) {
        long[] values = filled == ids.length ? ids : java.util.Arrays.copyOf(ids, filled);
        NDArray tokens = scope.create(values, new Shape(rows, cols));
        NDList output = block.forward(new ParameterStore(scope, false), new NDList(tokens), false);
        NDArray logits = NextTokenLoss.logitsOf(output);
        long width = logits.getShape().get(logits.getShape().dimension() - 1);
        if (width != vocab) {
          throw new PrismException("model forward returned logits " + logits.getShape() + " whose last dimension "
              + width + " is not the context vocabulary " + vocab + " (the reference reshapes the logits to (-1, "
              + vocab + ") and fails)");
        }
        loss = NextTokenLoss.meanCrossEntropy(logits, tokens);
      }
      if (!Double.isFinite(loss)) {
        loss = worstLoss;
      }
      sumNll += loss * rows * (cols - 1);
      covered += filledWeight;
      chunks++;
      filled = 0;
      filledWeight = 0;
    }
  }
}

package ai.prism.core.data;

import ai.prism.core.json.FloatSummation;
import ai.prism.core.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The single-pass batch iterator of spec §3.4–3.7, bit-compatible with the reference runner's
 * stream: documents in shard order and line order (runner skip rules), one continuous token stream
 * with per-document byte weight {@code len(utf8) / len(ids)}, batches of {@code (batch, seq)} and a
 * trailing {@code (1, remainder)} batch of at least 2 tokens when no budget binds, ids reduced mod
 * vocabulary, token/step/wall-clock budgets checked (a) before each token is appended and (b) when
 * the caller asks for the next batch after one was handed out (i.e. after its training step).
 *
 * <p>A caller that stops iterating early leaves {@link StreamState#stoppedReason()} null, as in
 * the reference. The wall clock starts at {@link #startClock()} or at the first {@link #hasNext()};
 * during a batch fill it is sampled at least every {@value #CLOCK_SAMPLE_TOKENS} tokens (token and
 * step budgets are exact per token). Not thread-safe.
 */
public final class Batcher implements Iterator<Batch>, AutoCloseable {

  /** The wall clock is read at least this often (in appended tokens) while a budget is set. */
  public static final int CLOCK_SAMPLE_TOKENS = 4096;

  private static final double TWO_POW_53 = 9007199254740992.0;

  private final TrainShards shards;
  private final BatcherOptions options;
  private final Tokenizer tokenizer;
  private final int vocab;
  private final int needed;
  private final Long tokenBudget;
  private final Long stepBudget;
  private final Double budgetSeconds;
  private final boolean compensated;
  private final TokenStream tokens;

  // Current document.
  private int docLen;
  private int docPos;
  private double docWeight;

  // Batch under construction.
  private long[] batchIds;
  private int bufLen;
  private double batchSum;
  private double batchComp;

  // Counters.
  private long consumedDocuments;
  private long consumedTokens;
  private long consumedBatches;
  private long predictedTokens;
  private double coveredBytes;
  private double[] cumulative = new double[64];

  private boolean clockStarted;
  private long startNanos;
  private boolean pendingCheck;
  private boolean trailingEmitted;
  private boolean finished;
  private Batch next;
  private StoppedReason stoppedReason;

  private Batcher(TrainShards shards, BatcherOptions options) {
    this.shards = shards;
    this.options = options;
    this.tokenizer = options.tokenizer();
    this.vocab = options.vocabSize();
    this.needed = options.batchSize() * options.seqLen();
    this.tokenBudget = options.budgets().tokenBudget();
    this.stepBudget = options.budgets().stepBudget();
    this.budgetSeconds = options.budgets().budgetSeconds();
    this.compensated = options.summation() == FloatSummation.COMPENSATED;
    this.tokens = TokenStream.open(shards, options.tokenizer(), options.maxLineBytes());
  }

  /** A batcher over {@code shards}; nothing is read until the first {@link #hasNext()}. */
  public static Batcher open(TrainShards shards, BatcherOptions options) {
    if (shards == null || options == null) {
      throw new IllegalArgumentException("shards and options are required");
    }
    return new Batcher(shards, options);
  }

  /** Starts the wall clock now (idempotent); the runner calls it after parameter-cap check #1. */
  public void startClock() {
    if (!clockStarted) {
      clockStarted = true;
      startNanos = options.nanoClock().getAsLong();
    }
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (finished) {
      return false;
    }
    startClock();
    if (trailingEmitted) {
      finish(StoppedReason.DATA_EXHAUSTED);
      return false;
    }
    if (pendingCheck) {
      pendingCheck = false;
      StoppedReason r = budgetReason();
      if (r != null) {
        stop(r);
        return false;
      }
    }
    next = fill();
    return next != null;
  }

  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the single-pass stream has ended");
    }
    Batch b = next;
    next = null;
    return b;
  }

  private Batch fill() {
    while (true) {
      if (docPos == docLen && !nextDocument()) {
        if (bufLen >= 2 && budgetReason() == null) {
          trailingEmitted = true;
          return emit(1, bufLen);
        }
        finish(StoppedReason.DATA_EXHAUSTED);
        return null;
      }
      StoppedReason r = budgetReason();
      if (r != null) {
        stop(r);
        return null;
      }
      if (batchIds == null) {
        batchIds = new long[needed];
      }
      int n = Math.min(docLen - docPos, needed - bufLen);
      if (tokenBudget != null) {
        n = (int) Math.min(n, tokenBudget - consumedTokens);
      }
      if (budgetSeconds != null) {
        n = Math.min(n, CLOCK_SAMPLE_TOKENS);
      }
      append(n);
      if (bufLen == needed) {
        pendingCheck = true;
        return emit(options.batchSize(), options.seqLen());
      }
    }
  }

  private void append(int n) {
    tokens.copyTokens(docPos, batchIds, bufLen, n, vocab);
    addWeights(docWeight, n);
    bufLen += n;
    docPos += n;
    consumedTokens += n;
  }

  /** Adds {@code n} copies of {@code w} to the batch sum, one at a time as Python's sum() does. */
  private void addWeights(double w, int n) {
    double s = batchSum;
    if (w == 1.0 && s == Math.rint(s) && s + n <= TWO_POW_53) {
      batchSum = s + n; // every addition is exact; the compensation stays unchanged
      return;
    }
    if (compensated) {
      double c = batchComp;
      for (int k = 0; k < n; k++) {
        double t = s + w;
        if (Math.abs(s) >= Math.abs(w)) {
          c += (s - t) + w;
        } else {
          c += (w - t) + s;
        }
        s = t;
      }
      batchComp = c;
    } else {
      for (int k = 0; k < n; k++) {
        s += w;
      }
    }
    batchSum = s;
  }

  private Batch emit(int rows, int cols) {
    long[] ids = bufLen == batchIds.length ? batchIds : Arrays.copyOf(batchIds, bufLen);
    double nbytes = batchSum;
    if (compensated && batchComp != 0.0 && Double.isFinite(batchComp)) {
      nbytes += batchComp;
    }
    int index = (int) consumedBatches;
    coveredBytes += nbytes;
    if (consumedBatches == cumulative.length) {
      cumulative = Arrays.copyOf(cumulative, cumulative.length * 2);
    }
    cumulative[(int) consumedBatches] = coveredBytes;
    consumedBatches++;
    Batch batch = new Batch(index, ids, rows, cols, nbytes, coveredBytes);
    predictedTokens += batch.predictedPositions();
    batchIds = null;
    bufLen = 0;
    batchSum = 0.0;
    batchComp = 0.0;
    return batch;
  }

  /** The reference's {@code _budget_reason}: token, then step, then wall clock. */
  private StoppedReason budgetReason() {
    if (tokenBudget != null && consumedTokens >= tokenBudget) {
      return StoppedReason.TOKEN_BUDGET;
    }
    if (stepBudget != null && consumedBatches >= stepBudget) {
      return StoppedReason.STEP_BUDGET;
    }
    if (budgetSeconds != null && clockStarted
        && (options.nanoClock().getAsLong() - startNanos) / 1e9 >= budgetSeconds) {
      return StoppedReason.WALL_CLOCK;
    }
    return null;
  }

  /** Advances to the next document with a non-empty id list; false when the shards are exhausted. */
  private boolean nextDocument() {
    if (!tokens.nextDocument()) {
      return false;
    }
    docLen = tokens.tokenCount();
    docWeight = tokens.byteWeight();
    docPos = 0;
    consumedDocuments++;
    return true;
  }

  private void stop(StoppedReason reason) {
    stoppedReason = reason;
    finished = true;
    closeReader();
  }

  private void finish(StoppedReason reason) {
    if (stoppedReason == null) {
      stoppedReason = reason;
    }
    finished = true;
    closeReader();
  }

  private void closeReader() {
    tokens.close();
  }

  /** Live counters (a cheap snapshot; the cumulative list is a view, not a copy). */
  public StreamState state() {
    return new StreamState(
        shards.dataDirText(),
        shards.shardCount(),
        shards.availableBytes(),
        consumedDocuments,
        consumedTokens,
        consumedBatches,
        consumedDocuments,
        consumedDocuments,
        coveredBytes,
        new DoubleListView(cumulative, (int) consumedBatches),
        stoppedReason,
        tokenizer != null);
  }

  /** Sum of predicted positions over the batches handed out so far ({@code predicted_tokens}). */
  public long predictedTokens() {
    return predictedTokens;
  }

  /** The options this batcher runs with. */
  public BatcherOptions options() {
    return options;
  }

  /** Releases the open shard; the stream ends without setting a stopped reason (an early break). */
  @Override
  public void close() {
    finished = true;
    next = null;
    closeReader();
  }
}

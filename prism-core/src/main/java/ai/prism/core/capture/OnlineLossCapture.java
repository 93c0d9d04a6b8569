package ai.prism.core.capture;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.prism.core.PrismException;
import ai.prism.core.data.Batch;
import ai.prism.core.data.Batcher;
import ai.prism.core.data.BatcherOptions;
import ai.prism.core.data.StreamState;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The challenge's predict-then-train instrument (spec §4.5–4.9): a single-pass stream of batches
 * from the locked train split, each one's online loss recorded before the training loop sees it.
 *
 * <p>One capture per run. {@link #batches(Model)} is lazy: the first iterator that is advanced
 * starts the capture (parameter-cap check #1, then the wall clock), every other iterator — of this
 * or of a later call — yields nothing. In the separate mode the capture runs the model's forward
 * itself with gradient recording off and DJL's {@code training} argument {@code true} (the reference
 * never switches the model to evaluation mode, and a PyTorch module is in training mode unless the
 * loop switched it: dropout stays active and batch-norm statistics update, exactly as there); in
 * the fused mode the loop hands over the logits of its own pre-update training forward. Both modes
 * record through {@link NextTokenLoss}.
 *
 * <p>Resources: a batch's arrays live in their own {@link NDManager}, closed when the next batch is
 * requested; the capture forward's intermediates live in a sub-scope closed as soon as the loss is
 * read. Arrays a block derives from its own parameters as first operand attach to the parameter's
 * manager (a DJL rule), outside the capture's reach.
 */
public final class OnlineLossCapture {
  private static final double WORST_CASE_LOSS_MULTIPLIER = 2.0;

  private final CaptureSetup setup;
  private final CaptureOptions options;
  private final int vocabSize;
  private final int seqLen;
  private final int batchSize;
  private final double baselineNats;

  private final DoubleSeries onlineLoss = new DoubleSeries();
  private final DoubleSeries coveredBytesCumulative = new DoubleSeries();
  private double coveredBytes;
  private double sumNegLogLikelihoodNats;
  private long predictedTokens;
  private int nanInfBatches;
  private Long modelParams;
  private ParameterCapExceededException capViolation;
  private CaptureProtocolException protocolViolation;

  private boolean started;
  private boolean capRechecked;
  private Model model;
  private Block block;
  private NDManager captureManager;
  private Batcher batcher;
  private PreparedBatch current;

  private OnlineLossCapture(CaptureSetup setup, CaptureOptions options) {
    this.setup = setup;
    this.options = options;
    this.vocabSize = Math.max(setup.vocabSize(), 2);
    Integer requested = options.seqLen();
    this.seqLen = Math.max(requested != null ? requested : setup.contextSequenceLength(), 2);
    this.batchSize = Math.max(options.batchSize(), 1);
    this.baselineNats = Math.log(vocabSize);
  }

  /**
   * A capture with the options of the loop's first {@code trainBatches} call.
   *
   * @throws CaptureProtocolException when the fused mode is asked for by untrusted training code
   */
  public static OnlineLossCapture create(CaptureSetup setup, CaptureOptions options) {
    Objects.requireNonNull(setup, "setup");
    Objects.requireNonNull(options, "options");
    if (options.fused() && !setup.fusedAllowed()) {
      throw new CaptureProtocolException(
          "the fused capture mode is only available to trusted training code (the library's recipes or"
              + " code on the application class path); a training role loaded from a bundle must use the"
              + " separate mode");
    }
    return new OnlineLossCapture(setup, options);
  }

  /** The single-pass batch stream for {@code model}; see the class comment for its laziness. */
  public Iterable<TrainBatch> batches(Model model) {
    Objects.requireNonNull(model, "trainBatches: model must not be null");
    return () -> new BatchIterator(model);
  }

  /** Whether an iterator was advanced (the capture started). */
  public boolean started() {
    return started;
  }

  /** The model the capture scored, or {@code null} before it started. */
  public Model model() {
    return model;
  }

  /** The options the capture was created with. */
  public CaptureOptions options() {
    return options;
  }

  /** Batch columns in effect ({@code max(seqLen or context, 2)}). */
  public int sequenceLength() {
    return seqLen;
  }

  /** Batch rows in effect ({@code max(batchSize, 1)}). */
  public int batchSize() {
    return batchSize;
  }

  /**
   * The parameter-cap violation, if one was detected. The run fails on it even when the training
   * loop caught the exception (a deliberate hardening: in Java catching it is one {@code catch
   * (Exception e)} away).
   */
  public ParameterCapExceededException capViolation() {
    return capViolation;
  }

  /**
   * Ends the capture after {@code train} returned: releases the last batch and the stream.
   *
   * @throws CaptureProtocolException when, in the fused mode, a batch was handed out whose logits
   *     were never recorded, or an earlier protocol violation was swallowed by the loop
   */
  public void finish() {
    try {
      releaseCurrent();
    } finally {
      if (batcher != null) {
        batcher.close();
      }
    }
    if (protocolViolation != null) {
      throw protocolViolation;
    }
  }

  /** What was recorded so far. */
  public CaptureSummary summary() {
    StreamState stream = batcher == null ? null : batcher.state();
    return new CaptureSummary(
        onlineLoss.snapshot(),
        coveredBytesCumulative.snapshot(),
        coveredBytes,
        onlineLoss.size(),
        predictedTokens,
        sumNegLogLikelihoodNats,
        nanInfBatches,
        baselineNats,
        modelParams,
        stream,
        options.tokenizer() != null);
  }

  private void start(Model scored) {
    started = true;
    model = scored;
    block = scored.getBlock();
    if (block == null) {
      throw new PrismException("trainBatches: the model has no block (call model.setBlock before iterating)");
    }
    checkParameterCap();
    Device device = firstParameterDevice(block, scored.getNDManager().getDevice());
    captureManager = scored.getNDManager().newSubManager(device);
    batcher =
        Batcher.open(
            setup.shards(),
            BatcherOptions.builder()
                .tokenizer(options.tokenizer())
                .vocabSize(vocabSize)
                .batchSize(batchSize)
                .seqLen(seqLen)
                .budgets(setup.budgets())
                .nanoClock(setup.clock() == null ? System::nanoTime : setup.clock())
                .maxLineBytes(setup.maxLineBytes())
                .build());
    batcher.startClock();
  }

  private static Device firstParameterDevice(Block block, Device fallback) {
    for (Pair<String, Parameter> entry : block.getParameters()) {
      Parameter parameter = entry.getValue();
      if (parameter != null && parameter.isInitialized()) {
        return parameter.getArray().getDevice();
      }
    }
    return fallback;
  }

  private void checkParameterCap() {
    long count = ParameterCount.realized(block);
    modelParams = count;
    long cap = setup.maxParameters();
    if (cap > 0 && count > cap) {
      capViolation = new ParameterCapExceededException(count, cap);
      setup.diagnostics().println(capViolation.markerLine());
      setup.diagnostics().flush();
      throw capViolation;
    }
  }

  private PreparedBatch prepare(Batch batch) {
    NDManager scope = captureManager.newSubManager();
    try {
      NDArray tokens = scope.create(batch.ids(), new Shape(batch.rows(), batch.cols()));
      PreparedBatch prepared = new PreparedBatch(batch, scope, tokens);
      if (!options.fused()) {
        record(batch, forwardLoss(tokens, scope));
      }
      return prepared;
    } catch (RuntimeException e) {
      scope.close();
      throw e;
    }
  }

  private double forwardLoss(NDArray tokens, NDManager scope) {
    GradMode noGrad = GradMode.disabled();
    try (NDManager forwardScope = scope.newSubManager()) {
      tokens.tempAttach(forwardScope);
      // A fresh store per forward: it caches parameter arrays, and a loop may replace them.
      NDList output = block.forward(new ParameterStore(captureManager, false), new NDList(tokens), true);
      return NextTokenLoss.meanCrossEntropy(NextTokenLoss.logitsOf(output), tokens);
    } finally {
      noGrad.close();
    }
  }

  private double trainingLogitsLoss(NDArray logits, NDArray tokens, NDManager scope) {
    GradMode noGrad = GradMode.disabled();
    try (NDManager lossScope = scope.newSubManager()) {
      logits.tempAttach(lossScope);
      tokens.tempAttach(lossScope);
      return NextTokenLoss.meanCrossEntropy(logits, tokens);
    } finally {
      noGrad.close();
    }
  }

  private void record(Batch batch, double rawLoss) {
    if (!capRechecked) {
      // The first forward realises lazily created parameters: re-check before anything is recorded.
      capRechecked = true;
      checkParameterCap();
    }
    boolean finite = Double.isFinite(rawLoss);
    double loss = rawLoss;
    if (!finite) {
      nanInfBatches++;
      loss = WORST_CASE_LOSS_MULTIPLIER * baselineNats;
    }
    long predicted = (long) batch.rows() * Math.max(batch.cols() - 1, 0);
    onlineLoss.add(loss);
    sumNegLogLikelihoodNats += loss * predicted;
    predictedTokens += predicted;
    coveredBytes += batch.coveredBytes();
    coveredBytesCumulative.add(coveredBytes);
    CaptureListener listener = setup.listener();
    if (listener != null) {
      listener.onBatch(
          new BatchRecord(
              onlineLoss.size() - 1, loss, finite, predicted, batch.coveredBytes(), coveredBytes,
              sumNegLogLikelihoodNats));
    }
  }

  private void releaseCurrent() {
    PreparedBatch released = current;
    if (released == null) {
      return;
    }
    current = null;
    released.scope.close();
    if (released.awaitingLogits) {
      throw protocol(
          "fused capture: batch " + released.batch.index() + " was handed out but recordTrainingLogits was"
              + " never called for it");
    }
  }

  private CaptureProtocolException protocol(String message) {
    CaptureProtocolException e = new CaptureProtocolException(message);
    if (protocolViolation == null) {
      protocolViolation = e;
    }
    return e;
  }

  /** One iterator over the stream; only the first one advanced streams anything. */
  private final class BatchIterator implements Iterator<TrainBatch> {
    private final Model candidate;
    private boolean owner;
    private boolean done;
    private PreparedBatch lookahead;

    BatchIterator(Model candidate) {
      this.candidate = candidate;
    }

    @Override
    public boolean hasNext() {
      if (lookahead != null) {
        return true;
      }
      if (done) {
        return false;
      }
      setup.guard().run();
      if (!owner) {
        if (started) {
          done = true;
          return false;
        }
        owner = true;
        start(candidate);
      }
      releaseCurrent();
      if (!batcher.hasNext()) {
        done = true;
        return false;
      }
      lookahead = prepare(batcher.next());
      return true;
    }

    @Override
    public TrainBatch next() {
      if (!hasNext()) {
        throw new NoSuchElementException("the single-pass capture stream is exhausted");
      }
      current = lookahead;
      lookahead = null;
      return current;
    }
  }

  /** A batch handed to the loop, with its scope. */
  private final class PreparedBatch implements TrainBatch {
    private final Batch batch;
    private final NDManager scope;
    private final NDArray tokens;
    private boolean awaitingLogits;

    PreparedBatch(Batch batch, NDManager scope, NDArray tokens) {
      this.batch = batch;
      this.scope = scope;
      this.tokens = tokens;
      this.awaitingLogits = options.fused();
    }

    @Override
    public int index() {
      return batch.index();
    }

    @Override
    public int rows() {
      return batch.rows();
    }

    @Override
    public int cols() {
      return batch.cols();
    }

    @Override
    public NDArray tokens() {
      return tokens;
    }

    @Override
    public void recordTrainingLogits(NDArray logits) {
      acceptLogits(logits, "recordTrainingLogits");
      record(batch, trainingLogitsLoss(logits, tokens, scope));
    }

    @Override
    public NDArray recordTrainingLoss(NDArray logits) {
      acceptLogits(logits, "recordTrainingLoss");
      NDArray loss = NextTokenLoss.meanCrossEntropyArray(logits, tokens);
      record(batch, NextTokenLoss.value(loss));
      return loss;
    }

    private void acceptLogits(NDArray logits, String method) {
      Objects.requireNonNull(logits, method + ": logits must not be null");
      if (!options.fused()) {
        throw protocol(method + " is only for the fused capture mode; this capture runs its own forward");
      }
      if (current != this) {
        throw protocol(method + ": batch " + batch.index() + " is no longer the current batch");
      }
      if (!awaitingLogits) {
        throw protocol(method + ": the logits of batch " + batch.index() + " were already recorded");
      }
      awaitingLogits = false;
    }
  }
}

package ai.prism.examples.report;

import ai.prism.core.capture.BatchRecord;
import ai.prism.core.capture.CaptureListener;
import java.util.ArrayList;
import java.util.List;

/** A capture listener that keeps every recorded batch, the data of the loss curve. Thread-safe. */
public final class CurveRecorder implements CaptureListener {
  private final List<BatchRecord> records = new ArrayList<>();

  @Override
  public synchronized void onBatch(BatchRecord record) {
    records.add(record);
  }

  /** The batches recorded so far, in order. */
  public synchronized List<BatchRecord> records() {
    return List.copyOf(records);
  }
}

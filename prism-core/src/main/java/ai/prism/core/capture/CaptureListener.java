package ai.prism.core.capture;

/**
 * Observer of the capture, called on the training thread right after each batch's loss is
 * recorded and before the batch is handed to the loop. Must be quick; must not throw.
 */
@FunctionalInterface
public interface CaptureListener {
  /** One batch was recorded. */
  void onBatch(BatchRecord record);
}

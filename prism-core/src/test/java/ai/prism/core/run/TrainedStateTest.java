package ai.prism.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.prism.core.PrismException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trained-state artifact: symmetric save/load, and refusal of anything else. */
class TrainedStateTest {
  @TempDir Path tmp;

  private static Block fresh(NDManager manager, int vocab) {
    ForcedInit.apply(7);
    Bigram b = new Bigram(vocab);
    b.initialize(manager, DataType.FLOAT32, new Shape(1, 16));
    return b;
  }

  private Path saved(NDManager manager) {
    ForcedInit.apply(99);
    Bigram trained = new Bigram(32);
    trained.initialize(manager, DataType.FLOAT32, new Shape(1, 16));
    Path file = tmp.resolve(TrainedState.FILE_NAME);
    TrainedState.save(trained, file);
    return file;
  }

  @Test
  void loadRestoresExactlyWhatWasSaved() {
    try (NDManager manager = NDManager.newBaseManager()) {
      ForcedInit.apply(99);
      Bigram trained = new Bigram(32);
      trained.initialize(manager, DataType.FLOAT32, new Shape(1, 16));
      Path file = tmp.resolve(TrainedState.FILE_NAME);
      TrainedState.save(trained, file);
      Block block = fresh(manager, 32);
      assertFalse(Arrays.equals(Bigram.weights(trained), Bigram.weights(block)));
      TrainedState.load(block, manager, file);
      assertArrayEquals(Bigram.weights(trained), Bigram.weights(block));
      assertFalse(Files.exists(tmp.resolve("." + TrainedState.FILE_NAME + ".tmp")));
    }
  }

  @Test
  void aJavaSerializedObjectOrAnyOtherFileIsRefused() throws Exception {
    Path pickle = tmp.resolve("hostile.params");
    try (OutputStream out = Files.newOutputStream(pickle); ObjectOutputStream oos = new ObjectOutputStream(out)) {
      oos.writeObject(new HashMap<>(java.util.Map.of("k", "v")));
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      PrismException e = assertThrows(PrismException.class, () -> TrainedState.load(fresh(manager, 32), manager, pickle));
      assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
      Path text = Files.writeString(tmp.resolve("text.params"), "PRISM");
      assertThrows(PrismException.class, () -> TrainedState.load(fresh(manager, 32), manager, text));
    }
  }

  @Test
  void truncatedOrPaddedFilesAreRefused() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      Path file = saved(manager);
      byte[] bytes = Files.readAllBytes(file);
      Path truncated = Files.write(tmp.resolve("truncated.params"), Arrays.copyOf(bytes, bytes.length - 100));
      assertThrows(PrismException.class, () -> TrainedState.load(fresh(manager, 32), manager, truncated));
      Path padded = Files.write(tmp.resolve("padded.params"), Arrays.copyOf(bytes, bytes.length + 1));
      PrismException e = assertThrows(PrismException.class, () -> TrainedState.load(fresh(manager, 32), manager, padded));
      assertTrue(e.getMessage().contains("trailing bytes"), e.getMessage());
      Path huge = Files.write(tmp.resolve("huge.params"), Arrays.copyOf(bytes, bytes.length + 64 * 1024));
      e = assertThrows(PrismException.class, () -> TrainedState.load(fresh(manager, 32), manager, huge));
      assertTrue(e.getMessage().contains("more than its 1 parameters need"), e.getMessage());
    }
  }

  @Test
  void aStateOfAnotherArchitectureIsRefused() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Path file = saved(manager);
      PrismException e = assertThrows(PrismException.class, () -> TrainedState.load(fresh(manager, 16), manager, file));
      assertTrue(e.getMessage().contains("(32, 32)") && e.getMessage().contains("(16, 16)"), e.getMessage());
    }
  }

  @Test
  void aTableThatLiesAboutTheTensorsIsRefused() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      Path file = saved(manager);
      byte[] bytes = Files.readAllBytes(file);
      // The table's first dimension (32) rewritten to 16: the table then disagrees with the block.
      byte[] lie = bytes.clone();
      int at = indexOfLong(lie, 32);
      lie[at + 7] = 16;
      Path liar = Files.write(tmp.resolve("liar.params"), lie);
      assertThrows(PrismException.class, () -> TrainedState.load(fresh(manager, 32), manager, liar));
    }
  }

  private static int indexOfLong(byte[] bytes, long value) {
    outer:
    for (int i = 0; i + 8 <= bytes.length; i++) {
      for (int k = 0; k < 8; k++) {
        if (bytes[i + k] != (byte) (value >>> (56 - 8 * k))) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}

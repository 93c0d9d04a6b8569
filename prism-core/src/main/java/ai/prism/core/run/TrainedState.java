package ai.prism.core.run;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.prism.core.PrismException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The trained-state artifact ({@value #FILE_NAME}): the scored model's parameters after {@code
 * train} returned, for held-out evaluation to reload into a freshly built block.
 *
 * <p>Format: the magic {@code PRISM-TRAINED-STATE}, a format version, a table of contents (each
 * parameter's name, whether it holds an array, its data type and shape, in the block's parameter
 * order), then DJL's own {@code Block.saveParameters} stream — plain tensors, never serialized
 * objects. {@link #load} refuses anything else: a wrong magic or version, a table that does not
 * match the fresh block's parameters (names, and data types and shapes wherever the fresh block
 * already has them), a file larger than those tensors need, decoded tensors that differ from the
 * table, or trailing bytes. Loading is strict, where the reference loads non-strictly.
 */
public final class TrainedState {
  /** The artifact's file name inside the artifacts directory. */
  public static final String FILE_NAME = "trained_state.params";

  private static final byte[] MAGIC = "PRISM-TRAINED-STATE".getBytes(StandardCharsets.US_ASCII);
  private static final int FORMAT_VERSION = 1;
  /** Generous allowance per parameter for DJL's framing (names, shapes, version bytes). */
  private static final long FRAMING_BYTES_PER_PARAMETER = 4096;

  private TrainedState() {}

  /** Writes {@code block}'s parameters to {@code file} atomically (temp file, then move). */
  public static void save(Block block, Path file) {
    Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
    try {
      try (OutputStream raw = Files.newOutputStream(temp);
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
        out.write(MAGIC);
        out.writeInt(FORMAT_VERSION);
        List<Entry> entries = entries(block);
        out.writeInt(entries.size());
        for (Entry e : entries) {
          e.write(out);
        }
        block.saveParameters(out);
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new PrismException("cannot save the trained state to " + file + ": " + e, e);
    }
  }

  /**
   * Loads the parameters in {@code file} into {@code block}, a freshly built (and normally
   * initialised) block of the same architecture; new arrays go to {@code manager}.
   *
   * @throws PrismException naming the file and what did not match
   */
  public static void load(Block block, NDManager manager, Path file) {
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new PrismException("trained state " + file + " is not a regular file");
      }
      long size = Files.size(file);
      try (InputStream raw = Files.newInputStream(file);
          DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
          throw new PrismException("trained state " + file + " is not a prism trained-state file (bad magic)");
        }
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
          throw new PrismException("trained state " + file + " has format version " + version + ", expected " + FORMAT_VERSION);
        }
        List<Entry> fresh = entries(block);
        int count = in.readInt();
        if (count != fresh.size()) {
          throw new PrismException("trained state " + file + " lists " + count + " parameters, the block has " + fresh.size());
        }
        List<Entry> saved = new ArrayList<>(count);
        long budget = MAGIC.length + 8L;
        for (int i = 0; i < count; i++) {
          Entry entry = Entry.read(in);
          fresh.get(i).requireCompatible(entry, file);
          budget += entry.dataBytes() + 2 * FRAMING_BYTES_PER_PARAMETER;
          saved.add(entry);
        }
        if (size > budget + FRAMING_BYTES_PER_PARAMETER) {
          throw new PrismException("trained state " + file + " is " + size + " bytes, more than its " + count + " parameters need");
        }
        block.loadParameters(manager, in);
        if (in.read() != -1) {
          throw new PrismException("trained state " + file + " has trailing bytes after the parameters");
        }
        List<Entry> loaded = entries(block);
        for (int i = 0; i < count; i++) {
          if (!loaded.get(i).equals(saved.get(i))) {
            throw new PrismException("trained state " + file + ": parameter " + saved.get(i).name + " decoded as "
                + loaded.get(i).describe() + ", the table says " + saved.get(i).describe());
          }
        }
      }
    } catch (IOException | MalformedModelException | IllegalArgumentException e) {
      throw new PrismException("cannot load trained state " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<Entry> entries(Block block) {
    List<Entry> entries = new ArrayList<>();
    for (Pair<String, Parameter> pair : block.getParameters()) {
      Parameter p = pair.getValue();
      NDArray array = p.isInitialized() ? p.getArray() : null;
      entries.add(array == null
          ? new Entry(pair.getKey(), false, "", new long[0])
          : new Entry(pair.getKey(), true, array.getDataType().name(), array.getShape().getShape()));
    }
    return entries;
  }

  /** One parameter of the table of contents. */
  private record Entry(String name, boolean present, String dataType, long[] shape) {
    void write(DataOutputStream out) throws IOException {
      out.writeUTF(name);
      out.writeBoolean(present);
      out.writeUTF(dataType);
      out.writeInt(shape.length);
      for (long d : shape) {
        out.writeLong(d);
      }
    }

    static Entry read(DataInputStream in) throws IOException {
      String name = in.readUTF();
      boolean present = in.readBoolean();
      String dataType = in.readUTF();
      int rank = in.readInt();
      if (rank < 0 || rank > 32) {
        throw new PrismException("trained state parameter " + name + " has an implausible rank " + rank);
      }
      long[] shape = new long[rank];
      for (int i = 0; i < rank; i++) {
        shape[i] = in.readLong();
        if (shape[i] < 0) {
          throw new PrismException("trained state parameter " + name + " has a negative dimension");
        }
      }
      if (present) {
        DataType.valueOf(dataType);
      }
      return new Entry(name, present, dataType, shape);
    }

    long dataBytes() {
      if (!present) {
        return 0;
      }
      long bytes = DataType.valueOf(dataType).getNumOfBytes();
      for (long d : shape) {
        bytes = Math.multiplyExact(bytes, d);
      }
      return bytes;
    }

    void requireCompatible(Entry saved, Path file) {
      if (!name.equals(saved.name)) {
        throw new PrismException("trained state " + file + " holds parameter " + saved.name + " where the block has " + name);
      }
      if (present && !equals(saved)) {
        throw new PrismException("trained state " + file + ": parameter " + name + " is " + saved.describe()
            + ", the freshly built block has " + describe());
      }
    }

    String describe() {
      return present ? dataType + new Shape(shape) : "absent";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e && name.equals(e.name) && present == e.present
          && dataType.equals(e.dataType) && Arrays.equals(shape, e.shape);
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + Arrays.hashCode(shape);
    }
  }
}

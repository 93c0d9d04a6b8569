package ai.prism.core.data;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The pinned hash partition of spec §3.1: {@code bucket = int(sha256(doc.id), 16) mod 1000};
 * train {@code [0, 949]}, val {@code [950, 974]}, test {@code [975, 999]}.
 */
public final class Partition {

  /** The split names in canonical order. */
  public static final List<String> SPLITS = List.of("train", "val", "test");
  /** Number of buckets. */
  public static final int MODULUS = 1000;
  private static final int[][] BUCKETS = {{0, 949}, {950, 974}, {975, 999}};
  private static final BigInteger BIG_MODULUS = BigInteger.valueOf(MODULUS);

  private Partition() {}

  /** The bucket of a document id: its UTF-8 sha256 as an unsigned 256-bit integer, mod 1000. */
  public static int bucket(String docId) {
    byte[] digest = sha256(docId.getBytes(StandardCharsets.UTF_8));
    return new BigInteger(1, digest).mod(BIG_MODULUS).intValue();
  }

  /** The split of a bucket; a bucket outside {@code [0, 1000)} is the reference's error. */
  public static String splitOf(int bucket) {
    if (bucket < 0 || bucket >= MODULUS) {
      throw new LockedDatasetException(
          "partition bucket " + bucket + " out of range [0, " + MODULUS + ")");
    }
    for (int i = 0; i < BUCKETS.length; i++) {
      if (bucket >= BUCKETS[i][0] && bucket <= BUCKETS[i][1]) {
        return SPLITS.get(i);
      }
    }
    throw new LockedDatasetException("partition bucket " + bucket + " maps to no split");
  }

  /** The split a document id is assigned to. */
  public static String assign(String docId) {
    return splitOf(bucket(docId));
  }

  /** The canonical partition object recorded in MANIFEST.json (reference key order). */
  public static ObjectNode spec() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode spec = f.objectNode();
    spec.put("hash", "sha256");
    spec.put("key", "doc.id");
    spec.put("modulus", MODULUS);
    ObjectNode buckets = spec.putObject("buckets");
    for (int i = 0; i < BUCKETS.length; i++) {
      buckets.putArray(SPLITS.get(i)).add(BUCKETS[i][0]).add(BUCKETS[i][1]);
    }
    return spec;
  }

  static byte[] sha256(byte[] data) {
    return newSha256().digest(data);
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return sb.toString();
  }

  /** Lowercase hex sha256 of the UTF-8 bytes of {@code text}. */
  public static String sha256Hex(String text) {
    return hex(sha256(text.getBytes(StandardCharsets.UTF_8)));
  }
}

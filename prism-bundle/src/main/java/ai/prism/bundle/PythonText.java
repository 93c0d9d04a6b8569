package ai.prism.bundle;

import ai.prism.core.json.JsonString;
import ai.prism.core.json.Python;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Python {@code str} semantics the reference's bundle checks rely on and Java spells differently:
 * {@code isspace}/{@code strip}/{@code splitlines}, code-point ordering, UTF-8 decoding with
 * {@code errors="replace"} exactly as CPython does it, and SHA-256 of text.
 */
public final class PythonText {
  private PythonText() {}

  /** Python's string ordering: lexicographic by code point (Java's {@code compareTo} uses UTF-16 units). */
  public static final Comparator<String> CODE_POINT_ORDER = PythonText::compare;

  private static final HexFormat HEX = HexFormat.of();

  /** {@code str.isspace()} for one code point (core's {@link Python#isSpace}). */
  public static boolean isSpace(int cp) {
    return Python.isSpace(cp);
  }

  /** {@code str.strip()}: removes leading and trailing Python whitespace. */
  public static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  /** Whether {@code str.strip()} would leave nothing. */
  public static boolean isBlank(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isSpace(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code str.splitlines()} without line ends: breaks at {@code \n}, {@code \r}, {@code \r\n},
   * {@code \v}, {@code \f}, {@code \x1c}-{@code \x1e}, {@code \x85}, U+2028 and U+2029.
   */
  public static List<String> splitLines(String s) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (isLineBreak(c)) {
        lines.add(s.substring(start, i));
        if (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
      i++;
    }
    if (start < n) {
      lines.add(s.substring(start));
    }
    return lines;
  }

  private static boolean isLineBreak(char c) {
    return c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || (c >= 0x1c && c <= 0x1e) || c == 0x85
        || c == 0x2028 || c == 0x2029;
  }

  /** Compares two strings by code point, as Python's {@code <} on {@code str} does. */
  public static int compare(String a, String b) {
    return ai.prism.core.json.Python.compare(a, b);
  }

  /**
   * Sorts in Python's order. Without surrogates code-point order is UTF-16 order, so the common case uses
   * {@link String#compareTo}.
   */
  public static void sort(String[] values) {
    for (String v : values) {
      for (int i = 0; i < v.length(); i++) {
        if (Character.isSurrogate(v.charAt(i))) {
          java.util.Arrays.sort(values, CODE_POINT_ORDER);
          return;
        }
      }
    }
    java.util.Arrays.sort(values);
  }

  /** The number of code points, Python's {@code len(str)}. */
  public static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  /** {@code s[:n]} in code points. */
  public static String head(String s, int codePoints) {
    if (codePoints <= 0) {
      return "";
    }
    if (codePoints >= s.length()) {
      return s;
    }
    int end = s.offsetByCodePoints(0, Math.min(codePoints, s.codePointCount(0, s.length())));
    return s.substring(0, end);
  }

  /**
   * {@code len(s.encode("utf-8"))}; a lone surrogate, which Python refuses to encode, raises
   * {@link IllegalArgumentException} naming its position.
   */
  public static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(String.format(
            "'utf-8' codec can't encode character '\\u%04x' in position %d: surrogates not allowed",
            (int) c, s.codePointCount(0, i)));
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** The UTF-8 bytes of {@code s}, a lone surrogate written as {@code ?} (Python's {@code errors="replace"}). */
  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Lowercase hex SHA-256 of the UTF-8 bytes of {@code s} ({@code errors="replace"}). */
  public static String sha256Hex(String s) {
    return sha256Hex(utf8(s));
  }

  /** Lowercase hex SHA-256 of {@code bytes}. */
  public static String sha256Hex(byte[] bytes) {
    return HEX.formatHex(sha256().digest(bytes));
  }

  /** A fresh SHA-256 digest. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  /** Lowercase hex of a digest. */
  public static String hex(byte[] digest) {
    return HEX.formatHex(digest);
  }

  /**
   * {@code bytes.decode("utf-8", errors="replace")} exactly as CPython does it: each maximal ill-formed
   * subsequence (Unicode's "maximal subpart" rule, so an encoded surrogate {@code ED A0 80} gives three
   * U+FFFD) becomes one U+FFFD. Java's decoder differs on some inputs.
   */
  public static String decodeUtf8(byte[] b, int off, int len) {
    StringBuilder out = new StringBuilder(len);
    int i = off;
    int end = off + len;
    while (i < end) {
      int n = utf8Sequence(b, i, end);
      if (n < 0) {
        out.append('\ufffd');
        i -= n;
        continue;
      }
      int cp = n == 1 ? b[i] : b[i] & (0x3f >> (n - 1));
      for (int k = 1; k < n; k++) {
        cp = (cp << 6) | (b[i + k] & 0x3f);
      }
      out.appendCodePoint(cp);
      i += n;
    }
    return out.toString();
  }

  /**
   * The UTF-8 sequence at {@code b[i]} ({@code i < end}) as CPython's decoder reads it: its length (1
   * to 4) when it is well-formed, else minus the length of its maximal ill-formed subpart (what
   * {@code errors="replace"} turns into one U+FFFD): {@code -1} for a byte that cannot start a
   * sequence, and a subpart reaching {@code end} when the data ends inside the sequence.
   */
  public static int utf8Sequence(byte[] b, int i, int end) {
    int lead = b[i] & 0xff;
    if (lead < 0x80) {
      return 1;
    }
    int need;
    int lo = 0x80;
    int hi = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
      need = 1;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      need = 2;
      lo = lead == 0xe0 ? 0xa0 : 0x80;
      hi = lead == 0xed ? 0x9f : 0xbf;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      need = 3;
      lo = lead == 0xf0 ? 0x90 : 0x80;
      hi = lead == 0xf4 ? 0x8f : 0xbf;
    } else {
      return -1;
    }
    for (int k = 1; k <= need; k++) {
      if (i + k >= end) {
        return -k;
      }
      int c = b[i + k] & 0xff;
      if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xbf)) {
        return -k;
      }
    }
    return need + 1;
  }


  /** Strict UTF-8 decoding; {@code null} when the bytes are not valid UTF-8 (where Python raises). */
  public static String decodeUtf8Strict(byte[] b) {
    String s = decodeUtf8(b, 0, b.length);
    // Valid UTF-8 re-encodes to the same bytes; any replacement changes them.
    return java.util.Arrays.equals(s.getBytes(StandardCharsets.UTF_8), b) ? s : null;
  }

  /**
   * Python's {@code int(s)} for a string (prism-core's {@link Python#toInt}): surrounding whitespace, a sign,
   * decimal digits (any Unicode {@code Nd}) with single underscores between them, at most 4300 digits;
   * {@code null} where Python raises {@code ValueError}.
   */
  public static java.math.BigInteger parseInt(String s) {
    try {
      return Python.toInt(new JsonString(s));
    } catch (Python.ConversionException e) {
      return null;
    }
  }
}

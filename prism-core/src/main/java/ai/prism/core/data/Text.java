package ai.prism.core.data;

import ai.prism.core.json.Python;

/**
 * Byte- and char-level text helpers with Python semantics: code-point string order, strict UTF-8
 * validation (CPython's decoder) and {@code str.strip()} whitespace on UTF-8 bytes.
 */
final class Text {

  private Text() {}

  /**
   * Returns -1 when {@code buf[from, to)} is valid UTF-8 as CPython's strict decoder sees it (no
   * overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequence), else the offset
   * of the first bad byte relative to {@code from}.
   */
  static int firstInvalidUtf8(byte[] buf, int from, int to) {
    int i = from;
    while (i < to) {
      // ASCII fast path, 8 bytes at a time.
      while (i + 8 <= to
          && ((buf[i] | buf[i + 1] | buf[i + 2] | buf[i + 3] | buf[i + 4] | buf[i + 5] | buf[i + 6] | buf[i + 7])
              & 0x80) == 0) {
        i += 8;
      }
      if (i >= to) {
        break;
      }
      int b0 = buf[i] & 0xFF;
      if (b0 < 0x80) {
        i++;
        continue;
      }
      int n;
      int min2;
      int max2 = 0xBF;
      if (b0 >= 0xC2 && b0 <= 0xDF) {
        n = 2;
        min2 = 0x80;
      } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        n = 3;
        min2 = b0 == 0xE0 ? 0xA0 : 0x80;
        if (b0 == 0xED) {
          max2 = 0x9F; // surrogates D800-DFFF are rejected
        }
      } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        n = 4;
        min2 = b0 == 0xF0 ? 0x90 : 0x80;
        if (b0 == 0xF4) {
          max2 = 0x8F;
        }
      } else {
        return i - from;
      }
      if (i + 1 >= to) {
        return i - from;
      }
      int b1 = buf[i + 1] & 0xFF;
      if (b1 < min2 || b1 > max2) {
        return i - from;
      }
      for (int k = 2; k < n; k++) {
        if (i + k >= to || (buf[i + k] & 0xC0) != 0x80) {
          return i - from;
        }
      }
      i += n;
    }
    return -1;
  }

  /** Start of {@code buf[from, to)} after Python's {@code str.strip()} (input: valid UTF-8). */
  static int stripStart(byte[] buf, int from, int to) {
    int i = from;
    while (i < to) {
      int b = buf[i] & 0xFF;
      if (b < 0x80) {
        if (!Python.isSpace(b)) {
          return i;
        }
        i++;
      } else {
        int len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
        if (!Python.isSpace(decodeAt(buf, i, len))) {
          return i;
        }
        i += len;
      }
    }
    return i;
  }

  /** End of {@code buf[from, to)} after Python's {@code str.strip()} (input: valid UTF-8). */
  static int stripEnd(byte[] buf, int from, int to) {
    int j = to;
    while (j > from) {
      int b = buf[j - 1] & 0xFF;
      if (b < 0x80) {
        if (!Python.isSpace(b)) {
          return j;
        }
        j--;
      } else {
        int start = j - 1;
        while (start > from && (buf[start] & 0xC0) == 0x80) {
          start--;
        }
        if (!Python.isSpace(decodeAt(buf, start, j - start))) {
          return j;
        }
        j = start;
      }
    }
    return j;
  }

  private static int decodeAt(byte[] buf, int i, int len) {
    int b0 = buf[i] & 0xFF;
    return switch (len) {
      case 2 -> ((b0 & 0x1F) << 6) | (buf[i + 1] & 0x3F);
      case 3 -> ((b0 & 0x0F) << 12) | ((buf[i + 1] & 0x3F) << 6) | (buf[i + 2] & 0x3F);
      default -> ((b0 & 0x07) << 18) | ((buf[i + 1] & 0x3F) << 12) | ((buf[i + 2] & 0x3F) << 6) | (buf[i + 3] & 0x3F);
    };
  }
}

package ai.prism.core.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Parses one stripped shard line as Python's {@code json.loads} would: standard JSON plus
 * {@code NaN}/{@code Infinity}/{@code -Infinity}, duplicate keys (last wins), no BOM, no trailing
 * data, integers of at most 4300 digits (CPython's int-string limit). Two readings: the runner's
 * (does the line hold a non-empty string {@code text}?) and a tree for the strict host loader.
 */
final class JsonLines {

  /** Python's {@code sys.int_info.default_max_str_digits}. */
  private static final int MAX_INT_DIGITS = 4300;
  /** Nesting beyond this is a typed error (CPython raises RecursionError near this depth). */
  static final int MAX_NESTING = 1000;

  static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxStringLength(Integer.MAX_VALUE)
          .maxNumberLength(Integer.MAX_VALUE)
          .maxNameLength(Integer.MAX_VALUE)
          .maxNestingDepth(MAX_NESTING)
          .maxDocumentLength(-1)
          .build())
      .build();

  private static final ObjectMapper TREE_MAPPER = new ObjectMapper(FACTORY);

  /** Outcome of {@link #readText}. */
  enum Result {
    /** Invalid JSON, not an object, no {@code text}, or text not a non-empty string. */
    SKIP,
    /** The text is in {@link #text()} / {@link #textLength()}. */
    TEXT
  }

  private byte[] text = new byte[8192];
  private int textLength;
  private int loneSurrogate = -1;
  private int loneSurrogateUnit;

  /** UTF-8 bytes of the last accepted text, valid until the next call. */
  byte[] text() {
    return text;
  }

  int textLength() {
    return textLength;
  }

  /** Byte offset in {@link #text()} where an unpaired surrogate escape stands, or -1. */
  int loneSurrogate() {
    return loneSurrogate;
  }

  /** The unpaired surrogate code unit. */
  int loneSurrogateUnit() {
    return loneSurrogateUnit;
  }

  /** True when Python's json.loads rejects the bytes before parsing (BOM, NUL in the first bytes). */
  private static boolean rejectedUpFront(byte[] buf, int start, int end) {
    if (end - start >= 3 && (buf[start] & 0xFF) == 0xEF && (buf[start + 1] & 0xFF) == 0xBB
        && (buf[start + 2] & 0xFF) == 0xBF) {
      return true; // "Unexpected UTF-8 BOM"
    }
    // A raw NUL is never valid JSON; checking the first bytes also keeps Jackson's encoding
    // detection (UTF-16/32 patterns need a zero byte there) on UTF-8.
    for (int i = start; i < Math.min(end, start + 4); i++) {
      if (buf[i] == 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runner semantics for the stripped, non-empty line {@code buf[start, end)}: {@link Result#TEXT}
   * when it is a JSON object whose (last) {@code text} member is a non-empty string.
   */
  Result readText(byte[] buf, int start, int end, String shard, long lineIndex) {
    if (rejectedUpFront(buf, start, end)) {
      return Result.SKIP;
    }
    boolean haveText = false;
    if (text.length < end - start) {
      text = new byte[Math.max(end - start, text.length * 2)];
    }
    try (JsonParser p = FACTORY.createParser(buf, start, end - start)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Result.SKIP; // not a dict (or not JSON): record["text"] fails either way
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        boolean isText = "text".equals(p.currentName());
        JsonToken v = p.nextToken();
        if (isText) {
          if (v == JsonToken.VALUE_STRING) {
            // Decode the string's raw bytes ourselves (straight to UTF-8); Jackson still validates
            // the whole string when it skips it on the next token.
            int quote = start + (int) p.currentTokenLocation().getByteOffset();
            haveText = buf[quote] == '"' && unescape(buf, quote + 1, end);
          } else {
            haveText = false;
          }
        }
        if (!validValue(p, v)) {
          return Result.SKIP;
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        return Result.SKIP;
      }
    } catch (StreamConstraintsException e) {
      throw new ShardFormatException(ShardFormatException.Kind.NESTING_TOO_DEEP, shard, lineIndex, e.getOriginalMessage());
    } catch (IOException e) {
      return Result.SKIP; // json.JSONDecodeError: the runner skips the line
    }
    return haveText && textLength > 0 ? Result.TEXT : Result.SKIP;
  }

  /**
   * Decodes the JSON string body starting at {@code from} (just after the opening quote) into
   * {@link #text} as UTF-8, the way Python's json does: escapes, surrogate pairs combined, an
   * unpaired surrogate escape recorded in {@link #loneSurrogate}. False on a malformed escape or a
   * missing closing quote (Jackson rejects the line then).
   */
  private boolean unescape(byte[] buf, int from, int end) {
    byte[] out = text;
    int n = 0;
    int i = from;
    loneSurrogate = -1;
    while (i < end) {
      // Plain run: copy up to the next quote or backslash.
      int runStart = i;
      while (i < end && buf[i] != '"' && buf[i] != '\\') {
        i++;
      }
      int run = i - runStart;
      if (run > 0) {
        System.arraycopy(buf, runStart, out, n, run);
        n += run;
      }
      if (i >= end) {
        return false;
      }
      if (buf[i] == '"') {
        textLength = n;
        return true;
      }
      if (i + 1 >= end) {
        return false;
      }
      byte e = buf[i + 1];
      i += 2;
      switch (e) {
        case '"', '\\', '/' -> out[n++] = e;
        case 'b' -> out[n++] = '\b';
        case 'f' -> out[n++] = '\f';
        case 'n' -> out[n++] = '\n';
        case 'r' -> out[n++] = '\r';
        case 't' -> out[n++] = '\t';
        case 'u' -> {
          int cu = hex4(buf, i, end);
          if (cu < 0) {
            return false;
          }
          i += 4;
          int cp = cu;
          if (cu >= 0xD800 && cu <= 0xDBFF && i + 5 < end && buf[i] == '\\' && buf[i + 1] == 'u') {
            int low = hex4(buf, i + 2, end);
            if (low >= 0xDC00 && low <= 0xDFFF) {
              cp = 0x10000 + ((cu - 0xD800) << 10) + (low - 0xDC00);
              i += 6;
            }
          }
          if (cp >= 0xD800 && cp <= 0xDFFF) {
            if (loneSurrogate < 0) {
              loneSurrogate = n;
              loneSurrogateUnit = cp;
            }
            // Keep a placeholder so lengths stay meaningful; the text is refused if accepted.
            out[n++] = '?';
          } else {
            n = putUtf8(out, n, cp);
          }
        }
        default -> {
          return false;
        }
      }
    }
    return false;
  }

  private static int hex4(byte[] buf, int i, int end) {
    if (i + 4 > end) {
      return -1;
    }
    int v = 0;
    for (int k = 0; k < 4; k++) {
      int d = Character.digit(buf[i + k], 16);
      if (d < 0) {
        return -1;
      }
      v = (v << 4) | d;
    }
    return v;
  }

  private static int putUtf8(byte[] out, int n, int cp) {
    if (cp < 0x80) {
      out[n++] = (byte) cp;
    } else if (cp < 0x800) {
      out[n++] = (byte) (0xC0 | (cp >> 6));
      out[n++] = (byte) (0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out[n++] = (byte) (0xE0 | (cp >> 12));
      out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      out[n++] = (byte) (0x80 | (cp & 0x3F));
    } else {
      out[n++] = (byte) (0xF0 | (cp >> 18));
      out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
      out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      out[n++] = (byte) (0x80 | (cp & 0x3F));
    }
    return n;
  }

  /** Walks the value starting at token {@code v}; false when Python would reject a scalar in it. */
  private static boolean validValue(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
      int depth = 1;
      while (depth > 0) {
        JsonToken t = p.nextToken();
        if (t == null) {
          return false;
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          depth++;
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          depth--;
        } else if (!validScalar(p, t)) {
          return false;
        }
      }
      return true;
    }
    return validScalar(p, v);
  }

  private static boolean validScalar(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT) {
      int len = p.getTextLength();
      if (len > MAX_INT_DIGITS) {
        char first = p.getTextCharacters()[p.getTextOffset()];
        return len - (first == '-' ? 1 : 0) <= MAX_INT_DIGITS;
      }
      return true;
    }
    if (t == JsonToken.VALUE_NUMBER_FLOAT && p.isNaN()) {
      String s = p.getText();
      return s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity");
    }
    return t != null;
  }

  /**
   * Strict (host loader) semantics: the parsed value of the stripped line, or null when Python's
   * json.loads raises.
   */
  static JsonNode readTree(byte[] buf, int start, int end, String shard, long lineIndex) {
    if (rejectedUpFront(buf, start, end)) {
      return null;
    }
    try (JsonParser p = FACTORY.createParser(buf, start, end - start)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return null;
      }
      // Validate scalars the way Python does, then re-read the tree.
      if (!validValue(p, first) || p.nextToken() != null) {
        return null;
      }
    } catch (StreamConstraintsException e) {
      throw new ShardFormatException(ShardFormatException.Kind.NESTING_TOO_DEEP, shard, lineIndex, e.getOriginalMessage());
    } catch (IOException e) {
      return null;
    }
    try (JsonParser p = FACTORY.createParser(buf, start, end - start)) {
      return TREE_MAPPER.readTree(p);
    } catch (IOException e) {
      return null;
    }
  }
}

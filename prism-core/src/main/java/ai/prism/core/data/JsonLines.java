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

  private char[] text = new char[4096];
  private int textLength;

  char[] text() {
    return text;
  }

  int textLength() {
    return textLength;
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
            int len = p.getTextLength();
            if (text.length < len) {
              text = new char[Math.max(len, text.length * 2)];
            }
            System.arraycopy(p.getTextCharacters(), p.getTextOffset(), text, 0, len);
            textLength = len;
            haveText = true;
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

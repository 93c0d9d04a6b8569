package ai.prism.core.json;

import ai.prism.core.json.JsonReadException.Kind;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link JsonValue} tree from text with Python's {@code json.loads} acceptance rules:
 * strict JSON plus the bare {@code NaN}, {@code Infinity} and {@code -Infinity} tokens; a repeated
 * key keeps its last value; nothing but whitespace may follow the value.
 */
final class JsonTreeReader {
  /** CPython 3.11 refuses int literals longer than this ({@code sys.get_int_max_str_digits()}). */
  static final int MAX_NUMBER_LENGTH = 4300;
  /** About CPython's recursion limit for nested containers. */
  static final int MAX_DEPTH = 1000;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          // FastDoubleParser: correctly rounded like Double.parseDouble (and CPython), much faster.
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .enable(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_DEPTH)
                  .maxNumberLength(MAX_NUMBER_LENGTH)
                  .maxStringLength(Integer.MAX_VALUE)
                  .maxNameLength(Integer.MAX_VALUE)
                  .maxDocumentLength(-1)
                  .build())
          .build();

  private JsonTreeReader() {}

  static JsonValue parse(byte[] utf8) {
    return parse(decodeStrictUtf8(utf8));
  }

  static JsonValue parse(String text) {
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      throw new JsonReadException(
          Kind.ENCODING, "Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1", 1, 1, null);
    }
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw syntax("Expecting value", parser.currentLocation(), null);
      }
      JsonValue value = readValue(parser, first);
      JsonToken extra;
      try {
        extra = parser.nextToken();
      } catch (JsonProcessingException e) {
        throw syntax("Extra data", parser.currentLocation(), e);
      }
      if (extra != null) {
        throw syntax("Extra data", parser.currentTokenLocation(), null);
      }
      return value;
    } catch (StreamConstraintsException e) {
      JsonLocation at = e.getLocation();
      throw new JsonReadException(
          Kind.LIMIT, firstLine(e.getOriginalMessage()) + at(at), line(at), column(at), e);
    } catch (JsonProcessingException e) {
      throw syntax(firstLine(e.getOriginalMessage()), e.getLocation(), e);
    } catch (IOException e) {
      throw new JsonReadException(Kind.IO, "cannot read JSON text: " + e.getMessage(), 0, 0, e);
    }
  }

  private static JsonValue readValue(JsonParser p, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT:
        {
          Map<String, JsonValue> members = new LinkedHashMap<>();
          for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String key = p.currentName();
            members.put(key, readValue(p, p.nextToken()));
          }
          return new JsonObject(members);
        }
      case START_ARRAY:
        {
          List<JsonValue> items = new ArrayList<>();
          for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            items.add(readValue(p, t));
          }
          return new JsonArray(items);
        }
      case VALUE_STRING:
        return new JsonString(p.getText());
      case VALUE_NUMBER_INT:
        return new JsonInt(
            p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                ? p.getBigIntegerValue()
                : BigInteger.valueOf(p.getLongValue()));
      case VALUE_NUMBER_FLOAT:
        if (p.isNaN()) {
          String text = p.getText();
          if (!text.equals("NaN") && !text.equals("Infinity") && !text.equals("-Infinity")) {
            throw syntax("Expecting value ('" + text + "' is not a JSON token)",
                p.currentTokenLocation(), null);
          }
        }
        return new JsonFloat(p.getDoubleValue());
      case VALUE_TRUE:
        return JsonBool.TRUE;
      case VALUE_FALSE:
        return JsonBool.FALSE;
      case VALUE_NULL:
        return JsonNull.INSTANCE;
      default:
        throw syntax("Expecting value", p.currentTokenLocation(), null);
    }
  }

  /** Decodes strict UTF-8 as Python's {@code read_text(encoding="utf-8")} does, naming the bad byte. */
  static String decodeStrictUtf8(byte[] bytes) {
    String fast = new String(bytes, StandardCharsets.UTF_8);
    if (fast.indexOf('\uFFFD') < 0) {
      return fast; // the lenient decoder replaces every malformed sequence with U+FFFD
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int offset = in.position();
      throw new JsonReadException(
          Kind.ENCODING,
          String.format(
              "'utf-8' codec can't decode byte 0x%02x in position %d: invalid UTF-8",
              bytes[offset] & 0xff, offset),
          0,
          0,
          null);
    }
    out.flip();
    return out.toString();
  }

  private static JsonReadException syntax(String message, JsonLocation at, Throwable cause) {
    return new JsonReadException(Kind.SYNTAX, message + at(at), line(at), column(at), cause);
  }

  private static String at(JsonLocation at) {
    return at == null ? "" : ": line " + line(at) + " column " + column(at);
  }

  private static int line(JsonLocation at) {
    return at == null ? 0 : Math.max(at.getLineNr(), 0);
  }

  private static int column(JsonLocation at) {
    return at == null ? 0 : Math.max(at.getColumnNr(), 0);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "invalid JSON";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}

package ai.prism.bundle.python;

import ai.prism.bundle.PythonText;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Source bytes to text as CPython 3.11's {@code ast.parse(bytes)} decodes them: a UTF-8 BOM, a PEP 263
 * coding declaration on line 1, or on line 2 after a blank or comment line, CPython's normalisation of
 * {@code utf-8*} and {@code latin-1} names, and its errors (unknown encoding, BOM with another encoding,
 * codec failures, invalid UTF-8 in a string literal or an identifier; invalid UTF-8 in a comment is
 * ignored, as CPython's tokenizer never decodes comments).
 */
final class SourceDecoder {
  private SourceDecoder() {}

  private static final Pattern COOKIE = Pattern.compile("^[ \\t\\f]*#.*?coding[:=][ \\t]*([-\\w.]+)");
  private static final Pattern BLANK_OR_COMMENT = Pattern.compile("^[ \\t\\f]*(?:[#\\r\\n]|$)");

  /** The decoded source, or a {@link PythonSyntaxException} with CPython's message and position. */
  static String decode(byte[] source) {
    boolean bom = source.length >= 3 && (source[0] & 0xff) == 0xef && (source[1] & 0xff) == 0xbb && (source[2] & 0xff) == 0xbf;
    int start = bom ? 3 : 0;
    String cookie = cookie(source, start);
    if (cookie != null) {
      String normal = normalName(cookie);
      if (bom && !normal.equals("utf-8")) {
        throw noPosition("encoding problem: " + normal + " with BOM");
      }
      if (!normal.equals("utf-8")) {
        return decodeWith(normal, source, start);
      }
    }
    String text = PythonText.decodeUtf8(source, start, source.length - start);
    if (text.indexOf('\ufffd') >= 0 && !java.util.Arrays.equals(PythonText.utf8(text), slice(source, start))) {
      new InvalidUtf8Scan(source, start, cookie != null).run();
    }
    return text;
  }

  /** The PEP 263 declaration of line 1, or of line 2 when line 1 is blank or a comment; {@code null} if none. */
  private static String cookie(byte[] source, int start) {
    int end1 = lineEnd(source, start);
    String line1 = new String(source, start, end1 - start, StandardCharsets.ISO_8859_1);
    Matcher m = COOKIE.matcher(line1);
    if (m.find()) {
      return m.group(1);
    }
    if (!BLANK_OR_COMMENT.matcher(line1).find() || end1 >= source.length) {
      return null;
    }
    int start2 = end1 + 1;
    m = COOKIE.matcher(new String(source, start2, lineEnd(source, start2) - start2, StandardCharsets.ISO_8859_1));
    return m.find() ? m.group(1) : null;
  }

  private static int lineEnd(byte[] b, int from) {
    int i = from;
    while (i < b.length && b[i] != '\n') {
      i++;
    }
    return i;
  }

  /** CPython's {@code get_normal_name}: the first 12 characters lowercased with {@code _} as {@code -}. */
  static String normalName(String name) {
    String buf = name.substring(0, Math.min(12, name.length())).toLowerCase(Locale.ROOT).replace('_', '-');
    if (buf.equals("utf-8") || buf.startsWith("utf-8-")) {
      return "utf-8";
    }
    if (buf.equals("latin-1") || buf.equals("iso-8859-1") || buf.equals("iso-latin-1") || buf.startsWith("latin-1-")
        || buf.startsWith("iso-8859-1-") || buf.startsWith("iso-latin-1-")) {
      return "iso-8859-1";
    }
    return name;
  }

  private static String decodeWith(String name, byte[] source, int start) {
    Charset charset = charset(name);
    if (charset == null) {
      throw noPosition("unknown encoding: " + name);
    }
    CharsetDecoder decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(source, start, source.length - start);
    try {
      return decoder.decode(in).toString();
    } catch (CharacterCodingException e) {
      int position = decoderPosition(charset, source, start);
      String codec = codecName(charset);
      String reason;
      if (codec.equals("ascii")) {
        reason = "ordinal not in range(128)";
      } else if (codec.equals("utf-8")) {
        reason = Utf8Error.at(source, position, source.length).reason();
      } else if (codec.equals("charmap")) {
        reason = "character maps to <undefined>";
      } else {
        reason = "illegal multibyte sequence";
      }
      throw noPosition("'" + codec + "' codec can't decode byte 0x" + String.format("%02x", source[position] & 0xff)
          + " in position " + position + ": " + reason);
    }
  }

  /** The byte offset where {@code charset} first fails on {@code source} (a whole-buffer offset, as Python reports). */
  private static int decoderPosition(Charset charset, byte[] source, int start) {
    CharsetDecoder decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(source, start, source.length - start);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(source.length + 1);
    decoder.decode(in, out, true);
    return in.position();
  }

  /** Python's codec name in decode errors: {@code ascii}, {@code utf-8}, {@code charmap} (single-byte tables) or {@code euc_jp}-style. */
  private static String codecName(Charset charset) {
    if (charset.equals(StandardCharsets.US_ASCII)) {
      return "ascii";
    }
    if (charset.equals(StandardCharsets.UTF_8)) {
      return "utf-8";
    }
    if (charset.newEncoder().maxBytesPerChar() == 1.0f) {
      return "charmap";
    }
    return charset.name().toLowerCase(Locale.ROOT).replace('-', '_');
  }

  private static Charset charset(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String candidate : new String[] {lower, lower.replace('_', '-'), lower.replace("latin", "latin-").replace("latin--", "latin-")}) {
      try {
        return Charset.forName(candidate);
      } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
        // try the next spelling
      }
    }
    return null;
  }

  private static byte[] slice(byte[] b, int start) {
    return start == 0 ? b : java.util.Arrays.copyOfRange(b, start, b.length);
  }

  private static PythonSyntaxException noPosition(String msg) {
    return new PythonSyntaxException(PythonSyntaxException.Kind.SYNTAX_ERROR, msg, 0, -1, -1, -1);
  }

  /** The first ill-formed UTF-8 sequence of a chunk: its offset and CPython's reason. */
  record Utf8Error(int offset, String reason) {
    /** The error at {@code offset} (which starts an ill-formed sequence) in a chunk ending at {@code end}. */
    static Utf8Error at(byte[] b, int offset, int end) {
      int n = PythonText.utf8Sequence(b, offset, end);
      if (n > 0) {
        return null;
      }
      int lead = b[offset] & 0xff;
      if (lead < 0xc2 || lead > 0xf4) {
        return new Utf8Error(offset, "invalid start byte");
      }
      return new Utf8Error(offset, offset - n >= end ? "unexpected end of data" : "invalid continuation byte");
    }

    /** The first error in {@code b[from, end)}, or {@code null} when the chunk is valid UTF-8. */
    static Utf8Error first(byte[] b, int from, int end) {
      for (int i = from; i < end; ) {
        int n = PythonText.utf8Sequence(b, i, end);
        if (n < 0) {
          return at(b, i, end);
        }
        i += n;
      }
      return null;
    }
  }

  /**
   * Finds where CPython's tokenizer meets the first invalid UTF-8 outside comments: in a {@code str}
   * literal (decoded body, error at the token's end), a {@code bytes} literal (non-ASCII) or an identifier
   * (CPython's identifier run of ASCII word bytes and bytes ≥ 0x80).
   */
  private static final class InvalidUtf8Scan {
    private final byte[] b;
    private int i;
    private int line = 1;
    private int lineStart;
    /** CPython 3.11 reports a str literal's decode error two columns further left when a utf-8 declaration was read. */
    private final int stringColumnShift;

    InvalidUtf8Scan(byte[] b, int start, boolean declared) {
      this.b = b;
      this.stringColumnShift = declared ? -2 : 0;
      this.i = start;
      this.lineStart = start;
    }

    void run() {
      while (i < b.length) {
        int c = b[i] & 0xff;
        if (c == '#') {
          while (i < b.length && b[i] != '\n' && b[i] != '\r') {
            i++;
          }
        } else if (c == '\n' || c == '\r') {
          newline();
        } else if (c == '\'' || c == '"') {
          string(i, "");
        } else if (isWordByte(c)) {
          int runStart = i;
          while (i < b.length && isWordByte(b[i] & 0xff)) {
            i++;
          }
          String word = new String(b, runStart, i - runStart, StandardCharsets.ISO_8859_1);
          if (i < b.length && (b[i] == '\'' || b[i] == '"') && word.length() <= 2 && word.toLowerCase(Locale.ROOT).matches("[rbuf]|rb|br|rf|fr")) {
            string(runStart, word.toLowerCase(Locale.ROOT));
          } else {
            Utf8Error error = Utf8Error.first(b, runStart, i);
            if (error != null) {
              throw new PythonSyntaxException(PythonSyntaxException.Kind.SYNTAX_ERROR, unicodeError(error, runStart), line,
                  i - lineStart, line, -1);
            }
          }
        } else {
          i++;
        }
      }
    }

    private void newline() {
      if (b[i] == '\r' && i + 1 < b.length && b[i + 1] == '\n') {
        i++;
      }
      i++;
      line++;
      lineStart = i;
    }

    private void string(int tokenStart, String prefix) {
      int startLine = line;
      int startCol = tokenStart - lineStart;
      byte quote = b[i];
      boolean triple = i + 2 < b.length && b[i + 1] == quote && b[i + 2] == quote;
      i += triple ? 3 : 1;
      int bodyStart = i;
      int bodyEnd = -1;
      boolean raw = prefix.contains("r");
      while (i < b.length) {
        byte c = b[i];
        if (c == '\\' && !raw && i + 1 < b.length) {
          i += 2;
          if (b[i - 1] == '\n' || b[i - 1] == '\r') {
            i--;
            newline();
          }
          continue;
        }
        if (raw && c == '\\' && i + 1 < b.length && b[i + 1] == quote) {
          i += 2;
          continue;
        }
        if (c == quote && (!triple || (i + 2 < b.length && b[i + 1] == quote && b[i + 2] == quote))) {
          bodyEnd = i;
          i += triple ? 3 : 1;
          break;
        }
        if (c == '\n' || c == '\r') {
          if (!triple) {
            return; // unterminated: the parser reports it
          }
          newline();
          continue;
        }
        i++;
      }
      if (bodyEnd < 0) {
        return;
      }
      Utf8Error error = Utf8Error.first(b, bodyStart, bodyEnd);
      if (error == null) {
        return;
      }
      int endCol = i - lineStart;
      if (prefix.contains("b")) {
        throw new PythonSyntaxException(PythonSyntaxException.Kind.SYNTAX_ERROR, "bytes can only contain ASCII literal characters",
            startLine, startCol + 1, line, endCol + 1);
      }
      throw new PythonSyntaxException(PythonSyntaxException.Kind.SYNTAX_ERROR, unicodeError(error, bodyStart), line,
          endCol + 1 + stringColumnShift, line, endCol + 1 + stringColumnShift);
    }

    private String unicodeError(Utf8Error error, int chunkStart) {
      return "(unicode error) 'utf-8' codec can't decode byte 0x" + String.format("%02x", b[error.offset()] & 0xff)
          + " in position " + (error.offset() - chunkStart) + ": " + error.reason();
    }

    private static boolean isWordByte(int c) {
      return c >= 0x80 || c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
  }
}

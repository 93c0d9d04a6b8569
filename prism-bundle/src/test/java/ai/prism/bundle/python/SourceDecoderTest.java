package ai.prism.bundle.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ast.parse(bytes)} decoding: BOM, PEP 263 declarations and CPython 3.11's decode errors. Every
 * expected message and position was produced by CPython 3.11.7's {@code ast.parse(bytes)}.
 */
class SourceDecoderTest {

  /** Bytes from a Latin-1 spelled string with {@code \xNN} escapes (the test's own notation). */
  private static byte[] bytes(String spec) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < spec.length(); i++) {
      if (spec.startsWith("\\x", i)) {
        s.append((char) Integer.parseInt(spec.substring(i + 2, i + 4), 16));
        i += 3;
      } else if (spec.startsWith("\\n", i)) {
        s.append('\n');
        i++;
      } else {
        s.append(spec.charAt(i));
      }
    }
    return s.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String constant(String spec) {
    PyNode module = PythonParser.parse(bytes(spec), PythonVersion.PY311);
    return (String) module.nodes("body").get(module.nodes("body").size() - 1).node("value").get("value");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "#!x\\n# -*- coding: iso-8859-1 -*-\\nx='\\xe9'\\n | \u00e9",
      "# coding=latin_1\\nx='\\xe9'\\n | \u00e9",
      "# coding: Latin-1\\nx='\\xe9'\\n | \u00e9",
      "\\n# coding: latin-1\\ny='\\xe9'\\n | \u00e9",
      "# coding: latin-1\\n# coding: utf-8\\ny='\\xe9'\\n | \u00e9",
      "# coding: koi8-r\\nx='\\xc1'\\n | \u0430",
      "# -*- encoding: koi8-r  -*-\\nx='\\xc1'\\n | \u0430",
      "# coding: iso-8859-15\\nx='\\xa4'\\n | \u20ac",
      "\\xef\\xbb\\xbfx='\\xc3\\xa9'\\n | \u00e9",
      "\\xef\\xbb\\xbf# coding: utf-8\\nx='\\xc3\\xa9'\\n | \u00e9",
      "\\xef\\xbb\\xbf# coding: utf-8-foo\\nx='\\xc3\\xa9'\\n | \u00e9",
      "# vim: set fileencoding=utf-8-sig :\\nx='\\xc3\\xa9'\\n | \u00e9",
      "# caf\\xe9\\nx = 'ok' # \\xff\\n | ok",
  })
  void decodesLikeCpython(String source, String expected) {
    assertEquals(expected, constant(source));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "\\xff | (unicode error) 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte | 1 | 1",
      "x = 1\\n\\xff\\n | (unicode error) 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte | 2 | 1",
      "abc\\xffdef = 1\\n | (unicode error) 'utf-8' codec can't decode byte 0xff in position 3: invalid start byte | 1 | 7",
      "x = 'ab\\xffcd'\\n | (unicode error) 'utf-8' codec can't decode byte 0xff in position 2: invalid start byte | 1 | 12",
      "x = '\\xc3\\xa9\\xff'\\n | (unicode error) 'utf-8' codec can't decode byte 0xff in position 2: invalid start byte | 1 | 10",
      "x = '\\xc3'\\n | (unicode error) 'utf-8' codec can't decode byte 0xc3 in position 0: unexpected end of data | 1 | 8",
      "'''doc\\n\\xff'''\\n | (unicode error) 'utf-8' codec can't decode byte 0xff in position 4: invalid start byte | 2 | 5",
      "x = f'\\xff{y}'\\n | (unicode error) 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte | 1 | 12",
      "x=1\\n# coding: latin-1\\ny='\\xe9'\\n | (unicode error) 'utf-8' codec can't decode byte 0xe9 in position 0: unexpected end of data | 3 | 6",
      "# coding: utf_8\\nx='\\xe9'\\n | (unicode error) 'utf-8' codec can't decode byte 0xe9 in position 0: unexpected end of data | 2 | 4",
      "# coding: utf-8\\nxyz = 'ab\\xe9cd'\\n | (unicode error) 'utf-8' codec can't decode byte 0xe9 in position 2: invalid continuation byte | 2 | 12",
      "# coding: utf-8\\n\\xff\\n | (unicode error) 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte | 2 | 1",
      "x = b'\\xff'\\n | bytes can only contain ASCII literal characters | 1 | 5",
      "\\xef\\xbb\\xbf# coding: latin-1\\nx=1\\n | encoding problem: iso-8859-1 with BOM | 0 | -1",
      "# coding: foo\\nx=1\\n | unknown encoding: foo | 0 | -1",
      "# coding: ascii\\nx='\\xe9'\\n | 'ascii' codec can't decode byte 0xe9 in position 19: ordinal not in range(128) | 0 | -1",
      "`  # coding: ascii\\nx='\\xe9'\\n` | 'ascii' codec can't decode byte 0xe9 in position 21: ordinal not in range(128) | 0 | -1",
      "# coding: UTF8\\nx='\\xff'\\n | 'utf-8' codec can't decode byte 0xff in position 18: invalid start byte | 0 | -1",
      "# coding: cp1252\\nx='\\x81'\\n | 'charmap' codec can't decode byte 0x81 in position 20: character maps to <undefined> | 0 | -1",
      "# coding: euc-jp\\nx='\\xff\\xff'\\n | 'euc_jp' codec can't decode byte 0xff in position 20: illegal multibyte sequence | 0 | -1",
  })
  void errorsLikeCpython(String source, String message, int line, int column) {
    PythonSyntaxException e = assertThrows(PythonSyntaxException.class, () -> PythonParser.parse(bytes(source), PythonVersion.PY311));
    assertEquals(message, e.msg());
    assertEquals(line, e.line());
    assertEquals(column, e.column());
  }

  @Test
  void strOfAnErrorWithoutALineKeepsLineZero() {
    PythonSyntaxException e = assertThrows(PythonSyntaxException.class, () -> PythonParser.parse(bytes("# coding: foo\\n"), PythonVersion.PY311));
    assertEquals("unknown encoding: foo (<unknown>, line 0)", e.pythonStr());
  }
}

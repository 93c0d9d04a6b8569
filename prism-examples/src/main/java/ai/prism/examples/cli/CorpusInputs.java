package ai.prism.examples.cli;

import ai.prism.core.PrismException;
import ai.prism.core.data.SourceDocument;
import ai.prism.core.json.Python;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the inputs of {@code prism corpus prepare}: JSONL files ({@code *.jsonl}, one object per
 * line with a non-empty string {@code id} and a string {@code text}) and plain UTF-8 text files,
 * given directly or found recursively in directories (hidden entries skipped, code-point order).
 * A text file is one document whose id is its path relative to the input's parent directory
 * ({@code books/sub/a.txt}); in paragraph mode each blank-line-separated paragraph is a document
 * with id {@code <path>#<n>}. A leading BOM is dropped and CRLF/CR become LF in text files.
 */
final class CorpusInputs {

  /** How plain text files become documents. */
  enum TextUnit { FILE, PARAGRAPH }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CorpusInputs() {}

  static List<SourceDocument> read(List<Path> inputs, TextUnit unit) {
    List<SourceDocument> docs = new ArrayList<>();
    for (Path input : inputs) {
      Path abs = input.toAbsolutePath().normalize();
      Path base = abs.getParent() == null ? abs : abs.getParent();
      if (Files.isDirectory(abs)) {
        for (Path f : walk(abs)) {
          readFile(f, base, unit, docs);
        }
      } else if (Files.isRegularFile(abs)) {
        readFile(abs, base, unit, docs);
      } else {
        throw new PrismException("input not found: " + input);
      }
    }
    return docs;
  }

  private static List<Path> walk(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !hidden(dir.relativize(p)))
          .sorted((a, b) -> Python.compare(slash(dir.relativize(a)), slash(dir.relativize(b))))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static boolean hidden(Path rel) {
    for (Path part : rel) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static String slash(Path p) {
    return p.toString().replace('\\', '/');
  }

  private static void readFile(Path file, Path base, TextUnit unit, List<SourceDocument> docs) {
    if (file.getFileName().toString().endsWith(".jsonl")) {
      readJsonl(file, docs);
      return;
    }
    String id = slash(base.relativize(file));
    String text = decode(file).replace("\r\n", "\n").replace('\r', '\n');
    if (unit == TextUnit.FILE) {
      docs.add(new SourceDocument(id, text));
      return;
    }
    int n = 0;
    for (String para : text.split("\n[ \t]*\n")) {
      String p = para.strip();
      if (!p.isEmpty()) {
        docs.add(new SourceDocument(id + "#" + n++, p));
      }
    }
  }

  private static String decode(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
    } catch (CharacterCodingException e) {
      throw new PrismException("input is not UTF-8 text: " + file + " (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void readJsonl(Path file, List<SourceDocument> docs) {
    String content = decode(file);
    try (BufferedReader r = new BufferedReader(new java.io.StringReader(content))) {
      String line;
      int lineNo = 0;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = MAPPER.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new PrismException(file + ":" + lineNo + ": not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode id = node == null ? null : node.get("id");
        JsonNode text = node == null ? null : node.get("text");
        if (node == null || !node.isObject() || id == null || !id.isTextual() || id.textValue().isEmpty()) {
          throw new PrismException(file + ":" + lineNo + ": expected an object with a non-empty string \"id\"");
        }
        if (text == null || !text.isTextual()) {
          throw new PrismException(file + ":" + lineNo + ": document '" + id.textValue() + "' has non-string text");
        }
        docs.add(new SourceDocument(id.textValue(), text.textValue()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}

package ai.prism.examples.cli;

import ai.prism.core.PrismException;
import ai.prism.core.data.LockedDatasetException;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the inputs of {@code prism corpus prepare}: JSONL files ({@code *.jsonl}, one object per
 * line with a non-empty string {@code id} and a string {@code text}) and plain UTF-8 text files,
 * given directly or found recursively in directories (hidden entries skipped, code-point order).
 * A text file is one document whose id is its path relative to the input's parent directory
 * ({@code books/sub/a.txt}); in paragraph mode each blank-line-separated paragraph is a document
 * with id {@code <path>#<n>}. A leading BOM is dropped and CRLF/CR become LF in text files. An id
 * that a text file shares with a document from another file is a {@link LockedDatasetException}
 * naming both; duplicate ids among JSONL documents keep the reference's first-wins de-duplication.
 */
final class CorpusInputs {

  /** How plain text files become documents. */
  enum TextUnit { FILE, PARAGRAPH }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CorpusInputs() {}

  /** Where a document came from: a text file, or a line of a JSONL file. */
  private record Origin(Path file, int line) {
    boolean text() {
      return line == 0;
    }

    @Override
    public String toString() {
      return text() ? file.toString() : file + ":" + line;
    }
  }

  /** The documents read so far and the origin of each id. */
  private static final class Documents {
    final List<SourceDocument> list = new ArrayList<>();
    final Map<String, Origin> origins = new HashMap<>();

    void add(SourceDocument doc, Origin origin) {
      Origin first = origins.putIfAbsent(doc.id(), origin);
      if (first != null && (first.text() || origin.text()) && !first.file().equals(origin.file())) {
        throw new LockedDatasetException("document id " + Python.repr(doc.id()) + " of " + origin
            + " is also the id of a document from " + first + " (a text file's id is its path relative to"
            + " the input's parent directory: rename one, or give one --input that contains both)");
      }
      list.add(doc);
    }
  }

  static List<SourceDocument> read(List<Path> inputs, TextUnit unit) {
    Documents docs = new Documents();
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
    return docs.list;
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

  private static void readFile(Path file, Path base, TextUnit unit, Documents docs) {
    if (file.getFileName().toString().endsWith(".jsonl")) {
      readJsonl(file, docs);
      return;
    }
    String id = slash(base.relativize(file));
    String text = decode(file).replace("\r\n", "\n").replace('\r', '\n');
    Origin origin = new Origin(file, 0);
    if (unit == TextUnit.FILE) {
      docs.add(new SourceDocument(id, text), origin);
      return;
    }
    int n = 0;
    for (String para : text.split("\n[ \t]*\n")) {
      String p = para.strip();
      if (!p.isEmpty()) {
        docs.add(new SourceDocument(id + "#" + n++, p), origin);
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

  private static void readJsonl(Path file, Documents docs) {
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
        docs.add(new SourceDocument(id.textValue(), text.textValue()), new Origin(file, lineNo));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}

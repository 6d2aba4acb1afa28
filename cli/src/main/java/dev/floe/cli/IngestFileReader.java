package dev.floe.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads JSON lines ({@code .jsonl}, {@code .json}, {@code .ndjson}: one object per line) or CSV
 * with a header row ({@code .csv}) as map rows, a batch at a time, remembering each row's line.
 */
final class IngestFileReader implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Malformed input: the file, the 1-based line and what is wrong. */
  static final class BadInputException extends RuntimeException {
    BadInputException(Path file, long line, String what) {
      super(String.format("%s:%d: %s", file, line, what));
    }
  }

  private final Path file;
  private final boolean csv;
  private final BufferedReader reader;
  private List<String> header;
  private long line;
  private final List<Long> lines = new ArrayList<>();

  IngestFileReader(Path file) {
    this.file = file;
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      csv = true;
    } else if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
      csv = false;
    } else {
      throw new BadInputException(
          file, 0, "unknown file type (use .csv with a header row, or .jsonl JSON lines)");
    }
    try {
      this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(String.format("Cannot read %s: %s", file, e.getMessage()), e);
    }
  }

  /** Up to {@code max} rows; empty at the end of the file. */
  List<Map<String, Object>> next(int max) {
    List<Map<String, Object>> rows = new ArrayList<>();
    lines.clear();
    try {
      String text;
      while (rows.size() < max && (text = reader.readLine()) != null) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        if (csv && header == null) {
          header = splitCsv(text);
          continue;
        }
        rows.add(csv ? csvRow(text) : jsonRow(text));
        lines.add(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(String.format("Cannot read %s: %s", file, e.getMessage()), e);
    }
    return rows;
  }

  /** The line of row {@code index} of the last batch. */
  long lineOf(int index) {
    return index >= 0 && index < lines.size() ? lines.get(index) : line;
  }

  private Map<String, Object> jsonRow(String text) {
    try {
      return JSON.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new BadInputException(file, line, "not a JSON object: " + e.getOriginalMessage());
    }
  }

  private Map<String, Object> csvRow(String text) {
    List<String> values = splitCsv(text);
    if (values.size() != header.size()) {
      throw new BadInputException(
          file,
          line,
          String.format("%d values but the header has %d columns", values.size(), header.size()));
    }
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      String value = values.get(i);
      row.put(header.get(i), value.isEmpty() ? null : value); // empty means null
    }
    return row;
  }

  /** Splits one CSV line: commas, double quotes around values, "" for a quote inside. */
  private List<String> splitCsv(String text) {
    List<String> values = new ArrayList<>();
    StringBuilder value = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          value.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          value.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        values.add(value.toString().trim());
        value.setLength(0);
      } else {
        value.append(c);
      }
    }
    if (quoted) {
      throw new BadInputException(file, line, "unterminated quoted value");
    }
    values.add(value.toString().trim());
    return values;
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      // Read-only: nothing to lose.
    }
  }
}

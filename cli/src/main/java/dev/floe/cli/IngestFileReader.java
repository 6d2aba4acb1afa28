package dev.floe.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.ingest.Batch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON lines ({@code .jsonl}, {@code .json}, {@code .ndjson}: one object per line) or CSV
 * with a header row ({@code .csv}) as map rows, a batch at a time, remembering each row's line.
 */
final class IngestFileReader implements IngestInput {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final boolean csv;
  private final BufferedReader reader;
  private List<String> header;
  private long line;
  private final List<Long> lines = new ArrayList<>();

  IngestFileReader(Path file, boolean csv) {
    this.file = file;
    this.csv = csv;
    try {
      this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(String.format("Cannot read %s: %s", file, e.getMessage()), e);
    }
  }

  @Override
  public Batch next(String producer, long sequence, int max) {
    List<Map<String, Object>> rows = rows(max);
    return rows.isEmpty() ? null : Batch.ofRows(producer, sequence, rows);
  }

  /** Up to {@code max} rows; empty at the end of the file. */
  List<Map<String, Object>> rows(int max) {
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

  @Override
  public BadInputException at(int index, String what) {
    long at = index >= 0 && index < lines.size() ? lines.get(index) : line;
    return BadInputException.atLine(file, at, what);
  }

  private Map<String, Object> jsonRow(String text) {
    try {
      return JSON.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw BadInputException.atLine(file, line, "not a JSON object: " + e.getOriginalMessage());
    }
  }

  private Map<String, Object> csvRow(String text) {
    List<String> values = splitCsv(text);
    if (values.size() != header.size()) {
      throw BadInputException.atLine(
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
      throw BadInputException.atLine(file, line, "unterminated quoted value");
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

package dev.floe.ingest.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.floe.ingest.ArrowInput;
import dev.floe.ingest.Batch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Reads JSON lines ({@code .jsonl}, {@code .json}, {@code .ndjson}: one object per line) or CSV
 * with a header row ({@code .csv}, RFC 4180 through jackson-dataformat-csv: quoted values may hold
 * the delimiter, quotes and line breaks) as map rows, a batch at a time, remembering the line each
 * row starts on. Text must be UTF-8; a byte-order mark at the start is skipped. Values are kept
 * exact (JSON fractions as {@code BigDecimal}, large integers as {@code BigInteger}: see {@link
 * JsonObjects}), so the column conversion can refuse what does not fit instead of rounding it; a
 * JSON key given twice in one object is refused rather than one of its values silently kept. In CSV
 * an empty unquoted value is null and a quoted {@code ""} the empty string; spaces around an
 * unquoted value are part of it, spaces around a quoted one are not (header names are trimmed).
 *
 * <p>Given an {@link Arrow}, a batch whose values all convert goes straight into Arrow vectors in
 * the table's layout; one that does not goes as the same map rows as without it, so the writer's
 * errors and dead letters do not change.
 */
final class TextRows implements RowBatches {
  private static final Pattern DUPLICATE =
      Pattern.compile("Duplicate (?:field|Object property) '(.*)'");
  private static final CsvMapper CSV = new CsvMapper();

  /** Where Arrow batches come from, for {@link InputOptions#arrow()}. */
  record Arrow(ArrowInput input, BufferAllocator allocator) {}

  private final Path file;
  private final Arrow arrow; // null: map rows only
  private final BufferedReader reader;
  private final MappingIterator<String[]> csvRows; // null for JSON lines
  private List<String> header;
  private long line;
  private final List<Long> lines = new ArrayList<>();

  TextRows(Path file, boolean csv, char delimiter, HashedBytes hashed, Arrow arrow) {
    this.file = file;
    this.arrow = arrow;
    try {
      this.reader =
          new BufferedReader(
              new Utf8Lines(file, hashed == null ? Files.newInputStream(file) : hashed.open(file)));
      this.csvRows = csv ? csv(reader, delimiter) : null;
    } catch (NoSuchFileException e) {
      throw new BadInputException(file, "no such file");
    } catch (IOException e) {
      throw new BadInputException(file, "cannot read: " + e.getMessage());
    }
  }

  private static MappingIterator<String[]> csv(Reader in, char delimiter) throws IOException {
    CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(delimiter);
    return CSV.readerFor(String[].class)
        .with(schema)
        .with(CsvParser.Feature.WRAP_AS_ARRAY)
        .with(CsvParser.Feature.EMPTY_UNQUOTED_STRING_AS_NULL) // a quoted "" stays ""
        .without(CsvParser.Feature.SKIP_EMPTY_LINES) // it drops a line's leading spaces too
        .readValues(in);
  }

  @Override
  public Batch next(long sequence, int max) {
    if (csvRows == null) {
      List<Map<String, Object>> rows = read(max, this::jsonRow);
      if (rows.isEmpty()) {
        return null;
      }
      Batch columns = arrow == null ? null : jsonColumns(sequence, rows);
      return columns == null ? Batch.ofRows(sequence, rows) : columns;
    }
    List<String[]> records = read(max, this::csvRow);
    if (records.isEmpty()) {
      return null;
    }
    Batch columns =
        arrow == null
            ? null
            : arrow.input().batch(sequence, header, List.copyOf(records), arrow.allocator());
    if (columns != null) {
      return columns;
    }
    List<Map<String, Object>> rows = new ArrayList<>(records.size());
    for (String[] values : records) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < values.length; i++) {
        row.put(header.get(i), values[i]);
      }
      rows.add(row);
    }
    return Batch.ofRows(sequence, rows);
  }

  private interface Source<T> {
    T next() throws IOException;
  }

  /** Up to {@code max} rows; empty at the end of the file. */
  private <T> List<T> read(int max, Source<T> source) {
    List<T> rows = new ArrayList<>();
    lines.clear();
    try {
      while (rows.size() < max) {
        T row = source.next();
        if (row == null) {
          break;
        }
        rows.add(row);
        lines.add(line);
      }
    } catch (IOException e) {
      throw new BadInputException(file, "cannot read: " + e.getMessage());
    }
    return rows;
  }

  /** JSON rows as columns named by their keys in order of appearance, absent keys null. */
  private Batch jsonColumns(long sequence, List<Map<String, Object>> rows) {
    LinkedHashSet<String> keys = new LinkedHashSet<>();
    rows.forEach(row -> keys.addAll(row.keySet()));
    List<String> names = List.copyOf(keys);
    List<Object[]> values = new ArrayList<>(rows.size());
    for (Map<String, Object> row : rows) {
      Object[] one = new Object[names.size()];
      for (int i = 0; i < one.length; i++) {
        one[i] = row.get(names.get(i));
      }
      values.add(one);
    }
    return arrow.input().batch(sequence, names, values, arrow.allocator());
  }

  @Override
  public BadInputException at(int index, String what) {
    long at = index >= 0 && index < lines.size() ? lines.get(index) : line;
    return BadInputException.atLine(file, at, what);
  }

  /** The next JSON object, skipping blank lines; null at the end. */
  private Map<String, Object> jsonRow() throws IOException {
    String text;
    while ((text = reader.readLine()) != null) {
      line++;
      if (!text.isBlank()) {
        return json(text);
      }
    }
    return null;
  }

  private Map<String, Object> json(String text) throws IOException {
    try {
      return JsonObjects.parse(text);
    } catch (JsonProcessingException e) {
      Matcher duplicate = DUPLICATE.matcher(e.getOriginalMessage());
      if (duplicate.find()) {
        throw BadInputException.atLine(
            file,
            line,
            String.format(
                "column '%s' is given twice in one object: refusing to keep either value",
                duplicate.group(1)));
      }
      throw BadInputException.atLine(file, line, "not a JSON object: " + e.getOriginalMessage());
    }
  }

  /** The next CSV record's values in header order, reading the header first; null at the end. */
  private String[] csvRow() throws IOException {
    try {
      String[] values;
      do {
        if (!csvRows.hasNextValue()) {
          return null;
        }
        line = csvRows.getParser().currentLocation().getLineNr(); // where the record starts
        values = csvRows.nextValue();
      } while (values.length == 1 && blankLine(values[0]));
      if (header == null) {
        header = header(values);
        return csvRow();
      }
      if (values.length != header.size()) {
        throw BadInputException.atLine(
            file,
            line,
            String.format("%d values but the header has %d columns", values.length, header.size()));
      }
      String[] row = new String[values.length];
      for (int i = 0; i < values.length; i++) {
        row[i] = value(values[i]);
      }
      return row;
    } catch (JsonProcessingException e) {
      long at = e.getLocation() == null ? line + 1 : e.getLocation().getLineNr();
      throw BadInputException.atLine(file, at, "not CSV: " + e.getOriginalMessage());
    }
  }

  /** An empty line, or one of spaces where a record needs more than one value. */
  private boolean blankLine(String only) {
    return only == null || only.isBlank() && (header == null || header.size() > 1);
  }

  /**
   * Spaces around an unquoted value are data; a quoted value padded with spaces ({@code , "a b" ,})
   * is the quoted text, which is what its writer meant, not text with quote marks in it.
   */
  private static String value(String raw) {
    if (raw == null || raw.isEmpty() || raw.charAt(0) != ' ') {
      return raw; // jackson handles what starts with the quote; null: empty and unquoted
    }
    String trimmed = raw.strip();
    boolean quoted = trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"");
    return quoted ? trimmed.substring(1, trimmed.length() - 1).replace("\"\"", "\"") : raw;
  }

  /** The header row: a column named twice would keep only one of its values, so it fails. */
  private List<String> header(String[] values) {
    // Trimmed ("id, label" names id and label); an empty name stays "" and matches no column.
    List<String> names = Arrays.stream(values).map(v -> v == null ? "" : v.trim()).toList();
    for (int i = 0; i < names.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (names.get(i).equals(names.get(j))) {
          throw BadInputException.atLine(
              file,
              line,
              String.format(
                  "column '%s' is named twice in the header (columns %d and %d)",
                  names.get(i), j + 1, i + 1));
        }
      }
    }
    return names;
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

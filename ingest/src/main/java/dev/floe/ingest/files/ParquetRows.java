package dev.floe.ingest.files;

import dev.floe.ingest.Batch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Files;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.formats.ReadBuilder;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.types.Types;

/**
 * Reads a Parquet file a batch at a time (a row group at most in memory), as map rows converted by
 * the table schema like CSV and JSON rows. Files written by other tools carry no Iceberg field ids:
 * their columns are matched by name.
 */
final class ParquetRows implements RowBatches {
  private final Path file;
  private final CloseableIterable<Record> records;
  private final CloseableIterator<Record> iterator;
  private long firstRow;
  private long nextRow;

  ParquetRows(Path file) {
    this.file = file;
    ParquetFileSchema fileSchema = ParquetFileSchema.of(file);
    ReadBuilder<Record, ?> read =
        FormatModelRegistry.<Record, Object>readBuilder(
                FileFormat.PARQUET, Record.class, Files.localInput(file.toFile()))
            .project(fileSchema.schema());
    if (!fileSchema.hasIds()) {
      // Columns written by other tools: matched by name to the ids the conversion made up.
      read.withNameMapping(MappingUtil.create(fileSchema.schema()));
    }
    try {
      this.records = read.build();
      this.iterator = records.iterator();
    } catch (RuntimeException e) {
      throw new BadInputException(file, "not a readable Parquet file: " + e.getMessage());
    }
  }

  @Override
  public Batch next(long sequence, int max) {
    firstRow = nextRow;
    List<Map<String, Object>> rows = new ArrayList<>(Math.min(max, 1 << 16));
    try {
      while (rows.size() < max && iterator.hasNext()) {
        rows.add(plain(iterator.next()));
        nextRow++;
      }
    } catch (RuntimeException e) {
      throw BadInputException.atRow(file, nextRow, "cannot read: " + e.getMessage());
    }
    return rows.isEmpty() ? null : Batch.ofRows(sequence, rows);
  }

  @Override
  public BadInputException at(int index, String what) {
    // The row of the file replaces the row of the batch.
    return BadInputException.atRow(file, firstRow + index, what.replaceFirst("^row \\d+ ", ""));
  }

  /** A record as a map row: nested records as maps, nulls left out. */
  private static Map<String, Object> plain(Record record) {
    Map<String, Object> row = new LinkedHashMap<>();
    List<Types.NestedField> fields = record.struct().fields();
    for (int i = 0; i < fields.size(); i++) {
      Object value = record.get(i);
      if (value != null) {
        row.put(fields.get(i).name(), plain(value));
      }
    }
    return row;
  }

  private static Object plain(Object value) {
    if (value instanceof Record record) {
      return plain(record);
    } else if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(element -> out.add(element == null ? null : plain(element)));
      return out;
    } else if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(plain(k), v == null ? null : plain(v)));
      return out;
    }
    return value;
  }

  @Override
  public void close() {
    try {
      records.close();
    } catch (IOException e) {
      // Read-only: nothing to lose.
    }
  }
}

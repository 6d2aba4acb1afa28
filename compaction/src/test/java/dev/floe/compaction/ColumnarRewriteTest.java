package dev.floe.compaction;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Compaction writes through the columnar writers: the files must be what Iceberg's would be. */
class ColumnarRewriteTest {
  private static final Types.StructType POINT =
      Types.StructType.of(
          optional(20, "x", Types.IntegerType.get()), optional(21, "y", Types.FloatType.get()));
  private static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "name", Types.StringType.get()),
          optional(3, "score", Types.DoubleType.get()),
          optional(4, "at", Types.TimestampType.withZone()),
          optional(5, "price", Types.DecimalType.of(9, 2)),
          optional(6, "day", Types.DateType.get()),
          optional(7, "blob", Types.BinaryType.get()),
          optional(8, "tags", Types.ListType.ofOptional(22, Types.StringType.get())),
          optional(9, "point", POINT),
          optional(
              10,
              "attrs",
              Types.MapType.ofOptional(23, 24, Types.StringType.get(), Types.LongType.get())));
  // Three input files of more rows together than one chunk holds, so the reused vectors refill.
  private static final int ROWS_PER_FILE = ChunkedWriter.CHUNK_ROWS / 2 + 123;

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();

  @ParameterizedTest
  @EnumSource(
      value = FileFormat.class,
      names = {"PARQUET", "ORC"})
  void compactedFileHasTheRowsAndMetricsOfIcebergsWriter(FileFormat format) {
    Table table =
        temp.floe()
            .tables()
            .createIfAbsent(
                "ml.wide",
                SCHEMA,
                PartitionSpec.unpartitioned(),
                Map.of(
                    TableProperties.DEFAULT_FILE_FORMAT, format.name().toLowerCase(Locale.ROOT)));
    List<Record> rows = new ArrayList<>();
    for (int file = 0; file < 3; file++) {
      List<Record> batch = new ArrayList<>();
      for (int i = 0; i < ROWS_PER_FILE; i++) {
        batch.add(row(file * ROWS_PER_FILE + i));
      }
      GenericData.append(table, "main", format, batch);
      rows.addAll(batch);
    }

    CompactionResult result = Compaction.binPack(table).minInputFiles(2).commit();

    table.refresh();
    assertThat(result.rewrittenFiles()).isEqualTo(3);
    List<DataFile> compacted = filesWithStats(table);
    assertThat(compacted).hasSize(1);
    DataFile actual = compacted.get(0);
    List<Record> written = read(table, actual);
    assertThat(written).hasSize(rows.size());
    assertThat(sortedById(written)).isEqualTo(rows);
    // Iceberg's own writer, given the same rows in the same order, is the reference for metrics.
    DataFile expected = GenericData.write(table, format, written).get(0);
    assertThat(actual.recordCount()).isEqualTo(expected.recordCount());
    assertThat(actual.valueCounts()).isEqualTo(expected.valueCounts());
    assertThat(actual.nullValueCounts()).isEqualTo(expected.nullValueCounts());
    assertThat(actual.nanValueCounts()).isEqualTo(expected.nanValueCounts());
    assertThat(actual.lowerBounds()).isEqualTo(expected.lowerBounds());
    assertThat(actual.upperBounds()).isEqualTo(expected.upperBounds());
    assertThat(actual.format()).isEqualTo(format);
  }

  @Test
  void tableWithATypeArrowCannotHoldCompactsThroughIcebergsWriters() {
    Schema schema =
        new Schema(
            required(1, "id", Types.LongType.get()), optional(2, "later", Types.UnknownType.get()));
    Table table =
        temp.floe()
            .tables()
            .createIfAbsent(
                "ml.v3",
                schema,
                PartitionSpec.unpartitioned(),
                Map.of(TableProperties.FORMAT_VERSION, "3"));
    for (long file = 0; file < 3; file++) {
      GenericRecord row = GenericRecord.create(table.schema());
      row.setField("id", file);
      GenericData.append(table, "main", FileFormat.PARQUET, List.of(row));
    }

    Compaction.binPack(table).minInputFiles(2).commit();

    table.refresh();
    assertThat(filesWithStats(table)).hasSize(1);
    assertThat(Events.ids(table, "main")).containsExactly(0L, 1L, 2L);
  }

  private static Record row(int i) {
    GenericRecord row = GenericRecord.create(SCHEMA);
    row.setField("id", (long) i);
    boolean nulls = i % 7 == 0;
    row.setField("name", nulls ? null : "name-" + (i % 1000));
    Double score = nulls ? null : Double.valueOf(i * 0.25);
    row.setField("score", i % 11 == 0 ? Double.valueOf(Double.NaN) : score);
    row.setField(
        "at",
        nulls ? null : OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusSeconds(i));
    row.setField("price", nulls ? null : BigDecimal.valueOf(i, 2));
    row.setField("day", nulls ? null : LocalDate.of(2025, 1, 1).plusDays(i % 400));
    row.setField("blob", nulls ? null : ByteBuffer.wrap(new byte[] {(byte) i, (byte) (i >> 8)}));
    row.setField("tags", nulls ? null : List.of("t" + (i % 3), "u" + (i % 5)));
    GenericRecord point = GenericRecord.create(POINT);
    point.setField("x", i);
    point.setField("y", i % 13 == 0 ? Float.NaN : i * 0.5f);
    row.setField("point", i % 5 == 0 ? null : point);
    row.setField("attrs", nulls ? null : Map.of("k" + (i % 4), (long) i));
    return row;
  }

  private static List<Record> read(Table table, DataFile file) {
    List<Record> rows = new ArrayList<>();
    GroupRewriter reader = new GroupRewriter(table, Long.MAX_VALUE, "check");
    try (CloseableIterable<Record> records = reader.readRows(file)) {
      records.forEach(row -> rows.add(row.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  private static List<DataFile> filesWithStats(Table table) {
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().includeColumnStats().planFiles()) {
      tasks.forEach(task -> files.add(task.file()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static List<Record> sortedById(List<Record> rows) {
    return rows.stream().sorted(Comparator.comparing(row -> (Long) row.getField("id"))).toList();
  }
}

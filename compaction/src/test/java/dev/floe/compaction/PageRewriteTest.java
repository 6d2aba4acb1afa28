package dev.floe.compaction;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.BaseDVFileWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parquet groups rewritten through the page decoder (vectors, no record per row) must give exactly
 * the files of the record path: the same rows in the same order and the same Iceberg metrics.
 */
class PageRewriteTest {
  private static final Types.StructType POINT =
      Types.StructType.of(
          optional(20, "x", Types.IntegerType.get()), optional(21, "y", Types.FloatType.get()));
  private static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "name", Types.StringType.get()),
          optional(3, "score", Types.DoubleType.get()),
          optional(4, "at", Types.TimestampType.withZone()),
          optional(5, "day", Types.DateType.get()),
          optional(6, "blob", Types.BinaryType.get()),
          optional(7, "tags", Types.ListType.ofOptional(22, Types.StringType.get())),
          optional(8, "point", POINT),
          optional(
              9,
              "attrs",
              Types.MapType.ofOptional(23, 24, Types.StringType.get(), Types.LongType.get())),
          optional(10, "flag", Types.BooleanType.get()),
          optional(11, "uuid", Types.UUIDType.get()),
          optional(12, "code", Types.FixedType.ofLength(4)),
          optional(13, "price", Types.DecimalType.of(10, 2)),
          optional(14, "big", Types.DecimalType.of(30, 5)));
  // More rows than one chunk of vectors, so chunks refill and sorted runs cross files.
  private static final int ROWS_PER_FILE = ChunkedWriter.CHUNK_ROWS / 2 + 123;
  private static final int FILES = 3;

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void decodedRewriteEqualsRecordRewrite(boolean sorted) {
    Table table = table("ml.plain", 2);
    SortOrder order = sorted ? sortOrder(table) : null;

    Rewrites both = rewriteBothWays(table, order, 10_000);

    assertThat(both.decoded().decodedFiles()).isEqualTo(FILES);
    assertThat(both.records().decodedFiles()).isZero();
    assertSameFiles(table, both, FILES * ROWS_PER_FILE);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void decodedRewriteDropsDeletionVectorRowsAsTheRecordRewrite(boolean sorted) throws IOException {
    Table table = table("ml.dv", 3);
    List<DataFile> files = dataFiles(table);
    OutputFileFactory outputs = OutputFileFactory.builderFor(table, 7, 7).build();
    BaseDVFileWriter dvs = new BaseDVFileWriter(outputs, path -> null);
    try (dvs) {
      // The first and last rows, and some across a chunk boundary of the decoder.
      for (long pos : new long[] {0, 1, ChunkedWriter.CHUNK_ROWS / 2, ROWS_PER_FILE - 1}) {
        dvs.delete(files.get(0).location(), pos, table.spec(), files.get(0).partition());
      }
      dvs.delete(files.get(2).location(), 17, table.spec(), files.get(2).partition());
    }
    RowDelta delta = table.newRowDelta();
    dvs.result().deleteFiles().forEach(delta::addDeletes);
    delta.commit();
    SortOrder order = sorted ? sortOrder(table) : null;

    Rewrites both = rewriteBothWays(table, order, 5_000);

    assertThat(both.decoded().decodedFiles()).isEqualTo(FILES);
    assertSameFiles(table, both, FILES * ROWS_PER_FILE - 5);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void fileWithoutAColumnTakesTheRecordPathAndStillMatches(boolean sorted) {
    Table table = table("ml.evolved", 2);
    table.updateSchema().addColumn("later", Types.LongType.get()).commit();
    GenericRecord row = GenericRecord.create(table.schema());
    row.setField("id", -1L);
    row.setField("later", 5L);
    GenericData.append(table, "main", FileFormat.PARQUET, List.of(row));

    // Newest first: the sorted rewrite decodes it, then starts over on the record path.
    Rewrites both = rewriteBothWays(table, sorted ? sortOrder(table) : null, 10_000, true);

    assertThat(both.decoded().decodedFiles()).isEqualTo(1);
    assertSameFiles(table, both, FILES * ROWS_PER_FILE + 1);
  }

  private record Rewrites(
      GroupRewriter decoded,
      List<DataFile> decodedFiles,
      GroupRewriter records,
      List<DataFile> recordFiles) {}

  private Rewrites rewriteBothWays(Table table, SortOrder order, int maxRows) {
    return rewriteBothWays(table, order, maxRows, false);
  }

  private Rewrites rewriteBothWays(Table table, SortOrder order, int maxRows, boolean newestFirst) {
    table.refresh();
    List<DataFile> inputs = dataFiles(table);
    if (newestFirst) {
      Collections.reverse(inputs);
    }
    Map<String, FileScanTask> withDeletes = new HashMap<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(t -> withDeletes.put(t.file().location(), t));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    withDeletes.values().removeIf(t -> t.deletes().isEmpty());
    FileGroup group = new FileGroup(table.spec(), inputs.get(0).partition(), inputs, withDeletes);
    GroupRewriter decoded = new GroupRewriter(table, Long.MAX_VALUE, "pages", order, maxRows, true);
    GroupRewriter records =
        new GroupRewriter(table, Long.MAX_VALUE, "records", order, maxRows, false);
    return new Rewrites(decoded, decoded.rewrite(group), records, records.rewrite(group));
  }

  private static void assertSameFiles(Table table, Rewrites both, long liveRows) {
    List<DataFile> actual = both.decodedFiles();
    List<DataFile> expected = both.recordFiles();
    assertThat(actual).hasSameSizeAs(expected);
    assertThat(actual.stream().mapToLong(DataFile::recordCount).sum()).isEqualTo(liveRows);
    for (int i = 0; i < actual.size(); i++) {
      DataFile a = actual.get(i);
      DataFile e = expected.get(i);
      assertThat(read(table, a)).isEqualTo(read(table, e));
      assertThat(a.recordCount()).isEqualTo(e.recordCount());
      assertThat(a.columnSizes()).isEqualTo(e.columnSizes());
      assertThat(a.valueCounts()).isEqualTo(e.valueCounts());
      assertThat(a.nullValueCounts()).isEqualTo(e.nullValueCounts());
      assertThat(a.nanValueCounts()).isEqualTo(e.nanValueCounts());
      assertThat(a.lowerBounds()).isEqualTo(e.lowerBounds());
      assertThat(a.upperBounds()).isEqualTo(e.upperBounds());
      assertThat(a.splitOffsets()).isEqualTo(e.splitOffsets());
    }
  }

  private Table table(String name, int formatVersion) {
    Table table =
        temp.floe()
            .tables()
            .createIfAbsent(
                name,
                SCHEMA,
                PartitionSpec.unpartitioned(),
                Map.of(
                    TableProperties.DEFAULT_FILE_FORMAT,
                    "parquet",
                    TableProperties.FORMAT_VERSION,
                    Integer.toString(formatVersion)));
    for (int file = 0; file < FILES; file++) {
      List<Record> batch = new ArrayList<>();
      for (int i = 0; i < ROWS_PER_FILE; i++) {
        batch.add(row(file * ROWS_PER_FILE + i));
      }
      GenericData.append(table, "main", FileFormat.PARQUET, batch);
    }
    return table;
  }

  // Ties on the first key (few names, nulls) check that both sorts are stable in the same way.
  private static SortOrder sortOrder(Table table) {
    return SortOrder.builderFor(table.schema())
        .desc("name", NullOrder.NULLS_FIRST)
        .asc("day", NullOrder.NULLS_LAST)
        .asc("point.y")
        .build();
  }

  private static Record row(int i) {
    GenericRecord row = GenericRecord.create(SCHEMA);
    row.setField("id", (long) i);
    boolean nulls = i % 7 == 0;
    row.setField("name", nulls ? null : "name-" + (i % 97) + (i % 3 == 0 ? "é" : ""));
    row.setField("score", i % 11 == 0 ? Double.valueOf(Double.NaN) : Double.valueOf(i * 0.25));
    row.setField(
        "at",
        nulls ? null : OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusSeconds(i));
    row.setField("day", i % 5 == 0 ? null : LocalDate.of(2025, 1, 1).plusDays(i % 40));
    row.setField("blob", nulls ? null : ByteBuffer.wrap(new byte[] {(byte) i, (byte) (i >> 8)}));
    row.setField("tags", nulls ? null : List.of("t" + (i % 3), "u" + (i % 5)));
    GenericRecord point = GenericRecord.create(POINT);
    point.setField("x", i);
    point.setField("y", i % 13 == 0 ? Float.NaN : (i % 50) * 0.5f);
    row.setField("point", i % 6 == 0 ? null : point);
    row.setField("attrs", nulls ? null : Map.of("k" + (i % 4), (long) i));
    row.setField("flag", i % 9 == 0 ? null : i % 2 == 0);
    row.setField("uuid", nulls ? null : new java.util.UUID(i % 3, -i));
    row.setField("code", i % 4 == 1 ? null : new byte[] {(byte) i, 0, (byte) (i % 5), -1});
    row.setField(
        "price", nulls ? null : java.math.BigDecimal.valueOf((i % 2 == 0 ? 1 : -1) * i * 37L, 2));
    row.setField(
        "big",
        new java.math.BigDecimal(
            java.math.BigInteger.TEN.pow(24).subtract(java.math.BigInteger.valueOf(i)).negate(),
            5));
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

  private static List<DataFile> dataFiles(Table table) {
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().includeColumnStats().planFiles()) {
      tasks.forEach(task -> files.add(task.file()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.sort((x, y) -> Long.compare(x.dataSequenceNumber(), y.dataSequenceNumber()));
    return files;
  }
}

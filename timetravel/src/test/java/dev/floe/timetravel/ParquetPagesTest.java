package dev.floe.timetravel;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Floe's own Parquet page decoder must give exactly the row path's values, over every page layout
 * Iceberg writes: v1 and v2 pages, dictionary pages that fall back to plain or delta encodings
 * mid-chunk, null runs, several pages and row groups per batch, and split files.
 */
class ParquetPagesTest {
  private static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "bucket", Types.LongType.get()),
          optional(3, "score", Types.DoubleType.get()),
          optional(4, "flag", Types.BooleanType.get()),
          optional(5, "n", Types.IntegerType.get()),
          optional(6, "f", Types.FloatType.get()),
          optional(7, "day", Types.DateType.get()),
          optional(8, "at", Types.TimestampType.withZone()),
          optional(9, "t", Types.TimeType.get()),
          optional(10, "word", Types.StringType.get()),
          optional(11, "text", Types.StringType.get()),
          optional(12, "bin", Types.BinaryType.get()));
  private static final int ROWS = 6000;

  @TempDir Path warehouse;
  private Floe floe;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    floe = Floe.open(FloeConfig.embedded(warehouse));
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    allocator.close(); // throws if a buffer was not released
    floe.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void everyPageLayoutDecodesToTheRowPathsValues(String pageVersion) {
    Table table = table(pageVersion);

    FileScanTask task = onlyTask(table);
    assertThat(rowGroups(table, task)).hasSizeGreaterThan(2);
    Set<Encoding> encodings = encodings(table, task);
    assertThat(encodings).contains(Encoding.PLAIN);
    assertThat(encodings)
        .contains(pageVersion.equals("v1") ? Encoding.PLAIN_DICTIONARY : Encoding.RLE_DICTIONARY);
    if (pageVersion.equals("v2")) {
      assertThat(encodings).contains(Encoding.DELTA_BINARY_PACKED, Encoding.DELTA_BYTE_ARRAY);
    }

    // Batches of 333 rows end mid-page and span pages and row groups.
    List<List<Object>> pages = pages(table, task, 333);
    assertThat(pages).hasSize(ROWS).isEqualTo(rowPath(table));
    try (ArrowBatches fast = TimeTravel.read(table).batchSize(333).arrow(allocator)) {
      fast.forEach(batch -> {});
      assertThat(fast.vectorizedFiles()).isEqualTo(1);
      assertThat(fast.contentDigest()).isEqualTo(rowPathDigest(table));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void aSplitFileReadsEachRowGroupOnceAcrossItsSplits(String pageVersion) {
    Table table = table(pageVersion);
    FileScanTask whole = onlyTask(table);

    List<List<Object>> splits = new ArrayList<>();
    int count = 0;
    for (FileScanTask split : whole.split(whole.length() / 5)) {
      splits.addAll(pages(table, split, 1000));
      count++;
    }
    assertThat(count).isGreaterThan(1);
    assertThat(splits).isEqualTo(pages(table, whole, 1000)).hasSize(ROWS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void promotedColumnsAreLeftToTheOtherPaths(String pageVersion) {
    Table table = table(pageVersion);
    table.updateSchema().updateColumn("n", Types.LongType.get()).commit();

    FileScanTask task = onlyTask(table);
    assertThat(ParquetPages.open(table.io(), task, table.schema().select("id", "n"), 100)).isNull();
    assertThat(pages(table, task, 100, table.schema().select("id", "bucket"))).hasSize(ROWS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void embeddingListsDecodeToTheRowPathsValuesAcrossPages(String pageVersion) {
    Schema schema =
        new Schema(
            required(1, "id", Types.LongType.get()),
            optional(2, "embedding", Types.ListType.ofRequired(3, Types.FloatType.get())),
            optional(4, "sparse", Types.ListType.ofOptional(5, Types.DoubleType.get())),
            required(6, "ints", Types.ListType.ofRequired(7, Types.IntegerType.get())));
    Table table =
        floe.tables()
            .createIfAbsent(
                "db.lists_" + pageVersion,
                schema,
                PartitionSpec.unpartitioned(),
                Map.of(
                    "write.parquet.page-version", pageVersion,
                    "write.parquet.page-size-bytes", "4096",
                    "write.parquet.row-group-size-bytes", "200000",
                    "write.parquet.row-group-check-min-record-count", "50",
                    "write.parquet.dict-size-bytes", "1024"));
    List<Record> rows = new ArrayList<>();
    for (long id = 0; id < 3000; id++) {
      Record row = GenericRecord.create(table.schema());
      row.setField("id", id);
      // Null lists, empty lists, and 64-d embeddings that fill several pages a row group.
      List<Float> embedding = new ArrayList<>();
      for (int d = 0; d < (id % 10 == 3 ? 0 : 64); d++) {
        embedding.add(id % 5 == 0 ? (float) (d % 4) : id * 0.001f + d);
      }
      row.setField("embedding", id % 17 == 8 ? null : embedding);
      List<Double> sparse = new ArrayList<>();
      for (int d = 0; d < id % 6; d++) {
        sparse.add(d == 2 ? null : id / 3.0 - d);
      }
      row.setField("sparse", id % 11 == 4 ? null : sparse);
      row.setField("ints", List.of((int) id % 3, (int) (id * 7)));
      rows.add(row);
    }
    TestEvents.append(table, FileFormat.PARQUET, rows);
    FileScanTask task = onlyTask(table);
    assertThat(rowGroups(table, task)).hasSizeGreaterThan(1);

    assertThat(pages(table, task, 250)).hasSize(3000).isEqualTo(rowPath(table));
    try (ArrowBatches fast = TimeTravel.read(table).batchSize(250).arrow(allocator)) {
      fast.forEach(batch -> {});
      assertThat(fast.vectorizedFiles()).isEqualTo(1);
      assertThat(fast.contentDigest()).isEqualTo(rowPathDigest(table));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void structsOfPrimitivesDecodeToTheRowPathsValues(String pageVersion) {
    Types.StructType features =
        Types.StructType.of(
            required(11, "clicks", Types.LongType.get()),
            optional(12, "score", Types.DoubleType.get()),
            optional(13, "country", Types.StringType.get()),
            optional(14, "active", Types.BooleanType.get()));
    Schema schema =
        new Schema(
            required(1, "id", Types.LongType.get()),
            optional(2, "features", features),
            required(3, "origin", Types.StructType.of(optional(31, "x", Types.IntegerType.get()))));
    Table table =
        floe.tables()
            .createIfAbsent(
                "db.structs_" + pageVersion,
                schema,
                PartitionSpec.unpartitioned(),
                Map.of(
                    "write.parquet.page-version", pageVersion,
                    "write.parquet.page-row-limit", "300",
                    "write.parquet.row-group-size-bytes", "8000",
                    "write.parquet.row-group-check-min-record-count", "100"));
    List<Record> rows = new ArrayList<>();
    for (long id = 0; id < 4000; id++) {
      Record row = GenericRecord.create(table.schema());
      row.setField("id", id);
      if (id % 9 != 4 && (id < 1000 || id >= 1400)) { // scattered null structs and a null run
        Record values = GenericRecord.create(features);
        values.setField("clicks", id * 3);
        values.setField("score", id % 5 == 1 ? null : id / 8.0);
        values.setField(
            "country", id % 7 == 2 ? null : new String[] {"DE", "FR", ""}[(int) (id % 3)]);
        values.setField("active", id % 6 == 0 ? null : id % 4 == 0);
        row.setField("features", values);
      }
      Record origin = GenericRecord.create(schema.findType("origin").asStructType());
      origin.setField("x", id % 10 == 0 ? null : (int) id);
      row.setField("origin", origin);
      rows.add(row);
    }
    TestEvents.append(table, FileFormat.PARQUET, rows);
    FileScanTask task = onlyTask(table);
    assertThat(rowGroups(table, task)).hasSizeGreaterThan(1);

    assertThat(pages(table, task, 333)).hasSize(4000).isEqualTo(rowPath(table));
    try (ArrowBatches fast = TimeTravel.read(table).batchSize(333).arrow(allocator)) {
      fast.forEach(batch -> {});
      assertThat(fast.vectorizedFiles()).isEqualTo(1);
      assertThat(fast.contentDigest()).isEqualTo(rowPathDigest(table));
    }
    // A projection of some of a struct's fields.
    Schema some = table.schema().select("id", "features.country", "features.clicks");
    assertThat(pages(table, task, 500, some)).isEqualTo(rowPath(table, some));
  }

  private Table table(String pageVersion) {
    Table table =
        floe.tables()
            .createIfAbsent(
                "db.pages_" + pageVersion,
                SCHEMA,
                PartitionSpec.unpartitioned(),
                Map.of(
                    "write.parquet.page-version", pageVersion,
                    "write.parquet.page-row-limit", "250",
                    "write.parquet.row-group-size-bytes", "40000",
                    "write.parquet.row-group-check-min-record-count", "100",
                    "write.parquet.dict-size-bytes", "2048"));
    List<Record> rows = new ArrayList<>();
    for (long id = 0; id < ROWS; id++) {
      rows.add(row(table.schema(), id));
    }
    TestEvents.append(table, FileFormat.PARQUET, rows);
    return table;
  }

  private static Record row(Schema schema, long id) {
    GenericRecord row = GenericRecord.create(schema);
    row.setField("id", id);
    // A long run of nulls (an RLE run of level 0) and scattered ones.
    boolean nulls = (id >= 1200 && id < 1700) || id % 13 == 7;
    if (nulls) {
      return row;
    }
    row.setField("bucket", id % 6 - 3); // dictionary-encoded throughout
    // Dictionary first, then too many distinct values: the chunk falls back mid-way.
    double[] special = {Double.NaN, -0.0, 0.0, Double.NEGATIVE_INFINITY};
    row.setField("score", id < 500 ? special[(int) (id % 4)] : id / 7.0);
    row.setField("flag", id % 3 == 0);
    row.setField("n", id < 3000 ? (int) (id % 5) : (int) (id * 7919));
    row.setField("f", id % 4 == 0 ? Float.NaN : id * 0.5f);
    row.setField("day", LocalDate.of(1969, 12, 25).plusDays(id % 20));
    row.setField(
        "at",
        OffsetDateTime.of(1969, 12, 31, 23, 59, 0, 0, ZoneOffset.UTC).plusNanos(id * 1_001_000L));
    row.setField("t", LocalTime.ofNanoOfDay(id * 1_000_001_000L % 86_400_000_000_000L));
    row.setField("word", new String[] {"", "ü", "click", "view"}[(int) (id % 4)]);
    row.setField("text", "row-" + id + "-" + "x".repeat((int) (id % 37)));
    row.setField("bin", ByteBuffer.wrap(new byte[] {(byte) id, 0, (byte) (id >> 8)}));
    return row;
  }

  private static FileScanTask onlyTask(Table table) {
    try (CloseableIterable<FileScanTask> tasks = table.newScan().includeColumnStats().planFiles()) {
      List<FileScanTask> all = new ArrayList<>();
      tasks.forEach(all::add);
      assertThat(all).hasSize(1);
      return all.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<List<Object>> pages(Table table, FileScanTask task, int batchSize) {
    return pages(table, task, batchSize, table.schema());
  }

  private List<List<Object>> pages(
      Table table, FileScanTask task, int batchSize, Schema projection) {
    List<List<Object>> rows = new ArrayList<>();
    try (VectorSchemaRoot root =
            ArrowBatches.newRoot(projection, allocator, batchSize, new ArrayList<>());
        ParquetPages pages = ParquetPages.open(table.io(), task, projection, batchSize)) {
      assertThat(pages).isNotNull();
      while (pages.hasNext()) {
        int read = pages.next(root, null);
        assertThat(read).isPositive().isLessThanOrEqualTo(batchSize);
        rows.addAll(values(root));
      }
    }
    return rows;
  }

  private List<List<Object>> rowPath(Table table) {
    return rowPath(TimeTravel.read(table));
  }

  // The row path's values of a projection, selected by the names of its leaves.
  private List<List<Object>> rowPath(Table table, Schema projection) {
    return rowPath(
        TimeTravel.read(table)
            .select(
                TypeUtil.indexByName(projection.asStruct()).keySet().stream()
                    .filter(name -> projection.findType(name).isPrimitiveType())
                    .toList()));
  }

  private List<List<Object>> rowPath(Reader reader) {
    List<List<Object>> rows = new ArrayList<>();
    try (ArrowBatches slow = reader.vectorized(false).arrow(allocator)) {
      slow.forEach(batch -> rows.addAll(values(batch)));
    }
    return rows;
  }

  private String rowPathDigest(Table table) {
    try (ArrowBatches slow = TimeTravel.read(table).vectorized(false).arrow(allocator)) {
      slow.forEach(batch -> {});
      return slow.contentDigest();
    }
  }

  private static List<List<Object>> values(VectorSchemaRoot batch) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < batch.getRowCount(); i++) {
      List<Object> row = new ArrayList<>();
      for (FieldVector vector : batch.getFieldVectors()) {
        Object value = vector.getObject(i);
        row.add(value instanceof byte[] bytes ? Arrays.toString(bytes) : String.valueOf(value));
      }
      rows.add(row);
    }
    return rows;
  }

  private static List<BlockMetaData> rowGroups(Table table, FileScanTask task) {
    try (ParquetFileReader reader =
        ParquetFileReader.open(new ParquetInput(table.io().newInputFile(task.file())))) {
      return reader.getRowGroups();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<Encoding> encodings(Table table, FileScanTask task) {
    Set<Encoding> encodings = new HashSet<>();
    for (BlockMetaData group : rowGroups(table, task)) {
      for (ColumnChunkMetaData column : group.getColumns()) {
        encodings.addAll(column.getEncodings());
      }
    }
    return encodings;
  }
}

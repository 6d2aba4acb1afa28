package dev.floe.timetravel;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.BaseDVFileWriter;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Merge-on-read on Floe's Parquet page decoder: position and equality deletes hide exactly the rows
 * the row path hides, across batches, row groups and whole deleted batches.
 */
class PageFiltersTest {
  private static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "label", Types.StringType.get()),
          optional(3, "embedding", Types.ListType.ofOptional(4, Types.FloatType.get())),
          optional(
              5, "features", Types.StructType.of(optional(6, "score", Types.DoubleType.get()))));
  private static final int ROWS = 5000;

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Floe floe;
  private BufferAllocator allocator;
  private PageReads reads;

  @BeforeEach
  void open() {
    floe = temp.floe();
    allocator = temp.resource(BufferAllocator.class);
    reads = new PageReads(allocator);
  }

  @Test
  void positionAndEqualityDeletesHideTheRowPathsRows() throws IOException {
    Table table = table();
    DataFile data = PageReads.onlyTask(table).file();
    RowDelta delta = table.newRowDelta();
    OutputFileFactory files = OutputFileFactory.builderFor(table, 1, 2).build();
    // Scattered positions, and 1,500 in a row: whole batches of 400 disappear.
    PositionDeleteWriter<Record> positions =
        new GenericFileWriterFactory.Builder(table)
            .build()
            .newPositionDeleteWriter(files.newOutputFile(), table.spec(), null);
    try (positions) {
      for (long position = 0; position < ROWS; position++) {
        if (position % 7 == 3 || (position >= 2000 && position < 3500)) {
          positions.write(PositionDelete.<Record>create().set(data.location(), position));
        }
      }
    }
    delta.addDeletes(positions.toDeleteFile());
    // Equality deletes on a string column and on the id.
    delta.addDeletes(equalityDeletes(table, files, "label", List.of("l-4", "l-9")));
    delta.addDeletes(equalityDeletes(table, files, "id", List.of(0L, 1L, 4999L)));
    delta.commit();

    List<List<Object>> expected = reads.rowPath(table);
    assertThat(expected).hasSizeLessThan(ROWS - 1500).hasSizeGreaterThan(2000);
    try (ArrowBatches fast = TimeTravel.read(table).batchSize(400).arrow(allocator)) {
      List<List<Object>> rows = new ArrayList<>();
      fast.forEach(batch -> rows.addAll(PageReads.values(batch)));
      assertThat(fast.vectorizedFiles()).isEqualTo(1);
      assertThat(rows).isEqualTo(expected);
      assertThat(fast.contentDigest()).isEqualTo(reads.rowPathDigest(table));
    }

    // Without the equality columns projected, the file takes the row path, which reads them.
    try (ArrowBatches noKeys =
        TimeTravel.read(table).select("embedding", "features").arrow(allocator)) {
      List<List<Object>> rows = new ArrayList<>();
      noKeys.forEach(batch -> rows.addAll(PageReads.values(batch)));
      assertThat(noKeys.vectorizedFiles()).isZero();
      assertThat(rows).hasSize(expected.size());
    }
  }

  @Test
  void deletionVectorsOfFormatThreeHideTheirRows() throws IOException {
    Table table = table("db.dv", "3");
    DataFile data = PageReads.onlyTask(table).file();
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, 1, 3).format(FileFormat.PUFFIN).build();
    BaseDVFileWriter vectors = new BaseDVFileWriter(files, path -> null);
    try (vectors) {
      for (long position = 100; position < 4000; position += 3) {
        vectors.delete(data.location(), position, table.spec(), null);
      }
    }
    RowDelta delta = table.newRowDelta();
    vectors.result().deleteFiles().forEach(delta::addDeletes);
    delta.commit();

    List<List<Object>> expected = reads.rowPath(table);
    assertThat(expected).hasSize(ROWS - 1300);
    assertThat(reads.vectorizedDigest(table, 512, 1)).isEqualTo(reads.rowPathDigest(table));
  }

  @Test
  void residualFiltersAreCheckedOnVectorsWithTheRowPathsResult() throws IOException {
    Table table = table();
    List<Expression> filters =
        List.of(
            Expressions.and(
                Expressions.greaterThanOrEqual("id", 1000), Expressions.notEqual("label", "l-3")),
            Expressions.or(Expressions.isNull("label"), Expressions.lessThan("id", 50)),
            Expressions.in("label", "l-1", "l-7"),
            Expressions.notIn("label", "l-1", "l-7"),
            Expressions.startsWith("label", "l-2"));
    for (Expression filter : filters) {
      List<List<Object>> expected = rows(TimeTravel.read(table).filter(filter).vectorized(false));
      try (ArrowBatches fast =
          TimeTravel.read(table).filter(filter).batchSize(300).arrow(allocator)) {
        List<List<Object>> rows = new ArrayList<>();
        fast.forEach(batch -> rows.addAll(PageReads.values(batch)));
        assertThat(fast.vectorizedFiles()).as(filter.toString()).isEqualTo(1);
        assertThat(rows).as(filter.toString()).isNotEmpty().isEqualTo(expected);
      }
    }
    // A filter on a column the projection lacks, or on a nested field: the row path.
    for (Expression filter :
        List.of(Expressions.lessThan("id", 10), Expressions.greaterThan("features.score", 1.0))) {
      try (ArrowBatches rows =
          TimeTravel.read(table).select("label", "features").filter(filter).arrow(allocator)) {
        rows.forEach(batch -> {});
        assertThat(rows.vectorizedFiles()).as(filter.toString()).isZero();
      }
    }
  }

  @Test
  void splitPartsAreChosenOnVectorsAsOnTheRowPath() {
    Table table = table();
    for (Split split :
        List.of(new Split("id", 0.7, 0.2, 0.1, 5), new Split("label", 0.5, 0.25, 0.25, 9))) {
      int total = 0;
      for (Split.Part part : Split.Part.values()) {
        List<List<Object>> expected =
            rows(TimeTravel.read(table).split(split, part).vectorized(false));
        try (ArrowBatches fast = TimeTravel.read(table).split(split, part).arrow(allocator)) {
          List<List<Object>> rows = new ArrayList<>();
          fast.forEach(batch -> rows.addAll(PageReads.values(batch)));
          assertThat(fast.vectorizedFiles()).isEqualTo(1);
          assertThat(rows).as("%s %s", split, part).isNotEmpty().isEqualTo(expected);
          total += rows.size();
        }
      }
      assertThat(total).isEqualTo(ROWS);
    }
  }

  private List<List<Object>> rows(Reader reader) {
    List<List<Object>> rows = new ArrayList<>();
    try (ArrowBatches batches = reader.arrow(allocator)) {
      batches.forEach(batch -> rows.addAll(PageReads.values(batch)));
    }
    return rows;
  }

  private Table table() {
    return table("db.deletes", "2");
  }

  private Table table(String name, String formatVersion) {
    Table table =
        floe.tables()
            .createIfAbsent(
                name,
                SCHEMA,
                PartitionSpec.unpartitioned(),
                Map.of(
                    "format-version", formatVersion,
                    "write.parquet.row-group-size-bytes", "20000",
                    "write.parquet.row-group-check-min-record-count", "100"));
    List<Record> rows = new ArrayList<>();
    for (long id = 0; id < ROWS; id++) {
      Record row = GenericRecord.create(table.schema());
      row.setField("id", id);
      row.setField("label", id % 6 == 5 ? null : "l-" + (id % 10));
      row.setField("embedding", id % 8 == 1 ? null : List.of(id * 0.5f, -1f));
      Record features = GenericRecord.create(SCHEMA.findType("features").asStructType());
      features.setField("score", id % 3 == 0 ? null : id / 3.0);
      row.setField("features", id % 10 == 7 ? null : features);
      rows.add(row);
    }
    TestEvents.append(table, FileFormat.PARQUET, rows);
    assertThat(PageReads.rowGroups(table, PageReads.onlyTask(table))).hasSizeGreaterThan(1);
    return table;
  }

  private static <T> org.apache.iceberg.DeleteFile equalityDeletes(
      Table table, OutputFileFactory files, String column, List<T> values) throws IOException {
    Schema key = table.schema().select(column);
    EqualityDeleteWriter<Record> writer =
        new GenericFileWriterFactory.Builder(table)
            .equalityFieldIds(new int[] {table.schema().findField(column).fieldId()})
            .equalityDeleteRowSchema(key)
            .build()
            .newEqualityDeleteWriter(files.newOutputFile(), table.spec(), null);
    try (writer) {
      for (T value : values) {
        GenericRecord record = GenericRecord.create(key);
        record.setField(column, value);
        writer.write(record);
      }
    }
    return writer.toDeleteFile();
  }
}

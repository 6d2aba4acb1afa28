package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.OutputFileFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Merge-on-read: rows hidden by position and equality delete files never come back. */
class DeleteFilesTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Floe floe;
  private Table table;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = TestEvents.create(floe);
    allocator = temp.resource(BufferAllocator.class);
  }

  @Test
  void positionAndEqualityDeletesHideRowsOnEveryPath() throws IOException {
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 30));
    TestEvents.append(table, FileFormat.ORC, TestEvents.rows(table, 30, 50));
    List<FileScanTask> tasks = new ArrayList<>();
    try (CloseableIterable<FileScanTask> planned = table.newScan().planFiles()) {
      planned.forEach(tasks::add);
    }
    DataFile parquet =
        tasks.stream()
            .map(FileScanTask::file)
            .filter(f -> f.format() == FileFormat.PARQUET)
            .findFirst()
            .orElseThrow();
    GenericFileWriterFactory positions = new GenericFileWriterFactory.Builder(table).build();
    OutputFileFactory files = OutputFileFactory.builderFor(table, 1, 2).build();
    PositionDeleteWriter<Record> posWriter =
        positions.newPositionDeleteWriter(
            files.newOutputFile(table.spec(), parquet.partition()),
            table.spec(),
            parquet.partition());
    try (posWriter) {
      posWriter.write(PositionDelete.<Record>create().set(parquet.location(), 0));
      posWriter.write(PositionDelete.<Record>create().set(parquet.location(), 2));
    }
    // Equality deletes by id, in the unpartitioned sense: one file per partition of the rows.
    Schema idOnly = table.schema().select("id");
    GenericFileWriterFactory equality =
        new GenericFileWriterFactory.Builder(table)
            .equalityFieldIds(new int[] {table.schema().findField("id").fieldId()})
            .equalityDeleteRowSchema(idOnly)
            .build();
    RowDelta delta = table.newRowDelta().addDeletes(posWriter.toDeleteFile());
    for (DataFile file : tasks.stream().map(FileScanTask::file).toList()) {
      EqualityDeleteWriter<Record> eqWriter =
          equality.newEqualityDeleteWriter(
              files.newOutputFile(table.spec(), file.partition()), table.spec(), file.partition());
      try (eqWriter) {
        for (long id : new long[] {7, 35, 36}) {
          GenericRecord key = GenericRecord.create(idOnly);
          key.setField("id", id);
          eqWriter.write(key);
        }
      }
      delta.addDeletes(eqWriter.toDeleteFile());
    }
    delta.commit();
    List<Long> positionDeleted = firstIdsAt(parquet, 0, 2);

    List<Long> expected = new ArrayList<>(LongStream.range(0, 50).boxed().toList());
    expected.removeAll(List.of(7L, 35L, 36L));
    expected.removeAll(positionDeleted);
    assertThat(expected).hasSize(45);
    for (boolean vectorized : List.of(true, false)) {
      try (ArrowBatches batches =
          TimeTravel.read(table).select("id", "label").vectorized(vectorized).arrow(allocator)) {
        assertThat(batches.schema().getFields()).hasSize(2);
        assertThat(ArrowRows.drain(batches).stream().map(row -> (Long) row.get(0)))
            .containsExactlyElementsOf(expected);
      }
    }
    List<Long> fromRecords = new ArrayList<>();
    try (CloseableIterable<Record> rows = TimeTravel.read(table).select("label").records()) {
      rows.forEach(row -> fromRecords.add((long) row.size()));
    }
    assertThat(fromRecords).hasSize(45).containsOnly(1L);

    // A lock over merge-on-read data fingerprints the delete files too.
    TrainingLock lock = TimeTravel.pin(floe, TestEvents.NAME).select("id", "label").commit();
    assertThat(TimeTravel.verify(floe, lock).ok()).isTrue();
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, lock).arrow(allocator)) {
      assertThat(ArrowRows.drain(batches).stream().map(row -> (Long) row.get(0)))
          .containsExactlyElementsOf(expected); // and the digest checked when drained
    }
    table.io().deleteFile(posWriter.toDeleteFile().location());
    assertThat(TimeTravel.verify(floe, lock).problems())
        .anySatisfy(
            problem ->
                assertThat(problem)
                    .startsWith("missing delete file")
                    .contains(posWriter.toDeleteFile().location()));
  }

  // The ids at these row positions of a data file, in file order.
  private List<Long> firstIdsAt(DataFile file, int... positions) {
    List<Long> ids = rowsOf(file);
    List<Long> result = new ArrayList<>();
    for (int position : positions) {
      result.add(ids.get(position));
    }
    return result;
  }

  private List<Long> rowsOf(DataFile file) {
    List<Long> ids = new ArrayList<>();
    try (CloseableIterable<Record> rows =
        org.apache.iceberg.parquet.Parquet.read(table.io().newInputFile(file.location()))
            .project(table.schema().select("id"))
            .createReaderFunc(
                fileSchema ->
                    org.apache.iceberg.data.parquet.GenericParquetReaders.buildReader(
                        table.schema().select("id"), fileSchema))
            .build()) {
      rows.forEach(row -> ids.add((Long) row.getField("id")));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return ids;
  }
}

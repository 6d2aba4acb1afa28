package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.formats.ReadBuilder;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ParquetExportTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  @TempDir Path out;
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = TestEvents.create(floe);
  }

  @Test
  void exportsPinnedRowsAsParquetInRehydrationOrder() throws IOException {
    List<Record> rows = TestEvents.rows(table, 0, 40);
    TestEvents.append(table, FileFormat.ORC, rows);
    TrainingLock lock =
        TimeTravel.pin(floe, TestEvents.NAME)
            .select("id", "label", "embedding")
            .shuffle(3)
            .commit();
    Path file = out.resolve("export/events.parquet");

    long written = TimeTravel.rehydrate(floe, lock).writeParquet(file);

    assertThat(written).isEqualTo(40);
    ReadBuilder<Record, ?> builder =
        FormatModelRegistry.readBuilder(
            FileFormat.PARQUET, Record.class, org.apache.iceberg.Files.localInput(file.toFile()));
    Table pinned = table;
    builder.project(pinned.schema().select("id", "label", "embedding"));
    List<Record> back = new ArrayList<>();
    try (CloseableIterable<Record> records = builder.build()) {
      records.forEach(record -> back.add(record.copy()));
    }
    // In the lock's shuffled order, as a rehydration hands it out.
    try (org.apache.arrow.memory.BufferAllocator allocator =
            new org.apache.arrow.memory.RootAllocator();
        ArrowBatches batches = TimeTravel.rehydrate(floe, lock).arrow(allocator)) {
      List<Long> ids = new ArrayList<>();
      for (org.apache.arrow.vector.VectorSchemaRoot batch : batches) {
        for (int i = 0; i < batch.getRowCount(); i++) {
          ids.add(((org.apache.arrow.vector.BigIntVector) batch.getVector("id")).get(i));
        }
      }
      assertThat(TestEvents.ids(back)).isEqualTo(ids);
    }
    assertThat(ArrowRows.expected(back, "id", "label", "embedding"))
        .isEqualTo(ArrowRows.expected(rows, "id", "label", "embedding"));
    // Written again over the old file: replaced, same content.
    assertThat(TimeTravel.rehydrate(floe, lock).writeParquet(file)).isEqualTo(40);
  }

  @Test
  void tellsProgressAsRowsAreWritten() {
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 20_000));
    TrainingLock lock = TimeTravel.pin(floe, TestEvents.NAME).select("id").commit();
    List<Long> told = new ArrayList<>();

    long written =
        TimeTravel.rehydrate(floe, lock)
            .onRowsWritten(told::add)
            .writeParquet(out.resolve("p.parquet"));

    assertThat(written).isEqualTo(20_000);
    assertThat(told).hasSizeGreaterThan(2);
    assertThat(told.stream().mapToLong(Long::longValue).sum()).isEqualTo(20_000);
  }
}

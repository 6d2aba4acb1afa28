package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import dev.floe.catalog.testing.TempWarehouse;
import java.util.List;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TableWriterBuilderTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = Events.create(floe);
  }

  @Test
  void requiresProducerId() {
    assertThatThrownBy(() -> TableWriter.forTable(table).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Missing producer id");
    assertThatThrownBy(() -> TableWriter.forTable(table).producerId(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid producer id: must not be empty");
  }

  @Test
  void rejectsFormatsOtherThanParquetAndOrc() {
    assertThatThrownBy(() -> TableWriter.forTable(table).format(FileFormat.AVRO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unsupported file format: AVRO (use PARQUET or ORC)");
  }

  @Test
  void rejectsNonPositiveTargetFileSize() {
    assertThatThrownBy(() -> TableWriter.forTable(table).targetFileSizeBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid target file size: 0 (must be > 0 bytes)");
  }

  @Test
  void writerOfAResolvedBranchAppendsThereAndLeavesMainUnchanged() {
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      writer.append(Events.batch(0, 0, 1));
    }
    table.refresh();
    long main = table.currentSnapshot().snapshotId();
    floe.experiments().create("exp-1").tables("ml.events").commit();
    ResolvedTable onBranch = floe.tables().resolve("ml.events@exp-1");

    try (TableWriter writer = TableWriter.forTable(onBranch).producerId("p").build()) {
      writer.append(Events.batch(1, 10, 3));
    }

    table.refresh();
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(main);
    assertThat(table.snapshot("exp-1").summary()).containsEntry("total-records", "4");
  }

  @Test
  void writerOfAResolvedTagIsRefused() {
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      writer.append(Events.batch(0, 0, 1));
    }
    table.refresh();
    floe.experiments().tag("ml.events", "v1", table.currentSnapshot().snapshotId());

    assertThatThrownBy(() -> TableWriter.forTable(floe.tables().resolve("ml.events@v1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot write to ml.events@v1: 'v1' is a tag, which is read-only; write to a branch"
                + " (e.g. ml.events@<branch>)");
  }

  @Test
  void rejectsTagsAndBlankBranches() {
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      writer.append(Events.batch(0, 0, 1));
    }
    table.refresh();
    table.manageSnapshots().createTag("v1", table.currentSnapshot().snapshotId()).commit();

    assertThatThrownBy(() -> TableWriter.forTable(table).toBranch("v1").producerId("p").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot write to v1 of table")
        .hasMessageContaining("it is a tag, not a branch");
    assertThatThrownBy(() -> TableWriter.forTable(table).toBranch(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid branch: must not be empty");
  }

  @Test
  void rejectsInvalidBatches() {
    assertThatThrownBy(() -> Batch.of(-1, Events.SCHEMA, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid batch sequence: -1 (must be >= 0)");
    assertThatThrownBy(() -> Batch.of(4, null, List.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("schema");
    assertThatThrownBy(() -> Batch.ofRows(5, List.of()).forProducer(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid producer id of batch 5: must not be empty");
  }

  @Test
  void closedWriterRejectsAppends() {
    TableWriter writer = TableWriter.forTable(table).producerId("p").build();
    writer.close();
    assertThatThrownBy(() -> writer.append(Events.batch(0, 0, 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot append batch 0: writer of p is closed");
  }

  @Test
  void emptyBatchIsCommittedAndRemembered() {
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      AppendResult result = writer.append(Batch.of(0, Events.SCHEMA, List.of()));
      assertThat(result.files()).isZero();
      assertThat(result.snapshotId()).isNotNull();
      assertThat(writer.append(Batch.of(0, Events.SCHEMA, List.of())).duplicate()).isTrue();
    }
  }
}

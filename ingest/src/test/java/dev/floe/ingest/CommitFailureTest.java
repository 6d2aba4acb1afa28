package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.ingest.FailingOperations.Failure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CommitFailureTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Path warehouse;
  private Floe floe;
  private Table table;
  private FailingOperations ops;
  private Table failing;

  @BeforeEach
  void open() {
    warehouse = temp.path();
    floe = temp.floe();
    table = Events.create(floe);
    // No retries inside Iceberg's commit: every injected failure reaches the writer.
    table.updateProperties().set(TableProperties.COMMIT_NUM_RETRIES, "0").commit();
    ops = FailingOperations.wrap(table);
    failing = ops.table(table.name());
  }

  @Test
  void retriesConflictingCommitWithoutDuplicatingBatch() throws IOException {
    try (TableWriter writer = TableWriter.forTable(failing).producerId("p").build()) {
      ops.failNext(2, Failure.CONFLICT);
      AppendResult result = writer.append(Events.batch(0, 0, 10));

      assertThat(result.duplicate()).isFalse();
      assertThat(writer.metrics().retries()).isEqualTo(2);
      assertThat(writer.metrics().commits()).isEqualTo(1);
    }
    assertThat(Events.ids(Events.read(table))).hasSize(10).doesNotHaveDuplicates();
    // Files of the failed attempts were deleted, not left as orphans.
    assertThat(dataFilesOnDisk()).isEqualTo(sizeOfCurrentFiles());
  }

  @Test
  void retriesConflictingSchemaEvolution() {
    Schema wider =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "country", Types.StringType.get()));
    GenericRecord row = GenericRecord.create(wider);
    row.setField("id", 1L);
    row.setField("country", "NL");
    try (TableWriter writer =
        TableWriter.forTable(failing)
            .producerId("p")
            .evolution(EvolutionPolicy.ADD_COLUMNS)
            .build()) {
      ops.failNext(1, Failure.CONFLICT);
      AppendResult result = writer.append(Batch.of(0, wider, List.of(row)));
      assertThat(result.schemaEvolved()).isTrue();
      assertThat(writer.metrics().retries()).isEqualTo(1);
    }
    assertThat(Events.read(table)).extracting(r -> r.getField("country")).containsExactly("NL");
  }

  @Test
  void givesUpAfterTheConfiguredCommitAttemptsAndLeavesNoFiles() throws IOException {
    fewQuickAttempts(table);
    try (TableWriter writer = TableWriter.forTable(failing).producerId("p").build()) {
      ops.failNext(3, Failure.CONFLICT);
      assertThatThrownBy(() -> writer.append(Events.batch(0, 0, 10)))
          .isInstanceOf(CommitFailedException.class)
          .hasMessageContaining("Cannot commit batch 0 of producer p after 3 attempts");
      assertThat(writer.metrics().retries()).isEqualTo(2);
      assertThat(dataFilesOnDisk()).isZero();

      assertThat(writer.append(Events.batch(0, 0, 10)).duplicate()).isFalse();
    }
    assertThat(Events.ids(Events.read(table))).hasSize(10).doesNotHaveDuplicates();
  }

  /** Three attempts, a millisecond apart: the writer's retry settings are the table's. */
  static void fewQuickAttempts(Table table) {
    table
        .updateProperties()
        .set(IngestProperties.COMMIT_ATTEMPTS, "3")
        .set(IngestProperties.COMMIT_BACKOFF_MIN_MS, "1")
        .set(IngestProperties.COMMIT_BACKOFF_MAX_MS, "1")
        .commit();
  }

  @Test
  void unknownCommitStateThatLandedIsReportedCommitted() {
    try (TableWriter writer = TableWriter.forTable(failing).producerId("p").build()) {
      ops.failNext(1, Failure.UNKNOWN_BUT_LANDED);
      AppendResult result = writer.append(Events.batch(0, 0, 10));

      assertThat(result.duplicate()).isFalse();
      table.refresh();
      assertThat(result.snapshotId()).isEqualTo(table.currentSnapshot().snapshotId());
      assertThat(writer.append(Events.batch(0, 0, 10)).duplicate()).isTrue();
    }
    assertThat(Events.read(table)).hasSize(10);
  }

  @Test
  void unknownCommitStateThatDidNotLandIsRethrownAndSafeToRetry() {
    try (TableWriter writer = TableWriter.forTable(failing).producerId("p").build()) {
      ops.failNext(1, Failure.UNKNOWN_NOT_LANDED);
      assertThatThrownBy(() -> writer.append(Events.batch(0, 0, 10)))
          .isInstanceOf(CommitStateUnknownException.class)
          .hasMessageContaining("Cannot tell whether batch 0 of producer p reached branch main")
          .hasMessageContaining("Appending the same batch again is safe");
      assertThat(writer.metrics().retries()).isZero();

      assertThat(writer.append(Events.batch(0, 0, 10)).duplicate()).isFalse();
    }
    assertThat(Events.read(table)).hasSize(10);
  }

  private long dataFilesOnDisk() throws IOException {
    try (Stream<Path> paths = Files.walk(warehouse)) {
      return paths.filter(p -> p.toString().contains("/data/") && Files.isRegularFile(p)).count();
    }
  }

  private long sizeOfCurrentFiles() {
    table.refresh();
    return Long.parseLong(table.currentSnapshot().summary().get("total-data-files"));
  }
}

package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.ingest.FailingOperations.Failure;
import java.time.Duration;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Group commit's conflicts go through the writer's one retry; an unknown outcome is looked up. */
class GroupCommitFailureTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;
  private Table table;
  private FailingOperations ops;
  private Table failing;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = Events.create(floe);
    // No retries inside Iceberg's commit: every injected failure reaches the writer.
    table.updateProperties().set(TableProperties.COMMIT_NUM_RETRIES, "0").commit();
    CommitFailureTest.fewQuickAttempts(table);
    ops = FailingOperations.wrap(table);
    failing = ops.table(table.name());
  }

  @Test
  void retriesConflictingGroupCommit() {
    try (TableWriter writer = groupWriter()) {
      ops.failNext(2, Failure.CONFLICT);
      assertThat(writer.append(Events.batch(0, 0, 10)).duplicate()).isFalse();
      assertThat(writer.metrics().retries()).isEqualTo(2);
    }
    assertThat(Events.ids(Events.read(table))).hasSize(10).doesNotHaveDuplicates();
  }

  @Test
  void givesUpOnAGroupAfterTheConfiguredCommitAttempts() {
    try (TableWriter writer = groupWriter()) {
      ops.failNext(3, Failure.CONFLICT);
      assertThatThrownBy(() -> writer.append(Events.batch(0, 0, 10)))
          .isInstanceOf(CommitFailedException.class)
          .hasMessageContaining("Cannot commit a group of 1 batches after 3 attempts");
      assertThat(writer.metrics().retries()).isEqualTo(2);

      assertThat(writer.append(Events.batch(0, 0, 10)).duplicate()).isFalse();
    }
    assertThat(Events.read(table)).hasSize(10);
  }

  @Test
  void unknownGroupCommitThatLandedIsReportedCommittedWithoutRetry() {
    try (TableWriter writer = groupWriter()) {
      ops.failNext(1, Failure.UNKNOWN_BUT_LANDED);
      AppendResult result = writer.append(Events.batch(0, 0, 10));

      assertThat(result.duplicate()).isFalse();
      table.refresh();
      assertThat(result.snapshotId()).isEqualTo(table.currentSnapshot().snapshotId());
      assertThat(writer.metrics().retries()).isZero();
      assertThat(writer.append(Events.batch(0, 0, 10)).duplicate()).isTrue();
    }
    assertThat(Events.read(table)).hasSize(10);
  }

  @Test
  void unknownGroupCommitThatDidNotLandIsRethrownNotRetried() {
    try (TableWriter writer = groupWriter()) {
      ops.failNext(1, Failure.UNKNOWN_NOT_LANDED);
      assertThatThrownBy(() -> writer.append(Events.batch(0, 0, 10)))
          .isInstanceOf(CommitStateUnknownException.class)
          .hasMessageContaining("Cannot tell whether batch 0 of producer p was committed")
          .hasMessageContaining("Appending the same batch again is safe");
      assertThat(writer.metrics().retries()).isZero();

      assertThat(writer.append(Events.batch(0, 0, 10)).duplicate()).isFalse();
    }
    assertThat(Events.read(table)).hasSize(10);
  }

  private TableWriter groupWriter() {
    return TableWriter.forTable(failing).producerId("p").groupCommit(Duration.ZERO, 1).build();
  }
}

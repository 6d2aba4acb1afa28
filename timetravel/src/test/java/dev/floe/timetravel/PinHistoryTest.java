package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.TempWarehouse;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A snapshot pinned by id is labelled with the ref the pin names, so it must be in that ref's
 * history: else the lock would claim rows the branch never held. Refused pins create no tag.
 */
class PinHistoryTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;
  private Table table;
  private long shared;
  private long onMain;
  private long onBranch;

  @BeforeEach
  void branchOff() {
    floe = temp.floe();
    table = TestEvents.create(floe);
    shared = TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 3));
    table.manageSnapshots().createBranch("exp", shared).commit();
    onMain = TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 3, 6));
    onBranch = GenericData.append(table, "exp", FileFormat.PARQUET, TestEvents.rows(table, 6, 9));
  }

  @Test
  void pinsASnapshotOfTheRefsHistoryUnderThatRef() {
    TrainingLock lock = TimeTravel.pin(floe, TestEvents.NAME + "@exp").snapshot(shared).commit();

    assertThat(lock.ref()).isEqualTo("exp");
    assertThat(lock.snapshotId()).isEqualTo(shared);
    assertThat(lock.records()).isEqualTo(3);
    assertThat(TimeTravel.pin(floe, TestEvents.NAME).snapshot(onMain).commit().ref())
        .isEqualTo("main");
  }

  @Test
  void refusesASnapshotOfAnotherBranchNamingTheRefsThatHoldIt() {
    assertThatThrownBy(
            () -> TimeTravel.pin(floe, TestEvents.NAME + "@exp").snapshot(onMain).commit())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("snapshot " + onMain)
        .hasMessageContaining("not in the history of exp")
        .hasMessageContaining("pin db.events@main --snapshot " + onMain);
    assertThatThrownBy(() -> TimeTravel.pin(floe, TestEvents.NAME).snapshot(onBranch).commit())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not in the history of main")
        .hasMessageContaining("pin db.events@exp --snapshot " + onBranch);
    table.refresh();
    assertThat(table.refs()).containsOnlyKeys("main", "exp");
  }

  @Test
  void refusesASnapshotNoRefHoldsUntilItIsTagged() {
    table.manageSnapshots().rollbackTo(shared).commit();
    table.manageSnapshots().removeBranch("exp").commit();

    assertThatThrownBy(() -> TimeTravel.pin(floe, TestEvents.NAME).snapshot(onMain).commit())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no branch or tag holds it")
        .hasMessageContaining("floe tag db.events TAG --snapshot " + onMain);
    table.manageSnapshots().createTag("rolled-back", onMain).commit();

    TrainingLock lock =
        TimeTravel.pin(floe, TestEvents.NAME + "@rolled-back").snapshot(onMain).commit();
    assertThat(lock.ref()).isEqualTo("rolled-back");
    assertThat(lock.records()).isEqualTo(6);
  }
}

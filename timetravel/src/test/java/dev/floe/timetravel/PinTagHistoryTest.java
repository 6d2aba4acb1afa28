package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tag names one snapshot and never moved: a lock that names a tag must pin that very snapshot,
 * not an ancestor of it (the tag never held those rows; a lock naming it would claim its data).
 */
class PinTagHistoryTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;
  private Table table;
  private long first;
  private long tagged;

  @BeforeEach
  void tag() {
    floe = temp.floe();
    table = TestEvents.create(floe);
    first = TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 3));
    tagged = TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 3, 6));
    table.manageSnapshots().createTag("v2", tagged).commit();
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 6, 9));
  }

  @Test
  void refusesAnAncestorOfATagsSnapshotNamingTheBranchThatHoldsIt() {
    assertThatThrownBy(() -> TimeTravel.pin(floe, TestEvents.NAME + "@v2").snapshot(first).commit())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not in the history of v2")
        .hasMessageContaining(
            "it is in the history of main: pin db.events@main --snapshot " + first);
    table.refresh();
    assertThat(table.refs()).containsOnlyKeys("main", "v2");
  }

  @Test
  void pinsATagsOwnSnapshotAndItsAncestorsOnBranches() {
    TrainingLock atTag = TimeTravel.pin(floe, TestEvents.NAME + "@v2").snapshot(tagged).commit();
    assertThat(atTag.ref()).isEqualTo("v2");
    assertThat(atTag.records()).isEqualTo(6);
    TrainingLock onMain = TimeTravel.pin(floe, TestEvents.NAME).snapshot(first).commit();
    assertThat(onMain.ref()).isEqualTo("main");
    assertThat(onMain.records()).isEqualTo(3);
  }
}

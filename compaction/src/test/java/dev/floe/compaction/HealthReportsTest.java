package dev.floe.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.compaction.health.HealthReport;
import dev.floe.compaction.health.HealthReport.RefBytes;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Compaction.health: a table's figures from its metadata, per ref. */
class HealthReportsTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  @TempDir Path cold;
  private Table table;

  @BeforeEach
  void open() {
    table = Events.create(temp.floe(), "ml.events", FileFormat.PARQUET);
  }

  @Test
  void tableWithoutSnapshotsHasAnEmptyReport() {
    HealthReport r = Compaction.health(table).get();

    assertThat(r.snapshotId()).isNull();
    assertThat(r.files()).isZero();
    assertThat(r.snapshots()).isEmpty();
    assertThat(r.refs()).isEmpty();
  }

  @Test
  void refsCountOnlyTheBytesNoOtherRefHasLive() {
    long next = Events.append(table, "main", 0, 10, "a", "b");
    long base = table.currentSnapshot().snapshotId();
    table.manageSnapshots().createTag("floe-pin-" + base, base).commit();
    table.manageSnapshots().createBranch("exp", base).commit();
    next = Events.append(table, "exp", next, 10, "a");
    Events.append(table, "main", next, 10, "c");
    table.refresh();

    HealthReport r = Compaction.health(table).get();

    Map<String, RefBytes> refs =
        r.refs().stream().collect(Collectors.toMap(RefBytes::name, x -> x));
    assertThat(refs.get("exp").exclusiveBytes()).isEqualTo(added(table, "exp"));
    assertThat(refs.get("main").exclusiveBytes()).isEqualTo(added(table, "main"));
    assertThat(refs.get("floe-pin-" + base).pinned()).isTrue();
    assertThat(refs.get("floe-pin-" + base).exclusiveBytes()).isZero();
    assertThat(refs.get("floe-pin-" + base).files()).isEqualTo(2);
    assertThat(r.partitions()).extracting(HealthReport.PartitionFiles::files).containsOnly(1L);
    assertThat(r.partitions()).hasSize(3);
    assertThat(r.smallFiles()).isEqualTo(3);
  }

  @Test
  void seriesKeepsTheNewestSnapshotsAndSaysHowManyThereAre() {
    long next = 0;
    for (int i = 0; i < 4; i++) {
      next = Events.append(table, "main", next, 5, "a");
    }
    table.refresh();

    HealthReport r = Compaction.health(table).maxSnapshots(3).get();

    assertThat(r.snapshotsTotal()).isEqualTo(4);
    assertThat(r.snapshotsShown()).isEqualTo(3);
    assertThat(r.snapshots().get(2).snapshotId()).isEqualTo(table.currentSnapshot().snapshotId());
    assertThat(r.snapshots().get(0).dataFiles()).isEqualTo(2);
    assertThat(r.snapshots().get(2).rows()).isEqualTo(20);
  }

  @Test
  void tiersSplitHotAndColdByTheColdLocation() {
    Events.append(table, "main", 0, 5, "a", "b");
    table.refresh();

    HealthReport r = Compaction.health(table).coldLocation(cold.toUri().toString()).get();

    assertThat(r.tiers().report().hotFiles()).isEqualTo(2);
    assertThat(r.tiers().report().coldFiles()).isZero();
    assertThat(r.tiers().coldLocation()).isEqualTo(cold.toUri().toString());
  }

  @Test
  void unknownRefFailsNamingTheRefsThereAre() {
    Events.append(table, "main", 0, 5, "a");
    table.refresh();

    assertThatThrownBy(() -> Compaction.health(table).ref("nope").get())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no branch or tag 'nope'")
        .hasMessageContaining("main");
  }

  private static long added(Table table, String ref) {
    long bytes = 0;
    for (DataFile f : table.snapshot(ref).addedDataFiles(table.io())) {
      bytes += f.fileSizeInBytes();
    }
    return bytes;
  }
}

package dev.floe.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How many commits a run makes: one by default (manifests written once), up to a bound with partial
 * progress; a failed commit lands nothing, and a concurrent delete names the group it hit.
 */
class RunCommitsTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = Events.create(floe, "ml.events", FileFormat.PARQUET);
  }

  private long fill(long firstId, int appends, String... categories) {
    long id = firstId;
    for (int i = 0; i < appends; i++) {
      id = Events.append(table, "main", id, 50, categories);
    }
    return id;
  }

  private List<Snapshot> snapshotsOfRun(long after) {
    List<Snapshot> run = new ArrayList<>();
    table.refresh();
    for (Snapshot s : table.snapshots()) {
      if (s.snapshotId() != after && s.summary().containsKey(CompactionProperties.RUN_ID_SUMMARY)) {
        run.add(s);
      }
    }
    return run;
  }

  @Test
  void commitsEveryGroupOfARunInOneSnapshot() {
    fill(0, 4, "a", "b", "c");
    long head = table.currentSnapshot().snapshotId();

    CompactionResult result = Compaction.binPack(table).parallelism(2).commit();

    assertThat(result.groups()).isEqualTo(3);
    assertThat(result.commits()).isEqualTo(1);
    assertThat(result.manifestsWritten()).isPositive();
    assertThat(result.complete()).isTrue();
    assertThat(snapshotsOfRun(head)).hasSize(1);
    assertThat(result.snapshotId()).isEqualTo(table.currentSnapshot().snapshotId());
    assertThat(Events.files(table, "main")).hasSize(3);
    assertThat(Events.ids(table, "main")).isEqualTo(range(0, 600));
  }

  @Test
  void partialProgressCommitsInAtMostMaxCommitsSnapshots() {
    fill(0, 3, "a", "b", "c", "d", "e");
    long head = table.currentSnapshot().snapshotId();

    CompactionResult result = Compaction.binPack(table).partialProgress(2).commit();

    assertThat(result.groups()).isEqualTo(5);
    assertThat(result.commits()).isEqualTo(2);
    assertThat(snapshotsOfRun(head)).hasSize(2);
    assertThat(result.snapshotId()).isEqualTo(table.currentSnapshot().snapshotId());
    assertThat(Events.files(table, "main")).hasSize(5);
    assertThat(Events.ids(table, "main")).isEqualTo(range(0, 750));
  }

  @Test
  void partialProgressComesFromTablePropertiesAndRejectsZeroCommits() {
    fill(0, 3, "a", "b", "c", "d");
    table
        .updateProperties()
        .set(CompactionProperties.PARTIAL_PROGRESS_ENABLED, "true")
        .set(CompactionProperties.PARTIAL_PROGRESS_MAX_COMMITS, "2")
        .commit();

    assertThat(Compaction.binPack(table).commit().commits()).isEqualTo(2);
    assertThatThrownBy(() -> Compaction.binPack(table).partialProgress(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid max commits: 0");
  }

  @Test
  void oneCommitWritesFewerManifestsThanACommitPerGroup() {
    fill(0, 10, "a", "b", "c", "d", "e");
    Table other = Events.create(floe, "ml.other", FileFormat.PARQUET);
    for (long id = 0; id < 2500; ) {
      id = Events.append(other, "main", id, 50, "a", "b", "c", "d", "e");
    }

    CompactionResult once = Compaction.binPack(table).commit();
    CompactionResult perGroup = Compaction.binPack(other).partialProgress(5).commit();

    assertThat(once.commits()).isEqualTo(1);
    assertThat(perGroup.commits()).isEqualTo(5);
    // Each commit rewrites every ingest manifest that lists one of its files (all ten here).
    assertThat(once.manifestsWritten()).isLessThan(perGroup.manifestsWritten());
    assertThat(Events.ids(table, "main")).isEqualTo(range(0, 2500));
    assertThat(Events.ids(other, "main")).isEqualTo(range(0, 2500));
  }

  @Test
  void aFailedCommitLandsNothingAndLeavesNoFiles() {
    fill(0, 4, "a", "b", "c");
    long head = table.currentSnapshot().snapshotId();

    CompactionResult result =
        Compaction.binPack(table)
            .parallelism(2)
            .beforeCommit(
                () -> {
                  throw new IllegalStateException("injected failure");
                })
            .commit();

    assertThat(result.changed()).isFalse();
    assertThat(result.commits()).isZero();
    assertThat(result.failures()).hasSize(3);
    assertThat(result.failures().get(0).cause()).hasMessageContaining("injected");
    table.refresh();
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(head);
    assertThat(Events.files(table, "main")).hasSize(12);
    assertThat(Compaction.removeOrphans(table).olderThan(Duration.ZERO).plan()).isEmpty();
  }

  @Test
  void concurrentDeleteOfARewrittenFileFailsItsGroupByName() {
    fill(0, 4, "a", "b", "c");
    long head = table.currentSnapshot().snapshotId();
    DataFile victim =
        Events.files(table, "main").stream()
            .filter(f -> "b".equals(f.partition().get(0, String.class)))
            .findFirst()
            .orElseThrow();

    CompactionResult result =
        Compaction.binPack(table)
            .beforeCommit(
                () -> floe.tables().load("ml.events").newDelete().deleteFile(victim).commit())
            .commit();

    assertThat(result.changed()).isFalse();
    assertThat(result.failures()).hasSize(1);
    assertThat(result.failures().get(0).partition()).isEqualTo("category=b");
    assertThat(result.failures().get(0).cause()).hasMessageContaining(victim.location());
    assertThat(result.skippedGroups()).isEqualTo(2);
    table.refresh();
    assertThat(table.currentSnapshot().parentId()).isEqualTo(head);
    assertThat(Events.files(table, "main")).hasSize(11);
    assertThat(Compaction.binPack(table).commit().complete()).isTrue();
    assertThat(Events.files(table, "main")).hasSize(3);
  }

  private static List<Long> range(long from, long to) {
    return LongStream.range(from, to).boxed().toList();
  }
}

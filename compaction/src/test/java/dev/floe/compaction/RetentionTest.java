package dev.floe.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.PinnedSnapshotException;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.catalog.testing.WallClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RetentionTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = Events.create(floe, "ml.events", FileFormat.PARQUET);
  }

  /** Expires everything that no ref or minimum keeps: the cutoff is just after the last commit. */
  private Retention expireAll() {
    return Compaction.expireSnapshots(table)
        .maxSnapshotAge(Duration.ZERO)
        .now(Instant.now().plusSeconds(1));
  }

  private void deleteAll(List<DataFile> files) {
    DeleteFiles delete = table.newDelete();
    files.forEach(delete::deleteFile);
    delete.commit();
  }

  private boolean exists(DataFile file) {
    return table.io().newInputFile(file.location()).exists();
  }

  @Test
  void expireOfAGcDisabledTableNamesNessieCollectionInsteadOfIcebergsError() {
    Events.append(table, "main", 0, 50, "a");
    table.updateProperties().set("gc.enabled", "false").commit();

    assertThatThrownBy(() -> expireAll().commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Cannot expire snapshots of")
        .hasMessageContaining("gc.enabled is false")
        .hasMessageContaining("Compaction.removeNessieOrphans (floe orphans in nessie mode)");
  }

  @Test
  void expireRemovesOldSnapshotsAndTheirFiles() {
    Events.append(table, "main", 0, 50, "a", "b");
    List<DataFile> first = Events.files(table, "main");
    Events.append(table, "main", 100, 50, "a", "b");
    deleteAll(first);
    // Iceberg frees a deleted file once the snapshot that deleted it expires too.
    Events.append(table, "main", 200, 50, "a", "b");

    RetentionResult result = expireAll().commit();

    assertThat(result.expiredSnapshots()).isEqualTo(3);
    assertThat(result.deletedDataFiles()).isEqualTo(2);
    // Three manifest lists, and at least the manifest that listed the deleted files.
    assertThat(result.deletedManifestFiles()).isGreaterThanOrEqualTo(4);
    assertThat(result.keptPinnedSnapshots()).isZero();
    assertThat(first).noneMatch(this::exists);
    assertThat(Events.files(table, "main")).hasSize(4).allMatch(this::exists);
    assertThat(table.snapshots()).hasSize(1);
    assertThat(Events.ids(table, "main")).isEqualTo(LongStream.range(100, 300).boxed().toList());
  }

  @Test
  void expireAfterCompactionLeavesNoUnreachableDataFile() {
    for (long id = 0; id < 400; ) {
      id = Events.append(table, "main", id, 50, "a", "b");
    }
    List<DataFile> ingested = Events.files(table, "main");
    assertThat(Compaction.binPack(table).commit().commits()).isEqualTo(1);

    RetentionResult result = expireAll().commit();

    // The compaction snapshot is the one kept, yet its input files go: nothing reads them.
    assertThat(ingested).hasSize(8).noneMatch(this::exists);
    assertThat(result.deletedDataFiles()).isEqualTo(8);
    assertThat(result.keptHistoryFiles()).isZero();
    assertThat(result.keptPinnedFiles()).isZero();
    assertThat(Compaction.removeOrphans(table).olderThan(Duration.ZERO).plan()).isEmpty();
    assertThat(Events.files(table, "main")).hasSize(2).allMatch(this::exists);
    assertThat(Events.ids(table, "main")).isEqualTo(LongStream.range(0, 400).boxed().toList());
  }

  @Test
  void expireAfterCompactionKeepsWhatAPinOrTheRetainedHistoryUses() {
    Events.append(table, "main", 0, 50, "a", "b");
    long pinned = table.currentSnapshot().snapshotId();
    table.manageSnapshots().createTag("floe-pin-run-1", pinned).commit();
    List<DataFile> pinnedFiles = Events.files(table, "main");
    Events.append(table, "main", 100, 50, "a", "b");
    Events.append(table, "main", 200, 50, "a", "b");
    List<DataFile> later = Events.files(table, "main");
    later.removeIf(f -> pinnedFiles.stream().anyMatch(p -> p.location().equals(f.location())));
    Compaction.binPack(table).commit();
    Events.append(table, "main", 300, 50, "a", "b");

    // Two newest kept: the compaction's parent is gone, the compaction and the append stay.
    RetentionResult result = expireAll().minSnapshotsToKeep(2).commit();

    assertThat(pinnedFiles).hasSize(2).allMatch(this::exists);
    assertThat(later).hasSize(4).noneMatch(this::exists);
    assertThat(result.keptPinnedFiles()).isEqualTo(2);
    assertThat(result.keptHistoryFiles()).isZero();
    assertThat(Events.rows(table, pinned)).hasSize(100);

    // Only the newest kept: the compaction snapshot expires, and with it nothing more to free.
    Events.append(table, "main", 400, 50, "a", "b");
    RetentionResult again = expireAll().minSnapshotsToKeep(2).commit();
    assertThat(again.keptPinnedFiles()).isEqualTo(2);
    assertThat(pinnedFiles).allMatch(this::exists);
    assertThat(Compaction.removeOrphans(table).olderThan(Duration.ZERO).plan()).isEmpty();
  }

  @Test
  void expireCountsEveryFileAPinKeepsOutsideTheBranchHeads() {
    long id = 0;
    for (int i = 0; i < 5; i++) {
      id = Events.append(table, "main", id, 20, "a");
    }
    long pinned = table.currentSnapshot().snapshotId();
    table.manageSnapshots().createTag("floe-pin-" + pinned, pinned).commit();
    List<DataFile> pinnedFiles = Events.files(table, "main");
    Compaction.binPack(table).commit();

    RetentionResult result = expireAll().commit();

    assertThat(pinnedFiles).hasSize(5).allMatch(this::exists);
    assertThat(Events.files(table, "main")).hasSize(1);
    assertThat(result.keptPinnedFiles()).isEqualTo(5);
    assertThat(result.keptHistoryFiles()).isZero();
  }

  @Test
  void expireCountsFilesOnlyTheRetainedHistoryUses() {
    Events.append(table, "main", 0, 50, "a", "b");
    Events.append(table, "main", 100, 50, "a", "b");
    List<DataFile> ingested = Events.files(table, "main");
    Compaction.binPack(table).commit();
    Events.append(table, "main", 200, 50, "a", "b");

    // Three newest kept: the second append, the compaction that removed its files, the append.
    RetentionResult result = expireAll().minSnapshotsToKeep(3).commit();

    assertThat(result.expiredSnapshots()).isEqualTo(1);
    assertThat(ingested).allMatch(this::exists);
    assertThat(result.keptHistoryFiles()).isEqualTo(4);
    assertThat(result.keptPinnedFiles()).isZero();
  }

  @Test
  void expireKeepsTaggedSnapshotReadable() {
    Events.append(table, "main", 0, 50, "a", "b");
    long pinned = table.currentSnapshot().snapshotId();
    table.manageSnapshots().createTag("pin-train-1", pinned).commit();
    List<DataFile> pinnedFiles = Events.files(table, "main");
    deleteAll(pinnedFiles);
    Events.append(table, "main", 100, 50, "a", "b");

    RetentionResult result = expireAll().commit();

    assertThat(result.expiredSnapshots()).isEqualTo(1);
    assertThat(result.keptPinnedSnapshots()).isEqualTo(1);
    assertThat(result.deletedDataFiles()).isZero();
    assertThat(table.snapshot(pinned)).isNotNull();
    assertThat(pinnedFiles).allMatch(this::exists);
    assertThat(Events.rows(table, pinned))
        .map(row -> (Long) row.getField("id"))
        .containsExactlyInAnyOrderElementsOf(LongStream.range(0, 100).boxed().toList());
  }

  @Test
  void refusesToDropTagWithMaxRefAge() {
    Events.append(table, "main", 0, 50, "a");
    long pinned = table.currentSnapshot().snapshotId();
    table.manageSnapshots().createTag("pin-short", pinned).setMaxRefAgeMs("pin-short", 1).commit();
    WallClock.waitPast(table.snapshot(pinned).timestampMillis() + 1); // older than 1 ms
    Events.append(table, "main", 50, 50, "a");

    assertThatThrownBy(() -> expireAll().commit())
        .isInstanceOf(PinnedSnapshotException.class)
        .hasMessageContaining("pin-short")
        .hasMessageContaining("max ref age");
    table.refresh();
    assertThat(table.snapshots()).hasSize(2);
    assertThat(table.refs()).containsKey("pin-short");
  }

  @Test
  void expireHonoursMinSnapshotsToKeep() {
    for (int i = 0; i < 5; i++) {
      Events.append(table, "main", i * 50L, 50, "a");
    }

    RetentionResult result = expireAll().minSnapshotsToKeep(3).commit();

    assertThat(result.expiredSnapshots()).isEqualTo(2);
    assertThat(result.deletedDataFiles()).isZero();
    assertThat(table.snapshots()).hasSize(3);
    assertThat(Events.ids(table, "main")).hasSize(250);
  }

  @Test
  void honoursEachBranchsOwnRetention() {
    Events.append(table, "main", 0, 10, "a");
    table.manageSnapshots().createBranch("exp").commit();
    for (int i = 1; i <= 4; i++) {
      Events.append(table, "main", i * 10L, 10, "a");
      Events.append(table, "exp", 1000 + i * 10L, 10, "a");
    }
    // The branch's own minimum wins over the job's default of one.
    table.manageSnapshots().setMinSnapshotsToKeep("exp", 3).commit();

    expireAll().commit();

    table.refresh();
    // Main keeps only its head (its parent is gone), the branch its own minimum of three.
    assertThat(table.snapshot(table.snapshot("main").parentId())).isNull();
    int expHistory = 0;
    for (Long id = table.snapshot("exp").snapshotId();
        id != null && table.snapshot(id) != null;
        id = table.snapshot(id).parentId()) {
      expHistory++;
    }
    assertThat(expHistory).isEqualTo(3);
    assertThat(table.snapshots()).hasSize(4);
    assertThat(Events.ids(table, "exp")).hasSize(50);
  }

  @Test
  void defaultAgeKeepsRecentSnapshots() {
    Events.append(table, "main", 0, 50, "a");
    Events.append(table, "main", 50, 50, "a");

    RetentionResult result = Compaction.expireSnapshots(table).commit();

    assertThat(result.expiredSnapshots()).isZero();
    assertThat(table.snapshots()).hasSize(2);
  }

  @Test
  void rejectsInvalidArguments() {
    assertThatThrownBy(
            () -> Compaction.expireSnapshots(table).maxSnapshotAge(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid max snapshot age");
    assertThatThrownBy(() -> Compaction.expireSnapshots(table).minSnapshotsToKeep(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid minimum snapshots to keep: 0");
    assertThatThrownBy(() -> Compaction.expireSnapshots(table).now(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Compaction.expireSnapshots(null))
        .isInstanceOf(NullPointerException.class);
  }
}

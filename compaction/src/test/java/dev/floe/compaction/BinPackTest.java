package dev.floe.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import dev.floe.catalog.testing.TempWarehouse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BinPackTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;

  @BeforeEach
  void open() {
    floe = temp.floe();
  }

  /** {@code appends} commits of one 50-row file per category; returns the next free id. */
  private static long fill(Table table, String branch, long firstId, int appends, String... cats) {
    long id = firstId;
    for (int i = 0; i < appends; i++) {
      id = Events.append(table, branch, id, 50, cats);
    }
    return id;
  }

  @Test
  void jobsOfAResolvedBranchRewriteThatBranchAndRefuseATag() {
    Table table = Events.create(floe, "ml.events", FileFormat.PARQUET);
    Events.append(table, "main", 0, 10, "a");
    floe.experiments().create("exp-1").tables("ml.events").commit();
    ResolvedTable onBranch = floe.tables().resolve("ml.events@exp-1");
    Events.append(onBranch.table(), onBranch.ref(), 10, 10, "a");
    Events.append(onBranch.table(), onBranch.ref(), 20, 10, "a");
    table.refresh();
    long main = table.currentSnapshot().snapshotId();

    CompactionResult result =
        Compaction.binPack(floe.tables().resolve("ml.events@exp-1")).minInputFiles(2).commit();

    table.refresh();
    assertThat(result.rewrittenFiles()).isEqualTo(3);
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(main);
    assertThat(Events.files(table, "exp-1")).hasSize(1);
    floe.experiments().tag("ml.events", "v1", main);
    ResolvedTable tag = floe.tables().resolve("ml.events@v1");
    assertThatThrownBy(() -> Compaction.binPack(tag))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot compact ml.events@v1: tag 'v1' is read-only; name a branch (e.g."
                + " ml.events@<branch>)");
    assertThatThrownBy(() -> Compaction.tier(tag)).hasMessageContaining("Cannot tier ml.events@v1");
    assertThatThrownBy(() -> Compaction.expirePartitions(tag))
        .hasMessageContaining("Cannot expire partitions of ml.events@v1");
    assertThatThrownBy(() -> Compaction.maintain(floe, "ml.events@v1"))
        .hasMessageContaining("Cannot maintain ml.events@v1");
  }

  @Test
  void binPackMergesSmallFilesPerPartition() {
    Table table = Events.create(floe, "ml.events", FileFormat.PARQUET);
    fill(table, "main", 0, 20, "a", "b");
    List<Long> idsBefore = Events.ids(table, "main");

    CompactionResult result = Compaction.binPack(table).commit();

    assertThat(result.rewrittenFiles()).isEqualTo(40);
    assertThat(result.addedFiles()).isEqualTo(2);
    assertThat(result.groups()).isEqualTo(2);
    assertThat(result.rewrittenBytes()).isPositive();
    assertThat(result.addedBytes()).isPositive().isLessThan(result.rewrittenBytes());
    assertThat(result.snapshotId()).isEqualTo(table.currentSnapshot().snapshotId());
    assertThat(table.currentSnapshot().operation()).isEqualTo(DataOperations.REPLACE);
    assertThat(Events.ids(table, "main")).hasSize(2000).isEqualTo(idsBefore);
    List<DataFile> files = Events.files(table, "main");
    assertThat(files).allMatch(f -> f.format() == FileFormat.PARQUET);
    assertThat(files.stream().map(f -> f.partition().get(0, String.class)))
        .containsExactlyInAnyOrder("a", "b");
    // Every row still sits in the partition its category names.
    for (Record row : Events.rows(table, result.snapshotId())) {
      assertThat(row.getField("category")).isIn("a", "b");
    }
    assertThat(files).allMatch(f -> f.recordCount() == 1000);
  }

  @Test
  void splitsPartitionIntoGroupsNearTheTargetSize() {
    Table table = Events.create(floe, "ml.events", FileFormat.PARQUET);
    fill(table, "main", 0, 12, "a", "b");
    long largest =
        Events.files(table, "main").stream()
            .mapToLong(DataFile::fileSizeInBytes)
            .max()
            .orElseThrow();
    List<Long> idsBefore = Events.ids(table, "main");

    CompactionResult result = Compaction.binPack(table).targetFileSizeBytes(4 * largest).commit();

    // At most four 50-row files fit in a bin, so each partition's 12 files make at least 3 groups.
    assertThat(result.groups()).isGreaterThanOrEqualTo(6);
    assertThat(result.rewrittenFiles()).isEqualTo(24);
    assertThat(Events.files(table, "main")).hasSize(result.addedFiles()).hasSizeLessThan(24);
    assertThat(Events.ids(table, "main")).isEqualTo(idsBefore);
  }

  @Test
  void leavesPartitionWithTooFewFilesAlone() {
    Table table = Events.create(floe, "ml.events", FileFormat.PARQUET);
    long next = fill(table, "main", 0, 5, "a");
    Events.append(table, "main", next, 50, "b");
    String lonely = fileOf(table, "b").location();

    CompactionResult result = Compaction.binPack(table).commit();

    assertThat(result.groups()).isEqualTo(1);
    assertThat(result.rewrittenFiles()).isEqualTo(5);
    assertThat(fileOf(table, "b").location()).isEqualTo(lonely);
    assertThat(Events.files(table, "main")).hasSize(2);

    // Now "b" has 3 small files: still too few for a minimum of 4.
    fill(table, "main", 1000, 2, "b");
    long head = table.currentSnapshot().snapshotId();
    CompactionResult none = Compaction.binPack(table).minInputFiles(4).commit();
    assertThat(none.snapshotId()).isNull();
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(head);
    assertThat(Events.files(table, "main")).hasSize(4);
  }

  @Test
  void compactsOrcTable() {
    Table table = Events.create(floe, "ml.events_orc", FileFormat.ORC);
    fill(table, "main", 0, 6, "a", "b");
    List<Long> idsBefore = Events.ids(table, "main");

    CompactionResult result = Compaction.binPack(table).commit();

    assertThat(result.rewrittenFiles()).isEqualTo(12);
    assertThat(result.addedFiles()).isEqualTo(2);
    assertThat(Events.files(table, "main")).hasSize(2).allMatch(f -> f.format() == FileFormat.ORC);
    assertThat(Events.ids(table, "main")).isEqualTo(idsBefore);
  }

  @Test
  void compactsOnBranchWithoutTouchingMain() {
    Table table = Events.create(floe, "ml.events", FileFormat.PARQUET);
    long next = fill(table, "main", 0, 5, "a", "b");
    long mainHead = table.currentSnapshot().snapshotId();
    table.manageSnapshots().createBranch("exp", mainHead).commit();
    fill(table, "exp", next, 5, "a", "b");
    List<Long> branchIds = Events.ids(table, "exp");

    CompactionResult result = Compaction.binPack(table).toBranch("exp").commit();

    assertThat(result.rewrittenFiles()).isEqualTo(20);
    assertThat(table.snapshot("exp").snapshotId()).isEqualTo(result.snapshotId());
    assertThat(table.snapshot("main").snapshotId()).isEqualTo(mainHead);
    assertThat(Events.files(table, "main")).hasSize(10);
    assertThat(Events.files(table, "exp")).hasSize(2);
    assertThat(Events.ids(table, "exp")).hasSize(1000).isEqualTo(branchIds);
  }

  @Test
  void appendDuringCompactionIsKept() {
    Table table = Events.create(floe, "ml.events", FileFormat.PARQUET);
    long next = fill(table, "main", 0, 5, "a", "b");

    // Another process appends after the plan was made and the first group's files were written.
    java.util.concurrent.atomic.AtomicBoolean appended =
        new java.util.concurrent.atomic.AtomicBoolean();
    CompactionResult result =
        Compaction.binPack(table)
            .parallelism(1)
            .beforeCommit(
                () -> {
                  if (!appended.getAndSet(true)) {
                    Events.append(floe.tables().load("ml.events"), "main", next, 50, "a", "b");
                  }
                })
            .commit();

    table.refresh();
    assertThat(result.rewrittenFiles()).isEqualTo(10);
    assertThat(Events.files(table, "main")).hasSize(4);
    assertThat(Events.ids(table, "main")).hasSize(600).isEqualTo(range(0, 600));
  }

  @Test
  void nothingToDoReturnsNullSnapshot() {
    Table table = Events.create(floe, "ml.events", FileFormat.PARQUET);
    CompactionResult empty = Compaction.binPack(table).commit();
    assertThat(empty.snapshotId()).isNull();
    assertThat(empty.groups()).isZero();
    assertThat(table.currentSnapshot()).isNull();

    Events.append(table, "main", 0, 50, "a", "b");
    long head = table.currentSnapshot().snapshotId();
    CompactionResult onePerPartition = Compaction.binPack(table).commit();
    assertThat(onePerPartition).isEqualTo(CompactionResult.nothingToDo(onePerPartition.elapsed()));
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(head);
    assertThat(Compaction.binPack(table).toBranch("no-such-branch").commit().changed()).isFalse();
  }

  @Test
  void rejectsInvalidArguments() {
    Table table = Events.create(floe, "ml.events", FileFormat.PARQUET);
    assertThatThrownBy(() -> Compaction.binPack(table).targetFileSizeBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid target file size: 0");
    assertThatThrownBy(() -> Compaction.binPack(table).minInputFiles(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid minimum input files: 0");
    assertThatThrownBy(() -> Compaction.binPack(table).toBranch(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid branch");
    assertThatThrownBy(() -> Compaction.binPack((Table) null))
        .isInstanceOf(NullPointerException.class);

    Events.append(table, "main", 0, 10, "a");
    table.manageSnapshots().createTag("pin", table.currentSnapshot().snapshotId()).commit();
    assertThatThrownBy(() -> Compaction.binPack(table).toBranch("pin").commit())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("it is a tag, not a branch");

    table.updateProperties().set(CompactionProperties.TARGET_FILE_SIZE_BYTES, "-1").commit();
    assertThatThrownBy(() -> Compaction.binPack(table).commit())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid target file size: -1");
  }

  private static DataFile fileOf(Table table, String category) {
    Map<String, List<DataFile>> byCategory =
        Events.files(table, "main").stream()
            .collect(Collectors.groupingBy(f -> f.partition().get(0, String.class)));
    return byCategory.get(category).get(0);
  }

  private static List<Long> range(long from, long to) {
    return java.util.stream.LongStream.range(from, to).boxed().toList();
  }
}

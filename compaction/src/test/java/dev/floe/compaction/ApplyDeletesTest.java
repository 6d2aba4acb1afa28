package dev.floe.compaction;

import static dev.floe.compaction.DeleteFixtures.deleteFiles;
import static dev.floe.compaction.DeleteFixtures.equalityDeletes;
import static dev.floe.compaction.DeleteFixtures.fileAt;
import static dev.floe.compaction.DeleteFixtures.idAt;
import static dev.floe.compaction.DeleteFixtures.positionDeletes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.deletes.BaseDVFileWriter;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.OutputFileFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Merge-on-read tables compacted: position deletes, equality deletes and deletion vectors are
 * applied while rewriting, checked against Iceberg's generic reader.
 */
class ApplyDeletesTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;

  @BeforeEach
  void open() {
    floe = temp.floe();
  }

  private Table create(String name, FileFormat format, int formatVersion) {
    return floe.tables()
        .createIfAbsent(
            name,
            Events.SCHEMA,
            Events.SPEC,
            Map.of(
                TableProperties.DEFAULT_FILE_FORMAT,
                format.name().toLowerCase(Locale.ROOT),
                TableProperties.FORMAT_VERSION,
                Integer.toString(formatVersion)));
  }

  @ParameterizedTest
  @EnumSource(
      value = FileFormat.class,
      names = {"PARQUET", "ORC", "AVRO"})
  void positionAndEqualityDeletesAreAppliedAndDropped(FileFormat format) throws IOException {
    Table table = create("ml.events", format, 2);
    long next = 0;
    for (int i = 0; i < 3; i++) {
      next = Events.append(table, "main", next, 50, "a", "b");
    }
    // One file in c: below min input files, so it is not rewritten and its delete must stay.
    next = Events.append(table, "main", next, 50, "c");
    DataFile firstOfA = fileAt(table, "a", 0); // ids 0 to 49
    RowDelta delta = table.newRowDelta();
    delta.addDeletes(positionDeletes(table, firstOfA, 0L, 3L, 49L));
    delta.addDeletes(equalityDeletes(table, "b", 60L, 61L, 250L));
    delta.addDeletes(equalityDeletes(table, "c", 300L));
    delta.commit();
    List<Long> live = idsWithout(next, 0, List.of(0L, 3L, 49L), Set.of(60L, 61L, 250L, 300L));
    assertThat(Events.ids(table, "main")).isEqualTo(live);

    CompactionResult result = Compaction.binPack(table).commit();

    assertThat(result.groups()).isEqualTo(2);
    assertThat(result.removedRows()).isEqualTo(6);
    assertThat(result.removedDeleteFiles()).isEqualTo(2);
    assertThat(Events.ids(table, "main")).isEqualTo(live);
    assertThat(deleteFiles(table)).singleElement().satisfies(d -> assertThat(d).contains("c"));
    // Only c's file still has deleted rows: everywhere else, metadata counts are the live rows.
    assertThat(recordsInMetadata(table)).isEqualTo(live.size() + 1);
  }

  @Test
  void aFilteredRunKeepsADeleteFileThatFilesOutsideTheFilterStillNeed() throws IOException {
    Table table = create("ml.events", FileFormat.PARQUET, 2);
    long next = 0;
    for (int i = 0; i < 3; i++) {
      next = Events.append(table, "main", next, 50, "a"); // ids 0-49, 50-99, 100-149
    }
    table.newRowDelta().addDeletes(equalityDeletes(table, "a", 10L, 120L)).commit();
    List<Long> live = idsWithout(next, 0, List.of(), Set.of(10L, 120L));

    CompactionResult result =
        Compaction.binPack(table).filter(Expressions.lessThan("id", 100L)).commit();

    assertThat(result.rewrittenFiles()).isEqualTo(2);
    assertThat(result.removedRows()).isEqualTo(1);
    // The file of ids 100-149 was not rewritten: the delete file must still hide id 120.
    assertThat(result.removedDeleteFiles()).isZero();
    assertThat(deleteFiles(table)).hasSize(1);
    assertThat(Events.ids(table, "main")).isEqualTo(live);
  }

  @Test
  void aFilteredRunAppliesDeletesTheFilterWouldPrune() throws IOException {
    Table table = create("ml.events", FileFormat.PARQUET, 2);
    long next = 0;
    for (int i = 0; i < 3; i++) {
      next = Events.append(table, "main", next, 75, "a"); // ids 0-74, 75-149, 150-224
    }
    // The delete file's bounds (120) cannot match id < 100, but the file of ids 75-149 can.
    table.newRowDelta().addDeletes(equalityDeletes(table, "a", 120L)).commit();

    CompactionResult result =
        Compaction.binPack(table).filter(Expressions.lessThan("id", 100L)).commit();

    assertThat(result.rewrittenFiles()).isEqualTo(2);
    assertThat(result.removedRows()).isEqualTo(1);
    assertThat(Events.ids(table, "main")).isEqualTo(idsWithout(next, 0, List.of(), Set.of(120L)));
  }

  @Test
  void deletionVectorsAreAppliedAndDropped() throws IOException {
    Table table = create("ml.events", FileFormat.PARQUET, 3);
    long next = 0;
    for (int i = 0; i < 3; i++) {
      next = Events.append(table, "main", next, 50, "a", "b");
    }
    DataFile a = fileAt(table, "a", 1);
    DataFile b = fileAt(table, "b", 2);
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, 7, 7).format(FileFormat.PUFFIN).build();
    BaseDVFileWriter dvs = new BaseDVFileWriter(files, path -> null);
    try (dvs) {
      for (long pos : new long[] {0, 10, 49}) {
        dvs.delete(a.location(), pos, table.spec(), a.partition());
      }
      dvs.delete(b.location(), 5, table.spec(), b.partition());
    }
    RowDelta delta = table.newRowDelta();
    dvs.result().deleteFiles().forEach(delta::addDeletes);
    delta.commit();
    List<Long> expected = new ArrayList<>(range(next));
    expected.removeAll(List.of(idAt(table, a, 0), idAt(table, a, 10), idAt(table, a, 49)));
    expected.remove((Long) idAt(table, b, 5));
    assertThat(Events.ids(table, "main")).isEqualTo(expected);

    // The sorted path buffers rows that still carry the filter's position column.
    CompactionResult result = Compaction.binPack(table).sortBy("value").commit();

    assertThat(result.removedRows()).isEqualTo(4);
    assertThat(Events.ids(table, "main")).isEqualTo(expected);
    assertThat(deleteFiles(table)).isEmpty();
    assertThat(recordsInMetadata(table)).isEqualTo(expected.size());
  }

  @Test
  void aDeleteCommittedDuringTheRewriteFailsTheGroupAndStaysApplied() throws IOException {
    Table table = create("ml.events", FileFormat.PARQUET, 2);
    long next = 0;
    for (int i = 0; i < 3; i++) {
      next = Events.append(table, "main", next, 50, "a", "b");
    }
    DataFile firstOfB = fileAt(table, "b", 0); // ids 50 to 99
    DeleteFile late = positionDeletes(table, firstOfB, 7L);
    long head = table.currentSnapshot().snapshotId();

    CompactionResult result =
        Compaction.binPack(table)
            .beforeCommit(
                () -> floe.tables().load("ml.events").newRowDelta().addDeletes(late).commit())
            .commit();

    assertThat(result.changed()).isFalse();
    assertThat(result.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.partition()).isEqualTo("category=b");
              assertThat(f.cause()).hasMessageContaining(firstOfB.location());
            });
    table.refresh();
    assertThat(table.currentSnapshot().parentId()).isEqualTo(head);
    assertThat(Events.ids(table, "main")).isEqualTo(idsWithout(next, 50, List.of(7L), Set.of()));
  }

  @Test
  void tieringLeavesAFileWithDeletesHotSoItsDeletedRowsStayDeleted(@TempDir Path cold)
      throws IOException {
    Table table = create("ml.events", FileFormat.PARQUET, 2);
    long next = Events.append(table, "main", 0, 50, "a");
    next = Events.append(table, "main", next, 50, "a");
    table.newRowDelta().addDeletes(positionDeletes(table, fileAt(table, "a", 0), 1L)).commit();
    List<Long> live = idsWithout(next, 0, List.of(1L), Set.of());

    TierResult result =
        Compaction.tier(table)
            .coldLocation(cold.toString())
            .coldAfter(Duration.ofDays(7))
            .now(Instant.now().plus(Duration.ofDays(10)))
            .commit();

    assertThat(result.movedFiles()).isEqualTo(1);
    assertThat(Events.ids(table, "main")).isEqualTo(live);
  }

  /** Ids below {@code next} but those at {@code positions} of a file from {@code firstId} on. */
  private static List<Long> idsWithout(
      long next, long firstId, List<Long> positions, Set<Long> ids) {
    List<Long> live = new ArrayList<>(range(next));
    positions.forEach(pos -> live.remove((Long) (firstId + pos)));
    live.removeAll(ids);
    return live;
  }

  private static List<Long> range(long to) {
    return LongStream.range(0, to).boxed().toList();
  }

  private static long recordsInMetadata(Table table) {
    return Events.files(table, "main").stream().mapToLong(DataFile::recordCount).sum();
  }
}

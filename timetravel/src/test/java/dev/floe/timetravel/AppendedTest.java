package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AppendedTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Floe floe;
  private Table table;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = TestEvents.create(floe);
    allocator = temp.resource(BufferAllocator.class);
  }

  @Test
  void readsOnlyRowsAppendedInTheRangeAndSkipsCompactions() throws IOException {
    long s1 = TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 10));
    TestEvents.append(table, FileFormat.ORC, TestEvents.rows(table, 10, 20));
    long s3 = TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 20, 30));
    assertThat(ids(TimeTravel.appended(table, s1, s3))).isEqualTo(range(10, 30));

    // A compaction rewrites every file into new ones: no new rows, so nothing to read twice.
    Set<DataFile> old = new HashSet<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(task -> old.add(task.file()));
    }
    List<DataFile> compacted =
        GenericData.write(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 30));
    table.newRewrite().rewriteFiles(old, new HashSet<>(compacted)).commit();
    long s5 = TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 30, 35));
    assertThat(table.snapshot(table.snapshot(s5).parentId()).operation()).isEqualTo("replace");
    assertThat(ids(TimeTravel.appended(table, s3, s5))).isEqualTo(range(30, 35));
  }

  @Test
  void deleteInRangeFailsNamingSnapshotUnlessIncluded() {
    long s1 = TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 10));
    table
        .newDelete()
        .deleteFromRowFilter(org.apache.iceberg.expressions.Expressions.alwaysTrue())
        .commit();
    long deleted = table.currentSnapshot().snapshotId();
    long s3 = TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 10, 15));

    assertThatThrownBy(() -> ids(TimeTravel.appended(table, s1, s3)))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("snapshot " + deleted + " is a delete, not an append");
    assertThat(ids(TimeTravel.appended(table, s1, s3).includeAllOperations()))
        .isEqualTo(range(10, 15));
    assertThatThrownBy(() -> ids(TimeTravel.appended(table, s3, s1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an ancestor of");
  }

  private List<Long> ids(Appended appended) {
    try (ArrowBatches batches = appended.select("id").arrow(allocator)) {
      return ArrowRows.drain(batches).stream().map(row -> (Long) row.get(0)).toList();
    }
  }

  private static List<Long> range(long from, long to) {
    return LongStream.range(from, to).boxed().toList();
  }
}

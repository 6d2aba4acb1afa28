package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rehydration beside a rewrite and an expire that run after the lock was checked and before its
 * rows are read: the pin's tag keeps every file; without the tag, the read fails naming a file that
 * is gone, and never returns other rows.
 */
class RehydrateConcurrentExpireTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Floe floe;
  private Table table;
  private BufferAllocator allocator;
  private TrainingLock lock;

  @BeforeEach
  void pin() {
    floe = temp.floe();
    table = TestEvents.create(floe);
    allocator = temp.resource(BufferAllocator.class);
    for (long from = 0; from < 40; from += 2) {
      TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, from, from + 2));
    }
    lock = TimeTravel.pin(floe, TestEvents.NAME).commit();
  }

  private void rewriteAndExpire() {
    Table writer = floe.tables().load(TestEvents.NAME);
    writer.newDelete().deleteFromRowFilter(Expressions.alwaysTrue()).commit();
    TestEvents.append(writer, FileFormat.PARQUET, TestEvents.rows(writer, 100, 105));
    writer.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 1).retainLast(1).commit();
  }

  @Test
  void thePinsTagKeepsEveryFileThroughAnExpireDuringTheRead() {
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, lock).arrow(allocator)) {
      rewriteAndExpire();
      batches.forEach(batch -> {});
      assertThat(batches.rowsRead()).isEqualTo(40);
      assertThat(batches.contentDigest()).isEqualTo(lock.contentDigest());
    }
    assertThat(TimeTravel.verify(floe, lock).problems()).isEmpty();
  }

  /**
   * Read-ahead decodes files in the background as soon as the read opens, so which files it read
   * before the expire deleted them is a race: the answer must be the pinned rows, verified, or a
   * failure naming a missing file; never other rows.
   */
  @Test
  void withoutTheTagTheReadIsThePinnedRowsOrFailsNamingAFileThatIsGone() {
    String path =
        table.snapshot(lock.snapshotId()).addedDataFiles(table.io()).iterator().next().location();
    long rows = -1;
    String digest = null;
    RuntimeException failure = null;
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, lock).arrow(allocator)) {
      table.manageSnapshots().removeTag(lock.tag()).commit();
      rewriteAndExpire();
      assertThat(Files.exists(Path.of(path.replaceFirst("^file:", "")))).isFalse();
      batches.forEach(batch -> {});
      rows = batches.rowsRead();
      digest = batches.contentDigest();
    } catch (RuntimeException e) {
      failure = e;
    }
    System.out.printf(
        "rehydrate beside an expire without the tag: %s%n",
        failure == null ? "read every row before the files went" : failure.getMessage());
    if (failure == null) {
      assertThat(rows).isEqualTo(40);
      assertThat(digest).isEqualTo(lock.contentDigest());
    } else {
      assertThat(failure).hasMessageContaining("does not exist");
    }
    assertThat(TimeTravel.verify(floe, lock).ok()).isFalse();
  }
}

package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.LockVerificationException;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A rehydrated export is verified data or nothing: no partial, unverified or leftover file. */
class RehydrateSafetyTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  @TempDir Path runs;
  private Floe floe;
  private Table table;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = TestEvents.create(floe);
    allocator = temp.resource(BufferAllocator.class);
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 40));
  }

  /** The two export formats, written through the API. */
  private long export(Rehydration rehydration, String format, Path file, LongConsumer progress) {
    rehydration.onRowsWritten(progress);
    return format.equals("parquet")
        ? rehydration.writeParquet(file)
        : rehydration.writeArrow(file, allocator);
  }

  @Test
  void digestMismatchLeavesNoFileAndKeepsAnEarlierExportUntouched() throws IOException {
    TrainingLock pinned = TimeTravel.pin(floe, TestEvents.NAME).commit();
    TrainingLock tampered =
        LockEdits.withFileDigest(pinned, runs.resolve("lock.json"), 0, "00".repeat(32));
    FileDigest first = pinned.fileDigests().get(0);
    for (String format : new String[] {"parquet", "arrow"}) {
      Path out = runs.resolve("out-" + format);
      Path file = out.resolve("events." + format);

      assertThatThrownBy(
              () -> export(TimeTravel.rehydrate(floe, tampered), format, file, rows -> {}))
          .as(format)
          .isInstanceOf(LockVerificationException.class)
          .hasMessage(
              "content digest mismatch in rows 0-%s of %s (unit 1 of 1, file 1 of %s): lock %s (%s"
                  + " rows), read %s (%s rows)",
              first.rows() - 1,
              first.path(),
              pinned.dataFiles(),
              "00".repeat(32),
              first.rows(),
              first.units().get(0).digest(),
              first.rows());
      assertThat(LockEdits.listing(out)).as(format).isEmpty();

      // A verified export in place is not replaced by a failed one.
      assertThat(export(TimeTravel.rehydrate(floe, pinned), format, file, rows -> {}))
          .isEqualTo(40);
      byte[] verified = Files.readAllBytes(file);
      assertThatThrownBy(
              () -> export(TimeTravel.rehydrate(floe, tampered), format, file, rows -> {}))
          .isInstanceOf(LockVerificationException.class);
      assertThat(LockEdits.listing(out)).as(format).containsExactly("events." + format);
      assertThat(Files.readAllBytes(file)).isEqualTo(verified);
    }
  }

  @Test
  void parquetExportOfTheOldStaticApiLeavesNoFileOnMismatch() {
    TrainingLock pinned = TimeTravel.pin(floe, TestEvents.NAME).commit();
    TrainingLock tampered =
        LockEdits.withFileDigest(pinned, runs.resolve("lock.json"), 0, "11".repeat(32));
    Path out = runs.resolve("out");

    assertThatThrownBy(
            () -> TimeTravel.rehydrate(floe, tampered).writeParquet(out.resolve("e.parquet")))
        .isInstanceOf(LockVerificationException.class)
        .hasMessageContaining("content digest mismatch");
    assertThat(LockEdits.listing(out)).isEmpty();
  }

  @Test
  void exportThatFailsPartWayLeavesNoFile() {
    TrainingLock lock = TimeTravel.pin(floe, TestEvents.NAME).commit();
    for (String format : new String[] {"parquet", "arrow"}) {
      Path out = runs.resolve("out-" + format);
      LongConsumer failing =
          rows -> {
            throw new IllegalStateException("disk full");
          };

      assertThatThrownBy(
              () ->
                  export(
                      TimeTravel.rehydrate(floe, lock),
                      format,
                      out.resolve("events." + format),
                      failing))
          .as(format)
          .hasMessage("disk full");
      assertThat(LockEdits.listing(out)).as(format).isEmpty();
    }
  }

  @Test
  void lockWithoutDigestIsRefusedUnlessReadUnverifiedByName() {
    TrainingLock noDigest = TimeTravel.pin(floe, TestEvents.NAME).contentDigest(false).commit();
    TrainingLock removed =
        LockEdits.edited(
            TimeTravel.pin(floe, TestEvents.NAME).commit(),
            runs.resolve("lock.json"),
            n -> n.remove("contentDigest"));
    assertThat(removed.contentDigest()).isNull();
    for (TrainingLock lock : new TrainingLock[] {noDigest, removed}) {
      Path out = runs.resolve(lock == noDigest ? "out-pinned" : "out-edited");
      assertThatThrownBy(() -> TimeTravel.rehydrate(floe, lock).arrow(allocator))
          .isInstanceOf(LockVerificationException.class)
          .hasMessageContaining("NOT verified: the lock pins no content digest")
          .hasMessageContaining("--unverified");
      for (String format : new String[] {"parquet", "arrow"}) {
        assertThatThrownBy(
                () ->
                    export(
                        TimeTravel.rehydrate(floe, lock),
                        format,
                        out.resolve("e." + format),
                        rows -> {}))
            .isInstanceOf(LockVerificationException.class)
            .hasMessageContaining("NOT verified");
      }
      assertThat(LockEdits.listing(out)).isEmpty();

      Rehydration unverified = TimeTravel.rehydrate(floe, lock).unverified();
      assertThat(unverified.verified()).isFalse();
      try (ArrowBatches batches = unverified.arrow(allocator)) {
        assertThat(ArrowRows.drain(batches)).hasSize(40);
      }
      assertThat(
              TimeTravel.rehydrate(floe, lock).unverified().writeParquet(out.resolve("e.parquet")))
          .isEqualTo(40);
      assertThat(LockEdits.listing(out)).containsExactly("e.parquet");
    }
    // Asking for an unverified read does not skip a digest the lock has.
    TrainingLock tampered =
        LockEdits.edited(
            noDigest, runs.resolve("t.json"), n -> n.put("contentDigest", "22".repeat(32)));
    assertThat(TimeTravel.rehydrate(floe, tampered).unverified().verified()).isTrue();
    try (ArrowBatches batches =
        TimeTravel.rehydrate(floe, tampered).unverified().arrow(allocator)) {
      assertThatThrownBy(() -> batches.forEach(b -> {}))
          .isInstanceOf(LockVerificationException.class)
          .hasMessageContaining("content digest mismatch");
    }
  }

  @Test
  void editedRecordsAndDataFilesAreNamedByVerifyAndRehydrate() {
    TrainingLock lock = TimeTravel.pin(floe, TestEvents.NAME).commit();
    long snapshot = lock.snapshotId();
    TrainingLock records =
        LockEdits.edited(lock, runs.resolve("r.json"), n -> n.put("records", 41));
    TrainingLock dataFiles =
        LockEdits.edited(lock, runs.resolve("d.json"), n -> n.put("dataFiles", 7));

    assertThat(TimeTravel.verify(floe, records).problems())
        .containsExactly(
            "lock field 'records' says 41, snapshot " + snapshot + " has 40 data records");
    assertThat(TimeTravel.verify(floe, dataFiles).problems())
        .containsExactly(
            "lock field 'dataFiles' says 7, snapshot "
                + snapshot
                + " has "
                + lock.dataFiles()
                + " data files");
    assertThatThrownBy(() -> TimeTravel.rehydrate(floe, records).arrow(allocator))
        .isInstanceOf(LockVerificationException.class)
        .hasMessageContaining("lock field 'records' says 41");
    assertThatThrownBy(
            () -> TimeTravel.rehydrate(floe, dataFiles).writeParquet(runs.resolve("o/e.parquet")))
        .isInstanceOf(LockVerificationException.class)
        .hasMessageContaining("lock field 'dataFiles' says 7");
    assertThat(LockEdits.listing(runs.resolve("o"))).isEmpty();
  }

  @Test
  void editedRowCountIsAMismatch() {
    TrainingLock lock = TimeTravel.pin(floe, TestEvents.NAME).commit();
    assertThat(lock.rows()).isEqualTo(40);
    TrainingLock more = LockEdits.edited(lock, runs.resolve("m.json"), n -> n.put("rows", 41));
    assertThat(TimeTravel.verify(floe, more).problems())
        .containsExactly(
            "lock field 'rows' says 41, snapshot " + lock.snapshotId() + " has 40 rows");

    // Filtered, verify knows only an upper bound; rehydrate counts and catches it.
    TrainingLock filtered =
        TimeTravel.pin(floe, TestEvents.NAME)
            .filter(org.apache.iceberg.expressions.Expressions.lessThan("id", 10))
            .commit();
    assertThat(filtered.rows()).isEqualTo(10);
    TrainingLock fewer = LockEdits.edited(filtered, runs.resolve("f.json"), n -> n.put("rows", 9));
    assertThat(TimeTravel.verify(floe, fewer).ok()).isTrue();
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, fewer).arrow(allocator)) {
      assertThatThrownBy(() -> batches.forEach(b -> {}))
          .isInstanceOf(LockVerificationException.class)
          .hasMessage("row count mismatch: lock field 'rows' says 9, read 10");
    }
  }
}

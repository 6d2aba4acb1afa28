package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.LockFileException;
import dev.floe.catalog.exceptions.LockVerificationException;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TrainingLockTest {
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
  }

  @Test
  void pinRefusesATagNameThatCannotBeReadBack() {
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 2));

    for (String bad : new String[] {"", "x y", "t/1", "v#1"}) {
      assertThatThrownBy(() -> TimeTravel.pin(floe, TestEvents.NAME).tag(bad))
          .as(bad)
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("Invalid tag name '" + bad + "'");
    }
    table.refresh();
    assertThat(table.refs()).containsOnlyKeys("main");
  }

  @Test
  void pinWritesLockAndTag() {
    table.updateSchema().addColumn("score", Types.DoubleType.get()).commit();
    long snapshot = TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 20));
    Path lockFile = runs.resolve("run-1/floe.lock.json");

    TrainingLock lock =
        TimeTravel.pin(floe, TestEvents.NAME).select("id", "embedding").writeTo(lockFile);

    assertThat(lock.table()).isEqualTo("db.events");
    assertThat(lock.ref()).isEqualTo("main");
    assertThat(lock.catalog()).isEqualTo("floe");
    assertThat(lock.snapshotId()).isEqualTo(snapshot);
    assertThat(lock.schemaId()).isEqualTo(1).isEqualTo(table.currentSnapshot().schemaId());
    assertThat(lock.columns()).containsExactly("id", "embedding");
    assertThat(lock.dataFiles()).isEqualTo(2);
    assertThat(lock.records()).isEqualTo(20);
    assertThat(lock.fingerprint()).hasSize(64);
    assertThat(lock.contentDigest())
        .isEqualTo(digest(TimeTravel.read(table).select("id", "embedding")));
    assertThat(lock.tag()).isEqualTo("floe-pin-" + snapshot);
    table.refresh();
    SnapshotRef tag = table.refs().get(lock.tag());
    assertThat(tag.isTag()).isTrue();
    assertThat(tag.snapshotId()).isEqualTo(snapshot);
    assertThat(TrainingLock.read(lockFile)).isEqualTo(lock);
    // Pinning the same snapshot again reuses its tag.
    assertThat(TimeTravel.pin(floe, TestEvents.NAME).contentDigest(false).commit().tag())
        .isEqualTo(lock.tag());
    assertThat(TimeTravel.verify(floe, lock))
        .isEqualTo(new VerifyResult(true, List.of(), List.of()));
  }

  @Test
  void pinRefusesTagThatPointsElsewhere() {
    long first = TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 3));
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 3, 6));
    table.manageSnapshots().createTag("run-7", first).commit();

    assertThatThrownBy(() -> TimeTravel.pin(floe, TestEvents.NAME).tag("run-7").commit())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tag 'run-7' already exists at snapshot " + first);
    assertThat(TimeTravel.pin(floe, TestEvents.NAME).snapshot(first).tag("run-7").commit().tag())
        .isEqualTo("run-7");
  }

  @Test
  void lockRoundTripsThroughJson() throws IOException {
    TrainingLock lock =
        TrainingLock.builderFor("db.events", 42L)
            .formatVersion(1)
            .catalog("floe")
            .ref("exp-1")
            .schemaId(3)
            .files("ab".repeat(32), 5, 1000L)
            .tag("floe-pin-42")
            .pinnedAt(Instant.parse("2026-11-21T10:15:30.123456Z"))
            .build();
    Path file = runs.resolve("lock.json");

    lock.write(file);

    assertThat(Files.readString(file)).contains("\n  \"snapshotId\" : 42");
    assertThat(TrainingLock.read(file)).isEqualTo(lock);
    try (var files = Files.list(runs)) {
      assertThat(files).containsExactly(file); // no temp file left behind
    }
  }

  @Test
  void unparseableLockFileGivesClearError() throws IOException {
    Path bad = Files.writeString(runs.resolve("bad.json"), "{\"snapshotId\": ");
    Path partial = Files.writeString(runs.resolve("partial.json"), "{\"formatVersion\": 1}");

    assertThatThrownBy(() -> TrainingLock.read(bad))
        .isInstanceOf(LockFileException.class)
        .hasMessageStartingWith("Cannot read lock file " + bad + ": not valid JSON");
    assertThatThrownBy(() -> TrainingLock.read(partial))
        .isInstanceOf(LockFileException.class)
        .hasMessage("Cannot read lock file " + partial + ": missing field 'catalog'");
    assertThatThrownBy(() -> TrainingLock.read(runs.resolve("absent.json")))
        .isInstanceOf(LockFileException.class)
        .hasMessageEndingWith("absent.json: file does not exist");
  }

  @Test
  void verifyDetectsDeletedDataFile() throws IOException {
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 10));
    TrainingLock lock = TimeTravel.pin(floe, TestEvents.NAME).contentDigest(false).commit();
    DataFile file;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      file = tasks.iterator().next().file();
    }
    String location = file.location();
    Files.delete(location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location));

    VerifyResult result = TimeTravel.verify(floe, lock);

    assertThat(result.ok()).isFalse();
    assertThat(result.problems()).containsExactly("missing data file " + file.location());
    assertThatThrownBy(() -> TimeTravel.rehydrate(floe, lock).arrow(allocator))
        .isInstanceOf(LockVerificationException.class)
        .hasMessageContaining("missing data file " + file.location());
  }

  @Test
  void verifyDetectsExpiredSnapshot() {
    long pinned = TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 5));
    TrainingLock lock = TimeTravel.pin(floe, TestEvents.NAME).contentDigest(false).commit();
    table.refresh();
    table.manageSnapshots().removeTag(lock.tag()).commit();
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 5, 8));
    table.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 1).retainLast(1).commit();

    VerifyResult result = TimeTravel.verify(floe, lock);

    assertThat(result.problems())
        .containsExactly(
            "snapshot " + pinned + " no longer exists (expired?)",
            "tag " + lock.tag() + " no longer exists");
  }

  @Test
  void rehydrateReturnsExactlyPinnedRowsAfterLaterAppends() {
    List<Record> pinnedRows = TestEvents.rows(table, 0, 15);
    TestEvents.append(table, FileFormat.ORC, pinnedRows);
    Path lockFile = runs.resolve("floe.lock.json");
    TimeTravel.pin(floe, TestEvents.NAME).select("id", "embedding").writeTo(lockFile);
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 15, 40));
    TrainingLock lock = TrainingLock.read(lockFile);

    try (ArrowBatches batches = TimeTravel.rehydrate(floe, lock).arrow(allocator)) {
      assertThat(ArrowRows.drain(batches))
          .isEqualTo(ArrowRows.expected(pinnedRows, "id", "embedding"));
      assertThat(batches.contentDigest()).isEqualTo(lock.contentDigest());
    }
  }

  @Test
  void rehydrateRejectsDataWhoseDigestDiffers() {
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 5));
    TrainingLock pinned = TimeTravel.pin(floe, TestEvents.NAME).commit();
    TrainingLock tampered = withDigest(pinned, "00".repeat(32));

    try (ArrowBatches batches = TimeTravel.rehydrate(floe, tampered).arrow(allocator)) {
      assertThatThrownBy(() -> batches.forEach(batch -> {}))
          .isInstanceOf(LockVerificationException.class)
          .hasMessage(
              "content digest mismatch: lock %s, read %s",
              tampered.contentDigest(), pinned.contentDigest());
    }
  }

  private String digest(Reader reader) {
    try (ArrowBatches batches = reader.arrow(allocator)) {
      batches.forEach(batch -> {});
      return batches.contentDigest();
    }
  }

  private static TrainingLock withDigest(TrainingLock lock, String digest) {
    return TrainingLock.builderFrom(lock).contentDigest(digest).build();
  }
}

package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.LockVerificationException;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lock files written by Floe before per-file digests (format 1 and 2, checked in as written by the
 * code of commit b1fbd32) still verify against their recorded single-stream digest, a lock of
 * format 4 (per-file digests, {@code floe-digest/1}, written by the code of commit 81bb364) against
 * its file digests, and a data file changed on disk is caught. The table is written again with the
 * same rows; the fields that name this run's snapshot (id, file fingerprint, tag) are moved onto
 * it, the digest is not.
 */
class LegacyLockTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  @TempDir Path runs;
  private Floe floe;
  private Table table;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    floe = temp.floe();
    allocator = temp.resource(BufferAllocator.class);
    table =
        floe.tables().createIfAbsent("db.legacy", TestEvents.SCHEMA, PartitionSpec.unpartitioned());
    DataFiles.uncompressed(table);
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 40));
  }

  @Test
  void formatOneLockStillVerifiesWithItsRecordedDigest() throws IOException {
    TrainingLock lock = checkedIn("legacy-v1.lock.json");

    assertThat(lock.formatVersion()).isEqualTo(1);
    assertThat(TimeTravel.verify(floe, lock).ok()).isTrue();
    assertThat(TimeTravel.verifyDeep(floe, lock).ok()).isTrue();
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, lock).arrow(allocator)) {
      assertThat(ArrowRows.drain(batches)).hasSize(40);
      assertThat(batches.contentDigest())
          .isEqualTo("66e0561f62118227a197b1dba8934f619102c4fde517efede5d80566838b269e");
    }
    assertThat(TimeTravel.rehydrate(floe, lock).writeParquet(runs.resolve("out/e.parquet")))
        .isEqualTo(40);
  }

  @Test
  void formatTwoLockWithFilterStillVerifies() throws IOException {
    TrainingLock lock = checkedIn("legacy-v2.lock.json");

    assertThat(lock.formatVersion()).isEqualTo(2);
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, lock).arrow(allocator)) {
      assertThat(ArrowRows.drain(batches)).hasSize(30);
      assertThat(batches.contentDigest()).isEqualTo(lock.contentDigest());
    }
  }

  @Test
  void formatOneLockRefusesADataFileChangedOnDisk() throws IOException {
    TrainingLock lock = checkedIn("legacy-v1.lock.json");
    DataFiles.replaceDouble(DataFiles.paths(table).get(0), 7 * 1.5, 7.25);

    assertThat(TimeTravel.verify(floe, lock).ok()).as("the metadata did not change").isTrue();
    assertThat(TimeTravel.verifyDeep(floe, lock).problems())
        .singleElement()
        .asString()
        .startsWith("content digest mismatch: lock " + lock.contentDigest());
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, lock).arrow(allocator)) {
      assertThatThrownBy(() -> ArrowRows.drain(batches))
          .isInstanceOf(LockVerificationException.class)
          .hasMessageStartingWith("content digest mismatch: lock " + lock.contentDigest());
    }
    assertThatThrownBy(
            () -> TimeTravel.rehydrate(floe, lock).writeParquet(runs.resolve("out/e.parquet")))
        .isInstanceOf(LockVerificationException.class);
    assertThat(LockEdits.listing(runs.resolve("out"))).isEmpty();
  }

  @Test
  void formatFourLockStillVerifiesFileByFile() throws IOException {
    TrainingLock lock = checkedIn("legacy-v4.lock.json");

    assertThat(lock.formatVersion()).isEqualTo(4);
    assertThat(TimeTravel.verifyDeep(floe, lock).ok()).isTrue();
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, lock).arrow(allocator)) {
      assertThat(ArrowRows.drain(batches)).hasSize(35);
      assertThat(batches.contentDigest())
          .isEqualTo("a4ea170fe8055a3e59640a029562ea660e619726f6ec14baffd8c7cded20ee6a");
    }
  }

  @Test
  void formatFourLockNamesADataFileChangedOnDisk() throws IOException {
    TrainingLock lock = checkedIn("legacy-v4.lock.json");
    Path file = DataFiles.paths(table).get(0);
    String path = file.toString();
    DataFiles.replaceDouble(file, 7 * 1.5, 7.25);

    assertThat(TimeTravel.verifyDeep(floe, lock).problems())
        .singleElement()
        .asString()
        .startsWith("data file " + path + " (file 1 of 1): content digest mismatch");
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, lock).arrow(allocator)) {
      assertThatThrownBy(() -> ArrowRows.drain(batches))
          .isInstanceOf(LockVerificationException.class)
          .hasMessageContaining(path);
    }
  }

  /** The checked-in lock, moved onto this run's snapshot (and its tag created). */
  private TrainingLock checkedIn(String name) throws IOException {
    ObjectNode node;
    try (InputStream in = getClass().getResourceAsStream(name)) {
      node = (ObjectNode) JSON.readTree(in);
    }
    long id = table.currentSnapshot().snapshotId();
    String tag =
        node.get("tag").asText().startsWith("floe-pin-")
            ? "floe-pin-" + id
            : node.get("tag").asText();
    table.manageSnapshots().createTag(tag, id).commit();
    node.put("snapshotId", id);
    node.put("tag", tag);
    node.put(
        "fingerprint",
        SnapshotFiles.plan(table, "db.legacy", table.currentSnapshot()).fingerprint());
    if (node.has("fileDigests")) { // paths are not part of the root: this run's file
      ((ObjectNode) node.get("fileDigests").get(0))
          .put("path", DataFiles.paths(table).get(0).toString());
    }
    Path file = runs.resolve(name);
    Files.writeString(file, JSON.writeValueAsString(node));
    return TrainingLock.read(file);
  }
}

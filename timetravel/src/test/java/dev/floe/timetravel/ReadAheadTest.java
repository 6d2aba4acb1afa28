package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Decoding files ahead on worker threads must not change what is read, or leak on close. */
class ReadAheadTest {
  private static final int BATCH = 100;

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Floe floe;
  private BufferAllocator allocator;
  private Table table;

  @BeforeEach
  void open() {
    floe = temp.floe();
    allocator = temp.resource(BufferAllocator.class);
    table = TestEvents.create(floe);
    // Twelve files (two partitions per append), Parquet and ORC, of uneven sizes.
    long id = 0;
    for (int append = 0; append < 6; append++) {
      long rows = 150 + append * 97L;
      FileFormat format = append % 3 == 2 ? FileFormat.ORC : FileFormat.PARQUET;
      TestEvents.append(table, format, TestEvents.rows(table, id, id + rows));
      id += rows;
    }
  }

  @Test
  void readingAheadGivesTheSequentialBatchesInTheSameOrder() {
    Schema flat = table.schema().select("id", "user_id", "event_ts", "amount", "label");
    Read sequential = read(flat, 1);
    Read ahead = read(flat, 4);
    assertThat(ahead.ids()).hasSize(2355).isEqualTo(sequential.ids());
    assertThat(ahead.batchSizes()).isEqualTo(sequential.batchSizes());
    assertThat(ahead.digest()).isEqualTo(sequential.digest());
    assertThat(ahead.vectorizedFiles()).isEqualTo(sequential.vectorizedFiles()).isEqualTo(12);
  }

  @Test
  void theNextFileIsDecodingWhileTheCurrentOneIsHandedOut() throws InterruptedException {
    Schema ids = table.schema().select("id");
    List<Integer> started = new ArrayList<>();
    // The contrast: a sequential read opens file 2 only once the caller asks past file 1.
    CountDownLatch secondOpened = new CountDownLatch(1);
    try (ArrowBatches batches = watched(ids, 1, secondOpened, started)) {
      assertThat(batches.iterator().next().getRowCount()).isPositive();
      assertThat(started).containsExactly(1);
      assertThat(secondOpened.getCount()).isOne();
    }
    started.clear();
    CountDownLatch openedAhead = new CountDownLatch(1);
    try (ArrowBatches batches = watched(ids, 4, openedAhead, started)) {
      assertThat(batches.iterator().next().getRowCount()).isPositive();
      // The caller holds file 1's batch and has not asked for more: a worker opens file 2.
      assertThat(openedAhead.await(1, TimeUnit.MINUTES)).isTrue();
      assertThat(started).containsExactly(1);
    }
  }

  @Test
  void embeddingListsAreDigestedFromVectorsAsFromRecords() {
    Schema embeddings = table.schema().select("id", "embedding");
    Read sequential = read(embeddings, 1);
    Read ahead = read(embeddings, 4);
    assertThat(ahead.ids()).hasSize(2355).isEqualTo(sequential.ids());
    assertThat(ahead.digest()).isEqualTo(sequential.digest());
  }

  @Test
  void theReadersThreadCountChangesNothingButSpeed() {
    List<Long> one = new ArrayList<>();
    List<Long> three = new ArrayList<>();
    String digestOne;
    String digestThree;
    try (ArrowBatches batches = TimeTravel.read(table).select("id").threads(1).arrow(allocator)) {
      batches.forEach(root -> one.addAll(ids(root)));
      digestOne = batches.contentDigest();
    }
    try (ArrowBatches batches = TimeTravel.read(table).select("id").threads(3).arrow(allocator)) {
      batches.forEach(root -> three.addAll(ids(root)));
      digestThree = batches.contentDigest();
    }
    assertThat(three).hasSize(2355).isEqualTo(one);
    assertThat(digestThree).isEqualTo(digestOne);
    assertThatThrownBy(() -> TimeTravel.read(table).threads(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be positive");
  }

  @Test
  void nestedColumnsAreReadAheadWhenNoDigestIsAsked() {
    Schema all = table.schema();
    try (ArrowBatches sequential = batches(all, 1, false);
        ArrowBatches ahead = batches(all, 3, false)) {
      List<Object> expected = new ArrayList<>();
      sequential.forEach(root -> collect(root, expected));
      List<Object> actual = new ArrayList<>();
      ahead.forEach(root -> collect(root, actual));
      assertThat(actual).hasSize(2355).isEqualTo(expected);
    }
  }

  @Test
  void closingEarlyStopsTheWorkersAndReleasesEveryBuffer() {
    ArrowBatches batches = batches(table.schema().select("id", "label"), 4, true);
    VectorSchemaRoot first = batches.iterator().next();
    assertThat(first.getRowCount()).isPositive();
    batches.close();
    assertThat(allocator.getAllocatedMemory()).isZero();
  }

  @Test
  void aFileThatCannotBeReadFailsTheReadAtItsTurn() throws Exception {
    List<String> paths = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(task -> paths.add(task.file().location()));
    }
    String last = paths.stream().sorted().toList().get(paths.size() - 1);
    Files.delete(Path.of(java.net.URI.create(last.startsWith("/") ? "file:" + last : last)));
    try (ArrowBatches batches = batches(table.schema().select("id"), 4, true)) {
      List<Long> ids = new ArrayList<>();
      assertThatThrownBy(() -> batches.forEach(root -> ids.addAll(ids(root))))
          .hasStackTraceContaining(last.substring(last.lastIndexOf('/') + 1));
      assertThat(ids).isNotEmpty(); // the files before it were handed out first
    }
  }

  private record Read(
      List<Long> ids, List<Integer> batchSizes, String digest, int vectorizedFiles) {}

  private Read read(Schema projection, int threads) {
    try (ArrowBatches batches = batches(projection, threads, true)) {
      List<Long> ids = new ArrayList<>();
      List<Integer> sizes = new ArrayList<>();
      for (VectorSchemaRoot root : batches) {
        ids.addAll(ids(root));
        sizes.add(root.getRowCount());
      }
      return new Read(ids, sizes, batches.contentDigest(), batches.vectorizedFiles());
    }
  }

  private ArrowBatches batches(Schema projection, int threads, boolean digest) {
    return batches(openers(projection), projection, threads, digest);
  }

  /**
   * Counts {@code secondOpened} down when file 2 is opened; adds each file handed out to {@code
   * started}.
   */
  private ArrowBatches watched(
      Schema projection, int threads, CountDownLatch secondOpened, List<Integer> started) {
    List<ArrowBatches.Opener> openers = new ArrayList<>(openers(projection));
    ArrowBatches.Opener second = openers.get(1);
    openers.set(
        1,
        (root, writers) -> {
          secondOpened.countDown();
          return second.open(root, writers);
        });
    ArrowBatches batches = batches(openers, projection, threads, false);
    batches.onFileStarted((file, files) -> started.add(file));
    return batches;
  }

  private List<ArrowBatches.Opener> openers(Schema projection) {
    SnapshotFiles files = SnapshotFiles.plan(table, TestEvents.NAME, table.currentSnapshot());
    return files.openers(table.schema(), projection, BATCH, true, null);
  }

  private ArrowBatches batches(
      List<ArrowBatches.Opener> openers, Schema projection, int threads, boolean digest) {
    return new ArrowBatches(
        projection,
        openers,
        allocator,
        BATCH,
        digest ? new ContentDigest() : null,
        null,
        hex -> {},
        threads);
  }

  private static List<Long> ids(VectorSchemaRoot root) {
    BigIntVector id = (BigIntVector) root.getVector("id");
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < root.getRowCount(); i++) {
      ids.add(id.get(i));
    }
    return ids;
  }

  private static void collect(VectorSchemaRoot root, List<Object> into) {
    for (int i = 0; i < root.getRowCount(); i++) {
      List<Object> row = new ArrayList<>();
      for (org.apache.arrow.vector.FieldVector vector : root.getFieldVectors()) {
        row.add(String.valueOf(vector.getObject(i)));
      }
      into.add(row);
    }
  }
}

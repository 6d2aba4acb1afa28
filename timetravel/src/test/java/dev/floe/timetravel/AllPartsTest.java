package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.LockVerificationException;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.formats.ReadBuilder;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every split part written in one pass equals the part rehydrated alone, or nothing is written. */
class AllPartsTest {
  private static final Split SPLIT =
      Split.by("id").train(0.6).validation(0.2).test(0.2).seed(42).build();

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
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 120));
    TestEvents.append(table, FileFormat.ORC, TestEvents.rows(table, 120, 200));
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 200, 300));
  }

  @Test
  void partsEqualSinglePartRehydrationsRowForRowReadingEachFileOnce() {
    TrainingLock lock =
        TimeTravel.pin(floe, TestEvents.NAME).select("id", "label").split(SPLIT).commit();
    int dataFiles = lock.dataFiles();
    List<Integer> opened = new ArrayList<>();

    List<AllParts.PartFile> parquet =
        TimeTravel.rehydrate(floe, lock)
            .onFileOpened((file, files) -> opened.add(file))
            .allParts()
            .writeParquet(runs.resolve("parquet"));

    assertThat(dataFiles).isGreaterThan(3);
    assertThat(opened).as("each data file opened once, in order").isEqualTo(range(dataFiles));
    assertThat(parquet).extracting(AllParts.PartFile::part).containsExactly(Split.Part.values());
    assertThat(parquet)
        .extracting(p -> p.file().getFileName().toString())
        .containsExactly(
            "db.events.train.parquet", "db.events.validation.parquet", "db.events.test.parquet");
    assertThat(parquet.stream().mapToLong(AllParts.PartFile::rows).sum()).isEqualTo(300);
    opened.clear();
    List<AllParts.PartFile> arrow =
        TimeTravel.rehydrate(floe, lock)
            .onFileOpened((file, files) -> opened.add(file))
            .allParts()
            .writeArrow(runs.resolve("arrow"), allocator);
    assertThat(opened).isEqualTo(range(dataFiles));
    for (Split.Part part : Split.Part.values()) {
      List<List<Object>> alone = single(lock, part);
      assertThat(alone).as("%s has rows", part).isNotEmpty();
      AllParts.PartFile parquetPart = parquet.get(part.ordinal());
      AllParts.PartFile arrowPart = arrow.get(part.ordinal());
      assertThat(parquetRows(parquetPart.file())).as("parquet %s", part).isEqualTo(alone);
      assertThat(arrowRows(arrowPart.file(), false)).as("arrow %s", part).isEqualTo(alone);
      assertThat(parquetPart.rows()).isEqualTo(alone.size());
      assertThat(arrowPart.rows()).isEqualTo(alone.size());
      assertThat(arrowPart.file().getFileName().toString()).endsWith(".arrow");
    }
  }

  @Test
  void shuffledPartsWithAnUnselectedKeyKeepTheSinglePartOrder() {
    TrainingLock lock =
        TimeTravel.pin(floe, TestEvents.NAME)
            .select("id", "amount")
            .split(Split.by("user_id").train(0.5).validation(0.25).test(0.25).seed(3).build())
            .shuffle(99)
            .commit();

    List<AllParts.PartFile> parts =
        TimeTravel.rehydrate(floe, lock).allParts().writeArrowStream(runs, allocator);

    for (AllParts.PartFile part : parts) {
      assertThat(part.file().getFileName().toString()).endsWith(".arrows");
      List<List<Object>> written = arrowRows(part.file(), true);
      assertThat(written).as("%s", part.part()).isEqualTo(single(lock, part.part()));
      assertThat(written).allMatch(row -> row.size() == 2);
    }
    assertThat(parts.stream().mapToLong(AllParts.PartFile::rows).sum()).isEqualTo(300);
  }

  @Test
  void aDigestMismatchInOnePartPublishesNoPart() throws IOException {
    TrainingLock pinned = TimeTravel.pin(floe, TestEvents.NAME).split(SPLIT).commit();
    TrainingLock tampered =
        LockEdits.withFileDigest(pinned, runs.resolve("lock.json"), 0, "00".repeat(32));
    Path out = runs.resolve("out");
    List<AllParts.PartFile> earlier =
        TimeTravel.rehydrate(floe, pinned).allParts().writeParquet(out);
    byte[] train = Files.readAllBytes(earlier.get(0).file());

    assertThatThrownBy(() -> TimeTravel.rehydrate(floe, tampered).allParts().writeParquet(out))
        .isInstanceOf(LockVerificationException.class)
        .hasMessageStartingWith("content digest mismatch in rows 0-");
    // the first unit of the first file, named with its row range
    assertThat(LockEdits.listing(out))
        .containsExactly(
            "db.events.test.parquet", "db.events.train.parquet", "db.events.validation.parquet");
    assertThat(Files.readAllBytes(earlier.get(0).file())).isEqualTo(train);
    assertThatThrownBy(
            () ->
                TimeTravel.rehydrate(floe, tampered)
                    .allParts()
                    .writeArrow(runs.resolve("a"), allocator))
        .isInstanceOf(LockVerificationException.class);
    assertThat(LockEdits.listing(runs.resolve("a"))).isEmpty();
  }

  @Test
  void refusesALockWithoutSplitOrDigestsUnlessAskedUnverified() {
    TrainingLock plain = TimeTravel.pin(floe, TestEvents.NAME).commit();
    assertThatThrownBy(() -> TimeTravel.rehydrate(floe, plain).allParts())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the lock has no split");
    TrainingLock undigested =
        TimeTravel.pin(floe, TestEvents.NAME).split(SPLIT).contentDigest(false).tag("nd").commit();
    Path out = runs.resolve("nd");

    assertThatThrownBy(() -> TimeTravel.rehydrate(floe, undigested).allParts().writeParquet(out))
        .isInstanceOf(LockVerificationException.class)
        .hasMessageContaining("NOT verified: the lock pins no content digest for every part");
    assertThat(LockEdits.listing(out)).isEmpty();
    AllParts unverified = TimeTravel.rehydrate(floe, undigested).unverified().allParts();
    assertThat(unverified.verified()).isFalse();
    assertThat(unverified.writeParquet(out).stream().mapToLong(AllParts.PartFile::rows).sum())
        .isEqualTo(300);
  }

  private static List<Integer> range(int files) {
    List<Integer> all = new ArrayList<>();
    for (int i = 1; i <= files; i++) {
      all.add(i);
    }
    return all;
  }

  private List<List<Object>> single(TrainingLock lock, Split.Part part) {
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, lock).part(part).arrow(allocator)) {
      List<List<Object>> rows = new ArrayList<>();
      for (VectorSchemaRoot root : batches) {
        rows.addAll(rows(root));
      }
      return rows;
    }
  }

  private List<List<Object>> arrowRows(Path file, boolean stream) {
    List<List<Object>> rows = new ArrayList<>();
    try (var channel = Files.newByteChannel(file);
        ArrowReader reader =
            stream
                ? new ArrowStreamReader(channel, allocator)
                : new ArrowFileReader(channel, allocator)) {
      while (reader.loadNextBatch()) {
        rows.addAll(rows(reader.getVectorSchemaRoot()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  private static List<List<Object>> rows(VectorSchemaRoot root) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < root.getRowCount(); i++) {
      List<Object> row = new ArrayList<>();
      for (FieldVector vector : root.getFieldVectors()) {
        Object value = vector.getObject(i);
        row.add(value == null ? null : value.toString());
      }
      rows.add(row);
    }
    return rows;
  }

  private List<List<Object>> parquetRows(Path file) {
    ReadBuilder<Record, ?> builder =
        FormatModelRegistry.readBuilder(
            FileFormat.PARQUET, Record.class, org.apache.iceberg.Files.localInput(file.toFile()));
    builder.project(table.schema().select("id", "label"));
    List<List<Object>> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = builder.build()) {
      for (Record record : records) {
        List<Object> row = new ArrayList<>();
        for (int i = 0; i < record.size(); i++) {
          row.add(record.get(i) == null ? null : record.get(i).toString());
        }
        rows.add(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}

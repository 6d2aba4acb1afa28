package dev.floe.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.MapRows;
import dev.floe.catalog.testing.MlEvents;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.timetravel.ArrowBatches;
import dev.floe.timetravel.Filters;
import dev.floe.timetravel.Split;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link FloeSpark#read} gives exactly the rows Floe rehydrates, checked on the executors. */
@ExtendWith(LocalSpark.class)
class FloeSparkReadTest {
  static final OffsetDateTime START = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  @TempDir Path runs;
  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  @Test
  void readsEachPartOfAFilteredSplitLockAsFloeRehydratesIt() {
    Table table =
        floe()
            .tables()
            .createIfAbsent(
                "db.events",
                MlEvents.SCHEMA,
                PartitionSpec.builderFor(MlEvents.SCHEMA).identity("user_id").build());
    GenericData.append(table, "main", FileFormat.PARQUET, rows(table, 0, 200));
    GenericData.append(table, "main", FileFormat.ORC, rows(table, 200, 300));
    Path lockFile = runs.resolve("floe.lock.json");
    TrainingLock lock =
        TimeTravel.pin(floe(), "db.events")
            .filter(Filters.parse("amount >= 30.0 and user_id in (0, 1, 2, 4, 5, 6)"))
            .split(Split.by("id").train(0.6).validation(0.2).test(0.2).seed(7).build())
            .writeTo(lockFile);

    List<String> all = new ArrayList<>();
    for (Split.Part part : Split.Part.values()) {
      List<String> floe = floeRows(lock, part);
      List<String> spark = strings(LocalSpark.readLock(settings(), lockFile, part.name()));
      assertThat(floe).isNotEmpty();
      assertThat(spark).containsExactlyElementsOf(floe);
      all.addAll(spark);
    }
    assertThat(all).hasSize((int) (long) lock.rows());
    // One Spark partition, so one task, per data file the lock reads.
    assertThat(LocalSpark.readLockWithPartitions(settings(), lockFile, null).partitions())
        .isEqualTo(lock.fileDigests().size())
        .isGreaterThan(2);
    assertThat(strings(LocalSpark.readLock(settings(), lockFile, null)))
        .containsExactlyInAnyOrderElementsOf(all);
  }

  @Test
  void readsTheLockedColumnsWhenTheFilterAndSplitKeyAreOthers() {
    Table table = events(Map.of());
    GenericData.append(table, "main", FileFormat.PARQUET, rows(table, 0, 150));
    GenericData.append(table, "main", FileFormat.ORC, rows(table, 150, 200));
    Path lockFile = runs.resolve("columns.lock.json");
    TrainingLock lock =
        TimeTravel.pin(floe(), "db.events")
            .select("embedding", "id")
            .filter(Filters.parse("amount < 240.0 or label is null"))
            .split(Split.by("label").train(0.5).validation(0.5).seed(3).build())
            .writeTo(lockFile);

    for (Split.Part part : List.of(Split.Part.TRAIN, Split.Part.VALIDATION)) {
      List<String> spark = strings(LocalSpark.readLock(settings(), lockFile, part.name()));
      assertThat(spark).isNotEmpty().containsExactlyElementsOf(floeRows(lock, part));
      assertThat(spark.get(0).split("\\|", -1)).hasSize(2);
    }
  }

  @Test
  void appliesTheDeleteFilesOfASparkWrittenTable() {
    LocalSpark.sql(
        settings(),
        "CREATE NAMESPACE IF NOT EXISTS floe.db",
        "CREATE TABLE floe.db.sparky (id bigint NOT NULL, amount double, tags array<string>)"
            + " USING iceberg TBLPROPERTIES ('format-version'='2',"
            + " 'write.delete.mode'='merge-on-read')",
        "INSERT INTO floe.db.sparky SELECT id, id * 1.5,"
            + " array(cast(id AS string), 'x') FROM range(0, 100, 1, 2)",
        "DELETE FROM floe.db.sparky WHERE id % 10 = 0");
    Path lockFile = runs.resolve("sparky.lock.json");
    TrainingLock lock = TimeTravel.pin(floe(), "db.sparky").writeTo(lockFile);
    LocalSpark.sql(settings(), "DELETE FROM floe.db.sparky WHERE id < 50");

    List<String> spark = strings(LocalSpark.readLock(settings(), lockFile, null));
    List<String> floe = new ArrayList<>();
    floe.addAll(floeRows(lock, null));
    assertThat(spark).hasSize(90).containsExactlyElementsOf(floe);
  }

  @Test
  void failsTheJobNamingATamperedDataFile() throws Exception {
    Table table = events(Map.of("write.parquet.compression-codec", "uncompressed"));
    GenericData.append(table, "main", FileFormat.PARQUET, rows(table, 0, 50));
    GenericData.append(table, "main", FileFormat.PARQUET, rows(table, 50, 100));
    Path lockFile = runs.resolve("floe.lock.json");
    TimeTravel.pin(floe(), "db.events").writeTo(lockFile);
    assertThat(LocalSpark.readLock(settings(), lockFile, null)).hasSize(100);

    String tampered = Tamper.amount(table, 77);

    assertThatThrownBy(() -> LocalSpark.readLock(settings(), lockFile, null))
        .hasMessageContaining("LockMismatchException")
        .hasMessageContaining("rows 0-49 of " + tampered + " gives 50 rows with digest");
  }

  @Test
  void refusesALockWhoseFingerprintDoesNotMatch() throws Exception {
    Table table = events(Map.of());
    GenericData.append(table, "main", FileFormat.PARQUET, rows(table, 0, 20));
    Path lockFile = runs.resolve("floe.lock.json");
    TrainingLock lock = TimeTravel.pin(floe(), "db.events").writeTo(lockFile);
    String edited = "0".repeat(64);
    Files.writeString(lockFile, Files.readString(lockFile).replace(lock.fingerprint(), edited));

    assertThatThrownBy(() -> LocalSpark.readLock(settings(), lockFile, null))
        .hasMessageContaining("the data or delete files of snapshot " + lock.snapshotId())
        .hasMessageContaining("the lock says " + edited);
  }

  @Test
  void refusesAnOrcMapColumnWhoseEntryOrderTheExecutorsCannotSeeButReadsTheOtherColumns()
      throws Exception {
    Table table =
        floe().tables().createIfAbsent("db.maps", MapRows.SCHEMA, PartitionSpec.unpartitioned());
    GenericData.append(table, "main", FileFormat.ORC, MapRows.rows(table.schema(), 30));
    Path all = runs.resolve("all.lock.json");
    TimeTravel.pin(floe(), "db.maps").writeTo(all);
    Path ids = runs.resolve("ids.lock.json");
    TimeTravel.pin(floe(), "db.maps").select("id").writeTo(ids);

    assertThatThrownBy(() -> LocalSpark.readLock(settings(), all, null))
        .hasMessageContaining("is an ORC file and column 'attrs' holds a map");
    assertThat(LocalSpark.readLock(settings(), ids, null)).hasSize(30);
  }

  Floe floe() {
    return temp.floe();
  }

  Map<String, String> settings() {
    return SparkCatalogs.settings(floe().config());
  }

  Table events(Map<String, String> properties) {
    Table table =
        floe().tables().createIfAbsent("db.events", MlEvents.SCHEMA, PartitionSpec.unpartitioned());
    if (!properties.isEmpty()) {
      var update = table.updateProperties();
      properties.forEach(update::set);
      update.commit();
    }
    return table;
  }

  static List<Record> rows(Table table, long from, long to) {
    return LongStream.range(from, to)
        .mapToObj(
            id ->
                MlEvents.row(
                    table.schema(),
                    id,
                    id % 7,
                    START.plusSeconds(id * 61),
                    id % 11 == 3 ? null : "label-" + id,
                    id % 9 == 4 ? null : Arrays.asList(id * 0.5f, id % 4 == 0 ? null : -1f)))
        .toList();
  }

  // id, user_id, event_ts (micros), amount, label, embedding: as Floe's Arrow vectors give them.
  private List<String> floeRows(TrainingLock lock, Split.Part part) {
    List<String> rows = new ArrayList<>();
    try (ArrowBatches batches = TimeTravel.rehydrate(floe(), lock).part(part).arrow(allocator)) {
      for (VectorSchemaRoot root : batches) {
        List<FieldVector> vectors = root.getFieldVectors();
        for (int row = 0; row < root.getRowCount(); row++) {
          List<Object> values = new ArrayList<>();
          for (FieldVector vector : vectors) {
            Object value = vector.getObject(row);
            values.add(value instanceof List<?> list ? new ArrayList<>(list) : value);
          }
          rows.add(string(values));
        }
      }
    }
    return rows;
  }

  static List<String> strings(List<List<Object>> rows) {
    return rows.stream().map(FloeSparkReadTest::string).toList();
  }

  private static String string(List<Object> values) {
    List<String> parts = new ArrayList<>();
    values.forEach(value -> parts.add(String.valueOf(value)));
    return String.join("|", parts);
  }

  /** Changes bytes of a data file in place, as storage corruption or a careless tool would. */
  static final class Tamper {
    private Tamper() {}

    /**
     * Rewrites the amount of row {@code id} (1.5 * id, stored as a plain double in an uncompressed
     * file) to another value; returns the file's location.
     */
    static String amount(Table table, long id) throws Exception {
      byte[] value = le(id * 1.5);
      for (var snapshot : table.snapshots()) {
        for (var file : snapshot.addedDataFiles(table.io())) {
          Path path = Path.of(java.net.URI.create(file.location()).getPath());
          byte[] bytes = Files.readAllBytes(path);
          int at = indexOf(bytes, value);
          if (at >= 0) {
            System.arraycopy(le(id * 1.5 + 0.25), 0, bytes, at, 8);
            Files.write(path, bytes);
            return file.location();
          }
        }
      }
      throw new IllegalStateException("No file holds the amount of row " + id);
    }

    private static byte[] le(double value) {
      return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(value).array();
    }

    private static int indexOf(byte[] bytes, byte[] value) {
      outer:
      for (int i = 0; i + value.length <= bytes.length; i++) {
        for (int j = 0; j < value.length; j++) {
          if (bytes[i + j] != value[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }
}

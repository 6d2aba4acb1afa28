package dev.floe.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.GenericDeletes;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.columnar.Contribution;
import dev.floe.columnar.Provenance;
import dev.floe.compaction.Compaction;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import dev.floe.timetravel.Lineage;
import dev.floe.timetravel.LockFile;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Provenance of a training set end to end: written by ingest, carried through a sorted compaction,
 * applied deletes and tiering, counted by {@link TimeTravel#lineage} per table of a lock.
 */
class ProvenanceLineageTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  @TempDir Path folder;
  private Floe floe;

  @BeforeEach
  void open() {
    floe = temp.floe();
  }

  /** Ids of producer clicks are even, of views odd, so a sorted rewrite interleaves them. */
  private static void ingest(Table table, String producer, String run, String source, int seqs) {
    int parity = producer.equals("clicks") ? 0 : 1;
    FileFormat format =
        FileFormat.fromString(
            table.properties().getOrDefault(TableProperties.DEFAULT_FILE_FORMAT, "parquet"));
    try (TableWriter writer =
        TableWriter.forTable(table).producerId(producer).run(run).format(format).build()) {
      for (int seq = 1; seq <= seqs; seq++) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          rows.add(Map.of("id", 2L * (seq * 100 + i) + parity, "label", producer));
        }
        writer.append(Batch.ofRows(seq, rows).fromSource(source));
      }
    }
  }

  private Table events(String name) {
    Table table = Lakehouse.events(floe);
    return name.equals("ml.events")
        ? table
        : floe.tables()
            .createIfAbsent(
                name, Lakehouse.SCHEMA, org.apache.iceberg.PartitionSpec.unpartitioned());
  }

  @ParameterizedTest
  @EnumSource(
      value = FileFormat.class,
      names = {"PARQUET", "ORC"})
  void lineageOfALockAddsUpThroughASortedCompactionAndTiering(FileFormat format) {
    Table table =
        floe.tables()
            .createIfAbsent(
                "ml.events",
                Lakehouse.SCHEMA,
                PartitionSpec.unpartitioned(),
                Map.of(TableProperties.DEFAULT_FILE_FORMAT, format.name().toLowerCase()));
    ingest(table, "clicks", "run-a", "a.csv", 3);
    ingest(table, "views", "run-b", "b.csv", 2);
    Compaction.binPack(table).minInputFiles(2).sortBy("id").commit();
    table.refresh();
    assertThat(files(table)).hasSize(1);
    checkEveryRowsOrigin(table, files(table).get(0));

    Path lockPath = folder.resolve("run-42.floe.lock.json");
    TrainingLock lock = TimeTravel.pin(floe, "ml.events").writeTo(lockPath);
    Lineage.Table lineage = TimeTravel.lineage(floe, LockFile.read(lockPath)).tables().get(0);
    assertThat(lineage.origins())
        .containsExactly(
            new Contribution("clicks", "run-a", "a.csv", 1, 3, 300),
            new Contribution("views", "run-b", "b.csv", 1, 2, 200));
    assertThat(lineage.countedRows()).isEqualTo(lock.records()).isEqualTo(500);
    assertThat(lineage.caveats()).isEmpty();
    assertThat(lineage.exact()).isTrue();

    Compaction.tier(table)
        .coldLocation(folder.resolve("cold").toString())
        .coldAfter(Duration.ofDays(7))
        .now(Instant.now().plus(Duration.ofDays(10)))
        .commit();
    table.refresh();
    assertThat(files(table).get(0).location()).contains("cold");
    checkEveryRowsOrigin(table, files(table).get(0));
    Lineage.Table tiered = TimeTravel.lineage(floe, "ml.events", null).tables().get(0);
    assertThat(tiered.origins()).isEqualTo(lineage.origins());
    assertThat(tiered.exact()).isTrue();
  }

  @Test
  void compactionCountsOnlyTheRowsThatSurviveAppliedDeletes() {
    Table table = events("ml.events");
    ingest(table, "clicks", "run-a", "a.csv", 1);
    ingest(table, "views", "run-b", "b.csv", 1);
    DataFile views =
        files(table).stream()
            .filter(
                f ->
                    Provenance.read(table.io(), f)
                        .orElseThrow()
                        .contributions()
                        .get(0)
                        .producer()
                        .equals("views"))
            .findFirst()
            .orElseThrow();
    GenericDeletes.commit(table, GenericDeletes.positions(table, views, 0, 1, 2, 99));
    Lineage.Table before = TimeTravel.lineage(floe, "ml.events", null).tables().get(0);
    assertThat(before.exact()).isFalse();
    assertThat(before.caveats()).anyMatch(c -> c.contains("1 files have delete files"));

    Compaction.binPack(table).minInputFiles(2).sortBy("id").commit();
    table.refresh();
    Lineage.Table after = TimeTravel.lineage(floe, "ml.events", null).tables().get(0);
    assertThat(after.origins())
        .containsExactly(
            new Contribution("clicks", "run-a", "a.csv", 1, 1, 100),
            new Contribution("views", "run-b", "b.csv", 1, 1, 96));
    assertThat(after.exact()).isTrue();
    checkEveryRowsOrigin(table, files(table).get(0));
  }

  @Test
  void filesWrittenByAnotherEngineShowAsUnknownRows() {
    Table table = events("ml.events");
    ingest(table, "clicks", "run-a", "a.csv", 1);
    List<Record> rows = new ArrayList<>();
    for (long id = 1; id <= 7; id++) {
      Record r = GenericRecord.create(Lakehouse.SCHEMA);
      r.set(0, id * 2 + 1);
      r.set(1, "spark");
      rows.add(r);
    }
    GenericData.append(table, "main", FileFormat.PARQUET, rows);
    Lineage.Table lineage = TimeTravel.lineage(floe, "ml.events", null).tables().get(0);
    assertThat(lineage.origins())
        .containsExactly(
            new Contribution("clicks", "run-a", "a.csv", 1, 1, 100), Contribution.unknown(7));
    assertThat(lineage.countedRows()).isEqualTo(107);
    assertThat(lineage.exact()).isFalse();
    assertThat(lineage.caveats())
        .anyMatch(c -> c.startsWith("7 rows in 1 files have no provenance"));
    assertThat(lineage.files())
        .extracting(Lineage.File::flag)
        .containsExactlyInAnyOrder(null, "no-provenance");

    // Compacted together, the unknown rows stay unknown, still counted.
    Compaction.binPack(table).minInputFiles(2).commit();
    Lineage.Table compacted = TimeTravel.lineage(floe, "ml.events", null).tables().get(0);
    assertThat(compacted.files()).hasSize(1);
    assertThat(compacted.origins()).isEqualTo(lineage.origins());
    assertThat(compacted.caveats()).anyMatch(c -> c.startsWith("7 rows were rewritten"));
  }

  @Test
  void aFileWithUnreadableProvenanceIsFlaggedAndStillCompacts() throws Exception {
    Table table = events("ml.events");
    ingest(table, "clicks", "run-a", "a.csv", 1);
    String location = table.locationProvider().newDataLocation("odd.parquet");
    DataWriter<Record> writer =
        FormatModelRegistry.<Record, Object>dataWriteBuilder(
                FileFormat.PARQUET,
                Record.class,
                EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(location)))
            .schema(table.schema())
            .spec(table.spec())
            .meta(Provenance.KEY, "{not json")
            .build();
    try (writer) {
      for (long id = 1; id <= 5; id++) {
        Record r = GenericRecord.create(Lakehouse.SCHEMA);
        r.set(0, id * 2 + 1);
        writer.write(r);
      }
    }
    table.newAppend().appendFile(writer.toDataFile()).commit();

    Lineage.Table lineage = TimeTravel.lineage(floe, "ml.events", null).tables().get(0);
    assertThat(lineage.files())
        .extracting(Lineage.File::flag)
        .containsExactlyInAnyOrder(null, "invalid-provenance");
    assertThat(lineage.countedRows()).isEqualTo(105);
    assertThat(lineage.caveats()).anyMatch(c -> c.contains("odd.parquet: its floe.provenance"));

    Compaction.binPack(table).minInputFiles(2).commit();
    Lineage.Table compacted = TimeTravel.lineage(floe, "ml.events", null).tables().get(0);
    assertThat(compacted.origins())
        .containsExactly(
            new Contribution("clicks", "run-a", "a.csv", 1, 1, 100), Contribution.unknown(5));
  }

  @Test
  void multiTableLockCountsEachTableAndSaysWhereAFilterMakesCountsWholeFiles() {
    Table features = events("ml.events");
    Table labels = events("ml.labels");
    ingest(features, "clicks", "run-a", "a.csv", 2);
    ingest(labels, "views", "run-b", "b.csv", 1);
    Path lockPath = folder.resolve("multi.floe.lock.json");
    LockFile locks =
        TimeTravel.pinAll(floe, List.of("ml.events", "ml.labels"))
            .configure("ml.labels", pin -> pin.filter(Expressions.lessThan("id", 250L)))
            .writeTo(lockPath);
    Lineage lineage = TimeTravel.lineage(floe, LockFile.read(lockPath));
    assertThat(lineage.tables()).hasSize(2);
    Lineage.Table first = lineage.tables().get(0);
    Lineage.Table second = lineage.tables().get(1);
    assertThat(first.name()).isEqualTo("ml.events");
    assertThat(first.origins())
        .containsExactly(new Contribution("clicks", "run-a", "a.csv", 1, 2, 200));
    assertThat(first.countedRows()).isEqualTo(locks.locks().get(0).records());
    assertThat(first.exact()).isTrue();
    assertThat(second.countedRows()).isEqualTo(locks.locks().get(1).records()).isEqualTo(100);
    assertThat(second.exact()).isFalse();
    assertThat(second.caveats()).anyMatch(c -> c.contains("filter"));
    assertThat(lineage.exact()).isFalse();
  }

  private static List<DataFile> files(Table table) {
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(t -> files.add(t.file()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return files;
  }

  /** Every row of {@code file}, in file order, has the origin its id says (even: clicks). */
  private static void checkEveryRowsOrigin(Table table, DataFile file) {
    Provenance.Cursor cursor = Provenance.read(table.io(), file).orElseThrow().cursor();
    long position = 0;
    int changes = 0;
    String last = null;
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
      for (Record row : rows) {
        String producer = cursor.at(position++).producer();
        assertThat(producer).isEqualTo((Long) row.getField("id") % 2 == 0 ? "clicks" : "views");
        changes += producer.equals(last) ? 0 : 1;
        last = producer;
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(position).isEqualTo(file.recordCount());
    assertThat(changes).as("a sorted rewrite interleaves the producers").isGreaterThan(2);
  }
}

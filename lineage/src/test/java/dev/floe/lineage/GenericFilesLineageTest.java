package dev.floe.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.columnar.Contribution;
import dev.floe.columnar.Provenance;
import dev.floe.compaction.Compaction;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import dev.floe.timetravel.ArrowBatches;
import dev.floe.timetravel.Lineage;
import dev.floe.timetravel.LockFile;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lineage of tables whose files are not all written by Floe's columnar writers: an Avro table
 * (compaction and tiering write it through Iceberg's generic writer: rows staged, then copied under
 * a header with their provenance) and a Parquet table with a decimal column, through ingest, a
 * sorted compaction and tiering. Their lineage adds up to the lock's records, exactly, and
 * Iceberg's reader and Floe's read the rows ingested.
 */
class GenericFilesLineageTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "label", Types.StringType.get()),
          Types.NestedField.optional(3, "price", Types.DecimalType.of(9, 2)));
  // Without the decimal, compaction reads the ingested Parquet files through the page decoder.
  private static final Schema NO_DECIMAL = new Schema(SCHEMA.columns().subList(0, 2));

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  @TempDir Path folder;
  private Floe floe;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    floe = temp.floe();
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    allocator.close();
  }

  @ParameterizedTest
  @CsvSource({"AVRO,true", "AVRO,false", "PARQUET,true"})
  void lineageAddsUpThroughIngestSortedCompactionAndTiering(FileFormat format, boolean decimal) {
    Table table =
        floe.tables()
            .createIfAbsent(
                "ml.priced",
                decimal ? SCHEMA : NO_DECIMAL,
                PartitionSpec.unpartitioned(),
                Map.of(TableProperties.DEFAULT_FILE_FORMAT, format.name().toLowerCase()));
    Map<Long, Object> ingested = new LinkedHashMap<>();
    ingest(table, "clicks", "run-a", "a.csv", 3, ingested);
    ingest(table, "views", "run-b", "b.csv", 2, ingested);
    List<Contribution> origins =
        List.of(
            new Contribution("clicks", "run-a", "a.csv", 1, 3, 300),
            new Contribution("views", "run-b", "b.csv", 1, 2, 200));
    checkLineage(table, origins, "ingest.floe.lock.json");
    checkRows(table, ingested);

    Compaction.binPack(table).minInputFiles(2).sortBy("id").commit();
    table.refresh();
    assertThat(files(table)).hasSize(1).allSatisfy(f -> assertThat(f.format()).isEqualTo(format));
    checkEveryRowsOrigin(table, files(table).get(0));
    checkLineage(table, origins, "compacted.floe.lock.json");
    checkRows(table, ingested);

    Compaction.tier(table)
        .coldLocation(folder.resolve("cold").toString())
        .coldAfter(Duration.ofDays(7))
        .now(Instant.now().plus(Duration.ofDays(10)))
        .commit();
    table.refresh();
    assertThat(files(table).get(0).location()).contains("cold");
    checkEveryRowsOrigin(table, files(table).get(0));
    checkLineage(table, origins, "tiered.floe.lock.json");
    checkRows(table, ingested);
  }

  /** Ids of producer clicks are even, of views odd, so a sorted rewrite interleaves them. */
  private static void ingest(
      Table table,
      String producer,
      String run,
      String source,
      int seqs,
      Map<Long, Object> ingested) {
    int parity = producer.equals("clicks") ? 0 : 1;
    // The writer writes Parquet (it takes no Avro); compaction and tiering write the table's
    // format.
    try (TableWriter writer = TableWriter.forTable(table).producerId(producer).run(run).build()) {
      for (int seq = 1; seq <= seqs; seq++) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          long id = 2L * (seq * 100 + i) + parity;
          BigDecimal price = BigDecimal.valueOf(id * 37 % 100_000, 2);
          boolean decimal = table.schema().findField("price") != null;
          rows.add(
              decimal
                  ? Map.of("id", id, "label", producer, "price", price)
                  : Map.of("id", id, "label", producer));
          ingested.put(id, decimal ? price : producer);
        }
        writer.append(Batch.ofRows(seq, rows).fromSource(source));
      }
    }
  }

  private void checkLineage(Table table, List<Contribution> origins, String lockName) {
    Path lockPath = folder.resolve(lockName);
    TrainingLock lock = TimeTravel.pin(floe, "ml.priced").writeTo(lockPath);
    Lineage.Table lineage = TimeTravel.lineage(floe, LockFile.read(lockPath)).tables().get(0);
    assertThat(lineage.origins()).containsExactlyElementsOf(origins);
    assertThat(lineage.countedRows()).isEqualTo(lock.records()).isEqualTo(500);
    assertThat(lineage.files()).extracting(Lineage.File::flag).containsOnlyNulls();
    assertThat(lineage.caveats()).isEmpty();
    assertThat(lineage.exact()).isTrue();
  }

  /** Iceberg's generic reader and Floe's Arrow reader both read exactly the rows ingested. */
  private void checkRows(Table table, Map<Long, Object> ingested) {
    Map<Long, Object> iceberg = new LinkedHashMap<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
      for (Record row : rows) {
        iceberg.put((Long) row.getField("id"), row.getField(valueColumn(table)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<Long, Object> arrow = new LinkedHashMap<>();
    try (ArrowBatches batches = TimeTravel.read(table).arrow(allocator)) {
      for (VectorSchemaRoot batch : batches) {
        for (int i = 0; i < batch.getRowCount(); i++) {
          arrow.put(
              (Long) batch.getVector("id").getObject(i),
              value(batch.getVector(valueColumn(table)).getObject(i)));
        }
      }
    }
    assertThat(iceberg).hasSize(500).isEqualTo(ingested);
    assertThat(arrow).isEqualTo(ingested);
  }

  // The decimal when the table has one, else the label.
  private static String valueColumn(Table table) {
    return table.schema().findField("price") != null ? "price" : "label";
  }

  private static Object value(Object arrow) {
    return arrow instanceof org.apache.arrow.vector.util.Text text ? text.toString() : arrow;
  }

  private static List<DataFile> files(Table table) {
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(t -> files.add(t.file()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.sort(Comparator.comparing(DataFile::location));
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
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(position).isEqualTo(file.recordCount());
    assertThat(changes).as("a sorted rewrite interleaves the producers").isGreaterThan(2);
  }
}

package dev.floe.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.MlEvents;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.lockformat.DigestField;
import dev.floe.lockformat.Digests;
import dev.floe.lockformat.Lock;
import dev.floe.lockformat.RowDigest;
import dev.floe.timetravel.Filters;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A format-5 lock ({@code floe-digest/2}, row-group units) read on Spark. The lock is also built
 * here from the spec's formulas (each file's Parquet row groups as units, their digests over the
 * rows that pass the filter), and must equal the one Floe pinned: two implementations, one digest.
 */
@ExtendWith(LocalSpark.class)
class Digest2LockTest {
  private static final String FILTER = "amount >= 30.0";

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  @TempDir Path runs;

  @Test
  void readsAndChecksEveryUnitThenNamesTheRowsOfATamperedOne() throws Exception {
    Table table =
        temp.floe()
            .tables()
            .createIfAbsent("db.events", MlEvents.SCHEMA, PartitionSpec.unpartitioned());
    // Row groups of 100 rows (the writer checks the size every 100), stored uncompressed.
    table
        .updateProperties()
        .set("write.parquet.row-group-size-bytes", "1")
        .set("write.parquet.compression-codec", "uncompressed")
        .commit();
    GenericData.append(table, "main", FileFormat.PARQUET, FloeSparkReadTest.rows(table, 0, 250));
    GenericData.append(table, "main", FileFormat.PARQUET, FloeSparkReadTest.rows(table, 250, 320));
    Path lock4 = runs.resolve("floe4.lock.json");
    TrainingLock lock =
        TimeTravel.pin(temp.floe(), "db.events").filter(Filters.parse(FILTER)).writeTo(lock4);
    Path lock5 = runs.resolve("floe5.lock.json");
    Files.writeString(lock5, digest2(table, lock, Files.readString(lock4)));
    Map<String, String> settings = SparkCatalogs.settings(temp.floe().config());

    List<String> read4 = FloeSparkReadTest.strings(LocalSpark.readLock(settings, lock4, null));
    List<String> read5 = FloeSparkReadTest.strings(LocalSpark.readLock(settings, lock5, null));
    assertThat(read5).hasSize(300).containsExactlyElementsOf(read4);

    String tampered = FloeSparkReadTest.Tamper.amount(table, 150);
    assertThatThrownBy(() -> LocalSpark.readLock(settings, lock5, null))
        .hasMessageContaining("LockMismatchException")
        .hasMessageContaining("rows 100-199 of " + tampered + " gives 100 rows");
  }

  // The format-4 lock with each file's digest replaced by its floe-digest/2 digest and units.
  private static String digest2(Table table, TrainingLock lock, String json) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode node = (ObjectNode) mapper.readTree(json);
    Schema schema = table.schemas().get(lock.schemaId());
    Expression filter = Filters.parse(FILTER);
    List<Lock.FileEntry> files = new ArrayList<>();
    ArrayNode entries = node.putArray("fileDigests");
    for (var pinned : lock.fileDigests()) {
      Path path = Path.of(URI.create(pinned.path()).getPath());
      List<Record> rows = read(table, pinned.path(), schema);
      List<Lock.Unit> units = new ArrayList<>();
      long offset = 0;
      for (long count : rowGroups(path)) {
        RowDigest unit = digest(schema);
        for (long position = offset; position < offset + count; position++) {
          Record row = rows.get((int) position);
          if (matches(schema, filter, row)) {
            unit.add(values(schema, row));
          }
        }
        units.add(new Lock.Unit(offset, count, unit.rows(), Digests.hex(unit.finish()), Map.of()));
        offset += count;
      }
      // Floe pins format 5 itself now: its units are the ones built here from the spec.
      assertThat(units)
          .containsExactlyElementsOf(
              pinned.units().stream()
                  .map(u -> new Lock.Unit(u.offset(), u.count(), u.rows(), u.digest(), Map.of()))
                  .toList());
      assertThat(Digests.fileOfUnits(units)).isEqualTo(pinned.digest());
      Lock.FileEntry file =
          new Lock.FileEntry(pinned.path(), pinned.rows(), Digests.fileOfUnits(units), units);
      files.add(file);
      ObjectNode entry = entries.addObject();
      entry.put("path", file.path()).put("rows", file.rows()).put("digest", file.digest());
      ArrayNode unitArray = entry.putArray("units");
      for (Lock.Unit unit : units) {
        unitArray
            .addObject()
            .put("offset", unit.offset())
            .put("count", unit.count())
            .put("rows", unit.rows())
            .put("digest", unit.digest());
      }
    }
    assertThat(files.get(0).units()).hasSize(3);
    node.put("formatVersion", 5);
    node.put("digestAlgorithm", Lock.DIGEST_2);
    node.put("contentDigest", Digests.root(files));
    return mapper.writeValueAsString(node);
  }

  private static List<Long> rowGroups(Path path) throws Exception {
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(path))) {
      return reader.getFooter().getBlocks().stream().map(BlockMetaData::getRowCount).toList();
    }
  }

  private static List<Record> read(Table table, String location, Schema schema) throws Exception {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> records =
        Parquet.read(table.io().newInputFile(location))
            .project(schema)
            .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema))
            .build()) {
      records.forEach(row -> rows.add(row.copy()));
    }
    return rows;
  }

  private static boolean matches(Schema schema, Expression filter, Record row) {
    return new Evaluator(schema.asStruct(), filter)
        .eval(new InternalRecordWrapper(schema.asStruct()).wrap(row));
  }

  private static RowDigest digest(Schema schema) {
    List<DigestField> fields = new ArrayList<>();
    for (Types.NestedField column : schema.columns()) {
      fields.add(IcebergValues.field(column.type(), column.isOptional()));
    }
    return new RowDigest(fields);
  }

  private static List<Object> values(Schema schema, Record row) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < schema.columns().size(); i++) {
      values.add(IcebergValues.digest(schema.columns().get(i).type(), row.get(i)));
    }
    return values;
  }
}

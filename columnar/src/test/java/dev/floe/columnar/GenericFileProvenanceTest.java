package dev.floe.columnar;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.testing.RandomRows;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files of Iceberg's generic writers (Avro tables, Parquet columns the columnar writer leaves to
 * Iceberg, such as nanosecond timestamps) carry the provenance of their own rows, and read back
 * through Iceberg's readers with the rows written.
 */
class GenericFileProvenanceTest {
  private static final Schema AVRO =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "word", Types.StringType.get()),
          optional(3, "price", Types.DecimalType.of(9, 2)));
  // Nanosecond timestamps send a Parquet table through Iceberg's own writer.
  private static final Schema NANOS =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "at", Types.TimestampNanoType.withZone()));

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  @TempDir Path staging;
  private BufferAllocator allocator;
  private String tmpdir;

  @BeforeEach
  void open() {
    allocator = temp.resource(BufferAllocator.class);
    // Staged Avro files go to java.io.tmpdir: a folder of this test's own, to see them cleaned.
    tmpdir = System.getProperty("java.io.tmpdir");
    System.setProperty("java.io.tmpdir", staging.toString());
  }

  @AfterEach
  void restore() {
    System.setProperty("java.io.tmpdir", tmpdir);
  }

  @ParameterizedTest
  @ValueSource(strings = {"avro", "parquet-nanos"})
  void eachRolledFileCarriesTheProvenanceOfItsOwnRows(String kind) throws IOException {
    Table table = table(kind);
    List<Record> rows = RandomRows.of(table.schema(), 2500, 17);
    Contribution a = Contribution.of("clicks", "run-1", "a.csv", 7, 0);
    Contribution b = Contribution.of("views", "run-1", null, 3, 0);
    ProvenanceLog log = new ProvenanceLog();
    List<DataFile> written;
    try (VectorSchemaRoot root = root(table.schema(), rows);
        PartitionWriter writer =
            ColumnarFiles.forTable(table).targetFileSize(1).build().open(null, log)) {
      log.add(a, 1500);
      writer.write(root, null, 0, 1500);
      log.add(b, 1000);
      writer.write(root, null, 1500, 2500);
      written = writer.finish();
    }
    commit(table, written);

    // Rolled every 1000 rows (target 1 byte): 1000 of a, then 500 a + 500 b, then 500 b.
    assertThat(written).hasSize(3);
    List<Provenance> read = new ArrayList<>();
    for (DataFile file : written) {
      read.add(Provenance.read(table.io(), file).orElseThrow());
      assertThat(file.fileSizeInBytes())
          .as("size of %s", file.location())
          .isEqualTo(table.io().newInputFile(file.location()).getLength());
      assertThat(file.recordCount()).isEqualTo(read.get(read.size() - 1).rows());
    }
    assertThat(read.get(0).contributions()).containsExactly(a.withRows(1000));
    assertThat(read.get(1).contributions()).containsExactly(a.withRows(500), b.withRows(500));
    assertThat(read.get(2).contributions()).containsExactly(b.withRows(500));
    Provenance.Cursor cursor = read.get(1).cursor();
    assertThat(cursor.at(499)).isEqualTo(a.withRows(500));
    assertThat(cursor.at(500)).isEqualTo(b.withRows(500));
    assertThat(log.rows()).isZero();
    assertThat(read(table)).isEqualTo(rows.stream().map(Record::toString).toList());
    assertThat(stagedFiles()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"avro", "parquet-nanos"})
  void closeWithoutFinishLeavesNoDataFileAndNoStagedFile(String kind) throws IOException {
    Table table = table(kind);
    List<Record> rows = RandomRows.of(table.schema(), 2500, 5);
    ProvenanceLog log = new ProvenanceLog();
    try (VectorSchemaRoot root = root(table.schema(), rows);
        PartitionWriter writer =
            ColumnarFiles.forTable(table).targetFileSize(1).build().open(null, log)) {
      log.add(Contribution.of("p", "r", null, 1, 0), rows.size());
      writer.write(root, null, 0, rows.size());
    }
    assertThat(dataFiles(table)).isEmpty();
    assertThat(stagedFiles()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"avro", "parquet-nanos"})
  void filesWrittenWithoutALogHaveNoProvenance(String kind) {
    Table table = table(kind);
    List<Record> rows = RandomRows.of(table.schema(), 10, 3);
    List<DataFile> written;
    try (VectorSchemaRoot root = root(table.schema(), rows);
        PartitionWriter writer = ColumnarFiles.forTable(table).build().open(null)) {
      writer.write(root, null, 0, rows.size());
      written = writer.finish();
    }
    commit(table, written);
    assertThat(Provenance.read(table.io(), written.get(0))).isEmpty();
    assertThat(read(table)).isEqualTo(rows.stream().map(Record::toString).toList());
  }

  private Table table(String kind) {
    boolean avro = kind.equals("avro");
    return temp.floe()
        .tables()
        .createIfAbsent(
            "db.generic_" + kind.replace('-', '_'),
            avro ? AVRO : NANOS,
            PartitionSpec.unpartitioned(),
            avro
                ? Map.of(TableProperties.DEFAULT_FILE_FORMAT, "avro")
                : Map.of(TableProperties.FORMAT_VERSION, "3"));
  }

  private VectorSchemaRoot root(Schema schema, List<Record> rows) {
    VectorSchemaRoot root = VectorSchemaRoot.create(ArrowLayout.of(schema), allocator);
    RowAppender appender = RowAppender.into(root, schema);
    rows.forEach(appender::append);
    return appender.finish();
  }

  private static void commit(Table table, List<DataFile> files) {
    AppendFiles append = table.newAppend();
    files.forEach(append::appendFile);
    append.commit();
  }

  private static List<String> read(Table table) {
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      List<String> values = new ArrayList<>();
      records.forEach(r -> values.add(r.toString()));
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Path> stagedFiles() throws IOException {
    // Other libraries may use the folder too (snappy unpacks its native library there).
    try (Stream<Path> files = Files.list(staging)) {
      return files.filter(f -> f.getFileName().toString().startsWith("floe-staged-")).toList();
    }
  }

  private static List<Path> dataFiles(Table table) throws IOException {
    Path data = Path.of(java.net.URI.create(table.location() + "/data").getPath());
    if (!Files.exists(data)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(data)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .toList();
    }
  }
}

package dev.floe.columnar;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.testing.RandomRows;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GenericPartitionWriterTest {
  private static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "flag", Types.BooleanType.get()),
          optional(3, "n", Types.IntegerType.get()),
          optional(4, "f", Types.FloatType.get()),
          optional(5, "d", Types.DoubleType.get()),
          optional(6, "day", Types.DateType.get()),
          optional(7, "t", Types.TimeType.get()),
          optional(8, "at", Types.TimestampType.withZone()),
          optional(9, "local", Types.TimestampType.withoutZone()),
          optional(10, "word", Types.StringType.get()),
          optional(11, "bin", Types.BinaryType.get()),
          optional(12, "fix", Types.FixedType.ofLength(3)),
          optional(13, "u", Types.UUIDType.get()),
          optional(14, "price", Types.DecimalType.of(9, 2)),
          optional(15, "big", Types.DecimalType.of(38, 10)),
          optional(16, "emb", Types.ListType.ofOptional(20, Types.FloatType.get())),
          optional(17, "tags", Types.ListType.ofRequired(21, Types.StringType.get())),
          optional(
              18,
              "attrs",
              Types.MapType.ofOptional(22, 23, Types.StringType.get(), Types.IntegerType.get())),
          optional(
              19,
              "point",
              Types.StructType.of(
                  required(24, "x", Types.IntegerType.get()),
                  optional(25, "label", Types.StringType.get()))));

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = temp.resource(BufferAllocator.class);
  }

  @ParameterizedTest
  @EnumSource(
      value = FileFormat.class,
      names = {"PARQUET", "ORC", "AVRO"})
  void everyLayoutTypeRoundTripsInTheOrderGiven(FileFormat format) {
    Table table = table("db.all_" + format.name().toLowerCase(), SCHEMA, format);
    List<Record> rows = RandomRows.of(SCHEMA, 500, 7);
    int[] order = IntStream.range(0, rows.size()).map(i -> rows.size() - 1 - i).toArray();

    List<DataFile> files;
    try (VectorSchemaRoot root = root(SCHEMA, rows);
        PartitionWriter writer = ColumnarFiles.forTable(table).build().open(null)) {
      writer.write(root, order, 10, 260);
      writer.write(root, null, 0, 5); // a second slice into the same file
      files = writer.finish();
    }
    commit(table, files);

    List<Object> expected = new ArrayList<>();
    IntStream.range(10, 260).forEach(i -> expected.add(normal(rows.get(order[i]))));
    IntStream.range(0, 5).forEach(i -> expected.add(normal(rows.get(i))));
    assertThat(files).hasSize(1);
    assertThat(files.get(0).recordCount()).isEqualTo(255);
    assertThat(files.get(0).format()).isEqualTo(format);
    assertThat(read(table)).isEqualTo(expected);
  }

  @Test
  void nanosecondTimestampsRoundTrip() {
    Schema schema =
        new Schema(
            required(1, "id", Types.LongType.get()),
            optional(2, "at", Types.TimestampNanoType.withZone()),
            optional(3, "local", Types.TimestampNanoType.withoutZone()));
    Table table =
        temp.floe()
            .tables()
            .createIfAbsent(
                "db.nanos",
                schema,
                PartitionSpec.unpartitioned(),
                Map.of(TableProperties.FORMAT_VERSION, "3"));
    List<Record> rows = RandomRows.of(schema, 200, 3);

    try (VectorSchemaRoot root = root(schema, rows);
        PartitionWriter writer = ColumnarFiles.forTable(table).build().open(null)) {
      writer.write(root, null, 0, rows.size());
      commit(table, writer.finish());
    }

    assertThat(read(table))
        .isEqualTo(rows.stream().map(GenericPartitionWriterTest::normal).toList());
  }

  @Test
  void writesThePartitionItIsGivenAndRollsAtTheTargetSize() {
    Table table =
        temp.floe()
            .tables()
            .createIfAbsent(
                "db.parts", SCHEMA, PartitionSpec.builderFor(SCHEMA).bucket("id", 4).build());
    List<Record> rows = RandomRows.of(SCHEMA, 3000, 11);
    PartitionKey key = new PartitionKey(table.spec(), SCHEMA);
    key.partition(new InternalRecordWrapper(SCHEMA.asStruct()).wrap(rows.get(0)));

    List<DataFile> files;
    try (VectorSchemaRoot root = root(SCHEMA, rows);
        PartitionWriter writer =
            ColumnarFiles.forTable(table).targetFileSize(8 * 1024).build().open(key)) {
      writer.write(root, null, 0, rows.size());
      files = writer.finish();
    }

    assertThat(files).hasSizeGreaterThan(1);
    assertThat(files.stream().mapToLong(DataFile::recordCount).sum()).isEqualTo(3000);
    assertThat(files)
        .allSatisfy(
            f ->
                assertThat(f.partition().get(0, Integer.class))
                    .isEqualTo(key.get(0, Integer.class)));
  }

  @Test
  void closeWithoutFinishDeletesEveryFileWritten() throws IOException {
    Table table = table("db.aborted", SCHEMA, FileFormat.PARQUET);
    List<Record> rows = RandomRows.of(SCHEMA, 2000, 5);

    try (VectorSchemaRoot root = root(SCHEMA, rows);
        PartitionWriter writer =
            ColumnarFiles.forTable(table).targetFileSize(4 * 1024).build().open(null)) {
      writer.write(root, null, 0, rows.size());
      assertThat(dataFiles(table)).isNotEmpty(); // rolled files are on disk already
    }

    assertThat(dataFiles(table)).isEmpty();
  }

  @Test
  void rejectsRowsOutsideTheRoot() {
    Table table = table("db.bounds", SCHEMA, FileFormat.AVRO);
    try (VectorSchemaRoot root = root(SCHEMA, RandomRows.of(SCHEMA, 3, 1));
        PartitionWriter writer = ColumnarFiles.forTable(table).build().open(null)) {
      assertThatThrownBy(() -> writer.write(root, null, 0, 4))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Invalid rows [0, 4) of 3 rows");
    }
  }

  private Table table(String name, Schema schema, FileFormat format) {
    return temp.floe()
        .tables()
        .createIfAbsent(
            name,
            schema,
            PartitionSpec.unpartitioned(),
            Map.of(TableProperties.DEFAULT_FILE_FORMAT, format.name()));
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

  private static List<Object> read(Table table) {
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      List<Object> values = new ArrayList<>();
      records.forEach(r -> values.add(normal(r)));
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Path> dataFiles(Table table) throws IOException {
    Path data = Path.of(java.net.URI.create(table.location() + "/data").getPath());
    if (!Files.exists(data)) {
      return List.of();
    }
    try (var walk = Files.walk(data)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .toList();
    }
  }

  // Comparable forms: byte arrays as buffers, records as lists.
  private static Object normal(Object value) {
    if (value instanceof byte[] bytes) {
      return ByteBuffer.wrap(bytes);
    } else if (value instanceof StructLike struct) {
      List<Object> fields = new ArrayList<>();
      for (int i = 0; i < struct.size(); i++) {
        fields.add(normal(struct.get(i, Object.class)));
      }
      return fields;
    } else if (value instanceof List<?> list) {
      return list.stream().map(GenericPartitionWriterTest::normal).toList();
    } else if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(normal(k), normal(v)));
      return copy;
    }
    return value;
  }
}

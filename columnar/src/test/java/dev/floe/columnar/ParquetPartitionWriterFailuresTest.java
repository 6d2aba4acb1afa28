package dev.floe.columnar;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ParquetPartitionWriterFailuresTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private BufferAllocator allocator;
  private final Schema schema =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "count", Types.IntegerType.get()),
          required(3, "weight", Types.FloatType.get()),
          optional(4, "price", Types.DecimalType.of(9, 2)),
          optional(
              5,
              "point",
              Types.StructType.of(
                  required(6, "x", Types.DoubleType.get()),
                  optional(7, "y", Types.FloatType.get()))));
  private Table table;

  @BeforeEach
  void open() {
    allocator = temp.resource(BufferAllocator.class);
    table =
        BothWriters.create(temp.floe(), "ml.bad", schema, PartitionSpec.unpartitioned(), Map.of());
  }

  private List<Record> rows(int count) {
    List<Record> rows = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      Record point = GenericRecord.create(schema.findType("point").asStructType());
      point.setField("x", k * 0.5);
      point.setField("y", k % 3 == 0 ? null : (float) k);
      Record row = GenericRecord.create(schema);
      row.setField("id", (long) k);
      row.setField("count", k);
      row.setField("weight", k * 1.5f);
      row.setField("price", BigDecimal.valueOf(k, 2));
      row.setField("point", point);
      rows.add(row);
    }
    return rows;
  }

  private PartitionWriter open(long targetSize) {
    return ColumnarFiles.forTable(table).targetFileSize(targetSize).build().open(null);
  }

  private List<Path> dataFiles() throws IOException {
    Path data = Path.of(table.location().replaceFirst("^file:", ""), "data");
    if (!Files.exists(data)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(data)) {
      return files.filter(p -> p.toString().endsWith(".parquet")).toList();
    }
  }

  @Test
  void closeWithoutFinishDeletesEveryFileWritten() throws IOException {
    try (VectorSchemaRoot root = RecordsToArrow.of(schema, rows(20_000), allocator)) {
      PartitionWriter writer = open(10_000);
      writer.write(root, null, 0, 20_000);
      assertThat(dataFiles()).hasSizeGreaterThan(1);
      writer.close();
    }
    assertThat(dataFiles()).isEmpty();
  }

  @Test
  void finishedFilesStayAfterClose() throws IOException {
    try (VectorSchemaRoot root = RecordsToArrow.of(schema, rows(5_000), allocator);
        PartitionWriter writer = open(10_000)) {
      writer.write(root, null, 0, 5_000);
      assertThat(writer.finish()).hasSize(dataFiles().size());
    }
    assertThat(dataFiles()).isNotEmpty();
  }

  @Test
  void aVectorOfTheWrongTypeFailsNamingTheColumnBeforeAnyRow() throws IOException {
    org.apache.arrow.vector.types.pojo.Schema layout = ArrowLayout.of(schema);
    List<Field> fields = new ArrayList<>(layout.getFields());
    Field point = fields.get(4);
    Field wideY = new Field("y", FieldType.nullable(new ArrowType.Int(64, true)), null);
    fields.set(
        4, new Field("point", point.getFieldType(), List.of(point.getChildren().get(0), wideY)));
    try (VectorSchemaRoot root =
            VectorSchemaRoot.create(
                new org.apache.arrow.vector.types.pojo.Schema(fields), allocator);
        PartitionWriter writer = open(1L << 30)) {
      root.allocateNew();
      root.setRowCount(3);
      assertThatThrownBy(() -> writer.write(root, null, 0, 3))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Cannot write column point.y")
          .hasMessageContaining("FloatingPoint(SINGLE)")
          .hasMessageContaining("BigIntVector");
      assertThat(writer.finish()).as("nothing was written; the writer goes on").isEmpty();
    }
    assertThat(dataFiles()).isEmpty();
  }

  @Test
  void columnsInAnotherOrderAreRefused() {
    try (VectorSchemaRoot root = RecordsToArrow.of(schema, rows(3), allocator);
        VectorSchemaRoot swapped =
            new VectorSchemaRoot(
                List.of(
                    root.getVector(1),
                    root.getVector(0),
                    root.getVector(2),
                    root.getVector(3),
                    root.getVector(4)));
        PartitionWriter writer = open(1L << 30)) {
      assertThatThrownBy(() -> writer.write(swapped, null, 0, 3))
          .hasMessageContaining("Cannot write column id: vector 0 is count");
    }
  }

  @Test
  void aNullInARequiredColumnFailsNamingItAndTheFilesAreDeleted() throws IOException {
    List<Record> rows = rows(3_000);
    Record point = (Record) rows.get(2_500).getField("point");
    point.setField("x", null);
    try (VectorSchemaRoot root = RecordsToArrow.of(schema, rows, allocator)) {
      PartitionWriter writer = open(1L << 30);
      assertThatThrownBy(() -> writer.write(root, null, 0, 3_000))
          .hasMessageContaining(
              "Cannot write column point.x: value 2500 is null but the column is required");
      assertThatThrownBy(writer::finish).hasMessageContaining("Cannot finish after a failed write");
      writer.close();
    }
    assertThat(dataFiles()).isEmpty();
  }

  @Test
  void aDecimalWiderThanItsPrecisionIsRefused() {
    List<Record> rows = rows(10);
    try (VectorSchemaRoot root = RecordsToArrow.of(schema, rows, allocator);
        PartitionWriter writer = open(1L << 30)) {
      // Arrow's setters check the precision too: put the unscaled value in the buffer directly.
      var data = root.getVector(3).getDataBuffer();
      data.setLong(7 * 16L, 1_234_567_890L);
      data.setLong(7 * 16L + 8, 0L);
      assertThatThrownBy(() -> writer.write(root, null, 0, 10))
          .hasMessageContaining(
              "Cannot write column price: value 7, 12345678.90, does not fit decimal(9,2)");
    }
  }

  @Test
  void aVectorShorterThanTheBatchIsRefused() {
    try (VectorSchemaRoot root = RecordsToArrow.of(schema, rows(10), allocator);
        PartitionWriter writer = open(1L << 30)) {
      root.getVector(1).setValueCount(5);
      assertThatThrownBy(() -> writer.write(root, null, 0, 10))
          .hasMessageContaining("Cannot write column count: the vector has 5 values where 10");
    }
  }

  @Test
  void anOrderEntryOutsideTheBatchIsRefused() {
    try (VectorSchemaRoot root = RecordsToArrow.of(schema, rows(10), allocator);
        PartitionWriter writer = open(1L << 30)) {
      assertThatThrownBy(() -> writer.write(root, new int[] {1, 10}, 0, 2))
          .hasMessageContaining("Invalid row 10 in order[1]: the batch has 10");
      writer.write(root, new int[] {1, 2}, 0, 2);
      assertThat(writer.finish()).singleElement().extracting(f -> f.recordCount()).isEqualTo(2L);
    }
  }

  @Test
  void aMetricsModeIcebergsFooterCodeWouldReadUnderAnotherNameIsRefused() {
    Schema odd = new Schema(required(1, "user-id", Types.LongType.get()));
    Table oddTable =
        BothWriters.create(
            temp.floe(),
            "ml.odd",
            odd,
            PartitionSpec.unpartitioned(),
            Map.of(
                "write.metadata.metrics.default", "none",
                "write.metadata.metrics.column.user-id", "full"));
    ColumnarFiles files = ColumnarFiles.forTable(oddTable).build();
    assertThatThrownBy(() -> files.open(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column user-id (user_x2Did in Parquet) has metrics mode full");
  }

  @Test
  void anEncryptedTableIsRefused() {
    EncryptionManager encrypted =
        (EncryptionManager)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {EncryptionManager.class},
                (proxy, method, args) -> {
                  throw new UnsupportedOperationException(method.getName());
                });
    Table encryptedTable =
        (Table)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Table.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("encryption")) {
                    return encrypted;
                  }
                  try {
                    return method.invoke(table, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    ColumnarFiles files = ColumnarFiles.forTable(encryptedTable).build();
    assertThatThrownBy(() -> files.open(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("it is encrypted");
  }
}

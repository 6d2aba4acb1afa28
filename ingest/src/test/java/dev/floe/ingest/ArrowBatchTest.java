package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.SchemaEvolutionException;
import dev.floe.catalog.testing.TempWarehouse;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ArrowBatchTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Floe floe;
  private Table table;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table =
        floe.tables()
            .createIfAbsent("ml.arrow", ArrowRoots.ALL_TYPES, PartitionSpec.unpartitioned());
    allocator = temp.resource(BufferAllocator.class);
  }

  @Test
  void everySupportedArrowTypeRoundTripsThroughTheTable() {
    try (VectorSchemaRoot root = ArrowRoots.allTypes(allocator, 2);
        TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      AppendResult result = writer.append(Batch.ofArrow(0, root));
      assertThat(result.rows()).isEqualTo(2);
    }
    List<Record> rows = Events.read(table);
    rows.sort(Comparator.comparing(r -> (Long) r.getField("id")));
    Record first = rows.get(0);
    assertThat(first.getField("id")).isEqualTo(0L);
    assertThat(first.getField("count")).isEqualTo(0);
    assertThat(first.getField("ok")).isEqualTo(true);
    assertThat(first.getField("score")).isEqualTo(0.5f);
    assertThat(first.getField("amount")).isEqualTo(1.25);
    assertThat(first.getField("label")).isEqualTo("label-0");
    assertThat(first.getField("payload")).isEqualTo(ByteBuffer.wrap(new byte[] {0, 1, 2}));
    assertThat(first.getField("day")).isEqualTo(LocalDate.of(2026, 11, 1));
    assertThat(first.getField("event_ts")).isEqualTo(ArrowRoots.TS);
    assertThat(first.getField("local_ts")).isEqualTo(ArrowRoots.TS.toLocalDateTime());
    assertThat(first.getField("price")).isEqualTo(new BigDecimal("12.34"));
    assertThat(first.getField("embedding")).isEqualTo(List.of(0f, 0.5f, -1.25f));
    Record device = (Record) first.getField("device");
    assertThat(device.getField("os")).isEqualTo("linux");
    assertThat(device.getField("version")).isEqualTo(6);
    assertThat(first.getField("attrs")).isEqualTo(Map.of("clicks", 0L, "views", 10L));

    Record second = rows.get(1); // nulls stay nulls
    assertThat(second.getField("id")).isEqualTo(1L);
    assertThat(second.getField("label")).isNull();
    assertThat(second.getField("event_ts")).isEqualTo(ArrowRoots.TS.plusHours(1));
    assertThat(second.getField("local_ts")).isEqualTo(LocalDateTime.of(2026, 11, 1, 9, 30));
    assertThat(second.getField("embedding")).isEqualTo(List.of(1f, 0.5f, -1.25f));
  }

  @Test
  void embeddingColumnKeepsEveryFloat() {
    int dims = 64;
    Field embedding =
        new Field(
            "embedding",
            FieldType.nullable(ArrowType.List.INSTANCE),
            List.of(Field.nullable("element", ArrowRoots.floatType())));
    try (VectorSchemaRoot root =
            VectorSchemaRoot.create(
                new org.apache.arrow.vector.types.pojo.Schema(
                    List.of(Field.notNullable("id", new ArrowType.Int(64, true)), embedding)),
                allocator);
        TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      BigIntVector ids = (BigIntVector) root.getVector("id");
      ListVector lists = (ListVector) root.getVector("embedding");
      Float4Vector floats = (Float4Vector) lists.getDataVector();
      for (int row = 0; row < 100; row++) {
        ids.setSafe(row, row);
        int start = lists.startNewValue(row);
        for (int d = 0; d < dims; d++) {
          floats.setSafe(start + d, row + d / 100f);
        }
        lists.endValue(row, dims);
      }
      root.setRowCount(100);
      writer.append(Batch.ofArrow(0, root));
    }
    List<Record> rows = Events.read(table);
    assertThat(rows).hasSize(100);
    for (Record row : rows) {
      long id = (Long) row.getField("id");
      List<?> values = (List<?>) row.getField("embedding");
      assertThat(values).hasSize(dims);
      assertThat(values.get(dims - 1)).isEqualTo(id + (dims - 1) / 100f);
    }
  }

  @Test
  void fixedSizeListEmbeddingFillsAListColumn() {
    int dims = 8;
    Field embedding =
        new Field(
            "embedding",
            FieldType.nullable(new ArrowType.FixedSizeList(dims)),
            List.of(Field.nullable("element", ArrowRoots.floatType())));
    try (VectorSchemaRoot root =
            VectorSchemaRoot.create(
                new org.apache.arrow.vector.types.pojo.Schema(
                    List.of(Field.notNullable("id", new ArrowType.Int(64, true)), embedding)),
                allocator);
        TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      BigIntVector ids = (BigIntVector) root.getVector("id");
      FixedSizeListVector lists = (FixedSizeListVector) root.getVector("embedding");
      Float4Vector floats = (Float4Vector) lists.getDataVector();
      for (int row = 0; row < 3; row++) {
        ids.setSafe(row, row);
        lists.setNotNull(row);
        for (int d = 0; d < dims; d++) {
          floats.setSafe(row * dims + d, row * 10 + d);
        }
      }
      root.setRowCount(3);
      writer.append(Batch.ofArrow(0, root));
    }
    List<Record> rows = Events.read(table);
    rows.sort(Comparator.comparing(r -> (Long) r.getField("id")));
    assertThat(rows.get(2).getField("embedding"))
        .isEqualTo(List.of(20f, 21f, 22f, 23f, 24f, 25f, 26f, 27f));
  }

  @Test
  void typeMismatchFailsNamingRowAndColumn() {
    Field amount = Field.nullable("amount", ArrowType.Bool.INSTANCE);
    try (VectorSchemaRoot root =
            VectorSchemaRoot.create(
                new org.apache.arrow.vector.types.pojo.Schema(
                    List.of(Field.notNullable("id", new ArrowType.Int(64, true)), amount)),
                allocator);
        TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      ((BigIntVector) root.getVector("id")).setSafe(0, 1);
      ((BitVector) root.getVector("amount")).setSafe(0, 1);
      root.setRowCount(1);
      assertThatThrownBy(() -> writer.append(Batch.ofArrow(3, root)))
          .isInstanceOf(SchemaEvolutionException.class)
          .hasMessage(
              "Cannot append batch 3 of producer p: row 0 column 'amount' cannot convert true"
                  + " (java.lang.Boolean) to double");
    }
    table.refresh();
    assertThat(table.currentSnapshot()).isNull();
  }

  @Test
  void rowsThatDoNotFitBecomeDeadLettersLikeMapRows(@TempDir Path letters) {
    Field amount = Field.nullable("amount", ArrowType.Utf8.INSTANCE);
    try (VectorSchemaRoot root =
            VectorSchemaRoot.create(
                new org.apache.arrow.vector.types.pojo.Schema(
                    List.of(Field.notNullable("id", new ArrowType.Int(64, true)), amount)),
                allocator);
        TableWriter writer =
            TableWriter.forTable(table)
                .producerId("p")
                .deadLetter(DeadLetter.parquetFolder(letters))
                .build()) {
      BigIntVector ids = (BigIntVector) root.getVector("id");
      VarCharVector amounts = (VarCharVector) root.getVector("amount");
      String[] values = {"1.5", "abc", "2"};
      for (int row = 0; row < values.length; row++) {
        ids.setSafe(row, row);
        amounts.setSafe(row, values[row].getBytes(StandardCharsets.UTF_8));
      }
      root.setRowCount(values.length);
      AppendResult result = writer.append(Batch.ofArrow(0, root));
      assertThat(result.rows()).isEqualTo(2);
      assertThat(result.deadLettered()).isEqualTo(1);
    }
    List<Record> rows = Events.read(table);
    assertThat(Events.ids(rows)).containsExactlyInAnyOrder(0L, 2L);
    assertThat(rows).extracting(r -> r.getField("amount")).containsExactlyInAnyOrder(1.5, 2.0);
    assertThat(letters.resolve("p-0.parquet")).exists();
  }

  @Test
  void callerStillOwnsTheRootAfterAppend() {
    try (VectorSchemaRoot root = ArrowRoots.allTypes(allocator, 2);
        TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      writer.append(Batch.ofArrow(0, root));
      // Still open and intact: the caller refills it for the next batch.
      assertThat(((VarCharVector) root.getVector("label")).getObject(0).toString())
          .isEqualTo("label-0");
      BigIntVector ids = (BigIntVector) root.getVector("id");
      ids.setSafe(0, 10);
      ids.setSafe(1, 11);
      writer.append(Batch.ofArrow(0, root).forProducer("other"));
    }
    assertThat(Events.ids(Events.read(table))).containsExactlyInAnyOrder(0L, 1L, 10L, 11L);
  }
}

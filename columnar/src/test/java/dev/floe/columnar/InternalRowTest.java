package dev.floe.columnar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.testing.RandomRows;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A vector row shows what Iceberg's InternalRecordWrapper shows of the same record. */
class InternalRowTest {
  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close();
  }

  @Test
  void showsTheInternalValuesIcebergsRecordWrapperShowsForEveryReadableType() {
    Schema every = RandomRows.everyType();
    Schema schema =
        new Schema(
            every.columns().stream().filter(column -> InternalRow.reads(column.type())).toList());
    assertThat(schema.columns())
        .extracting(Types.NestedField::name)
        .contains("flag", "count", "big", "ratio", "score", "day", "at", "ts", "tstz", "point");
    List<Record> records = RandomRows.of(schema, 2000, 3);
    InternalRecordWrapper wrapper = new InternalRecordWrapper(schema.asStruct());
    Comparator<StructLike> same = Comparators.forType(schema.asStruct());

    try (VectorSchemaRoot root = VectorSchemaRoot.create(ArrowLayout.of(schema), allocator)) {
      RowAppender appender = RowAppender.into(root, schema);
      records.forEach(appender::append);
      appender.finish();
      InternalRow row = InternalRow.of(root.getFieldVectors(), schema.asStruct());

      for (int i = 0; i < records.size(); i++) {
        StructLike expected = wrapper.wrap(records.get(i));
        assertThat(same.compare(row.at(i), expected)).as("row %s", i).isZero();
      }
      assertThat(same.compare(row.at(0), wrapper.wrap(records.get(1)))).isNotZero();
    }
  }

  @Test
  void aColumnOfAnotherTypeThrowsOnlyWhenRead() {
    Schema schema =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "price", Types.DecimalType.of(9, 2)));
    assertThat(InternalRow.reads(schema.findType("price"))).isFalse();
    try (VectorSchemaRoot root = VectorSchemaRoot.create(ArrowLayout.of(schema), allocator)) {
      RowAppender appender = RowAppender.into(root, schema);
      RandomRows.of(schema, 3, 1).forEach(appender::append);
      appender.finish();
      InternalRow row = InternalRow.of(root.getFieldVectors(), schema.asStruct()).at(2);

      assertThat(row.get(0, Long.class)).isEqualTo(2L);
      assertThatThrownBy(() -> row.get(1, Object.class))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("decimal(9, 2)");
    }
  }
}

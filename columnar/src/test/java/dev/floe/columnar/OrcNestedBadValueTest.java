package dev.floe.columnar;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ORC: a bad value inside a list or a map sits at an element index of the child vector, not at a
 * row: the error names the batch row that holds it, and no file survives the writer's close.
 */
class OrcNestedBadValueTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private final Schema schema =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "tags", Types.ListType.ofRequired(3, Types.LongType.get())),
          optional(
              4,
              "attrs",
              Types.MapType.ofRequired(5, 6, Types.StringType.get(), Types.LongType.get())),
          optional(7, "prices", Types.ListType.ofOptional(8, Types.DecimalType.of(4, 2))),
          optional(9, "times", Types.ListType.ofOptional(10, Types.TimestampType.withZone())));
  private BufferAllocator allocator;
  private Table table;

  @BeforeEach
  void open() {
    allocator = temp.resource(BufferAllocator.class);
    table =
        BothWriters.create(
            temp.floe(),
            "ml.nested",
            schema,
            PartitionSpec.unpartitioned(),
            Map.of("write.format.default", "orc"));
  }

  @Test
  void aNullListElementInARequiredColumnNamesItsRow() throws IOException {
    assertThat(failure("tags", null))
        .hasMessage("Cannot write row 1006: column tags.element is required but null");
    assertThat(dataFiles()).isEmpty();
  }

  @Test
  void aNullMapValueInARequiredColumnNamesItsRowUnderAnOrder() throws IOException {
    int[] order = new int[2_000];
    for (int k = 0; k < order.length; k++) {
      order[k] = order.length - 1 - k;
    }
    assertThat(failure("attrs", order))
        .hasMessage("Cannot write row 1006: column attrs.value is required but null");
    assertThat(dataFiles()).isEmpty();
  }

  @Test
  void aTooWideDecimalInAListNamesItsRow() throws IOException {
    assertThat(failure("prices", null))
        .hasMessage(
            "Cannot write row 1006: column prices.element value 100.00 does not fit decimal(4, 2)");
    assertThat(dataFiles()).isEmpty();
  }

  @Test
  void aTimestampOrcCannotHoldInAListNamesItsRow() throws IOException {
    assertThat(failure("times", null))
        .hasMessageStartingWith(
            "Cannot write row 1006: column times.element value 1969-12-31T23:59:59.500Z");
    assertThat(dataFiles()).isEmpty();
  }

  // 2,000 rows of three elements each (the bad one at element 3,020), written after a first batch
  // so that a finished file would be there to delete.
  private Throwable failure(String column, int[] order) {
    try (VectorSchemaRoot good = RecordsToArrow.of(schema, rows(2_000, null), allocator);
        VectorSchemaRoot bad = RecordsToArrow.of(schema, rows(2_000, column), allocator)) {
      if ("prices".equals(column)) {
        // Arrow's setters check the precision too: put 100.00 in the element's buffer directly.
        ListVector prices = (ListVector) bad.getVector("prices");
        ArrowBuf data = prices.getDataVector().getDataBuffer();
        data.setLong(3_019 * 16L, 10_000L);
        data.setLong(3_019 * 16L + 8, 0L);
      }
      PartitionWriter writer =
          ColumnarFiles.forTable(table).targetFileSize(1_000).build().open(null);
      writer.write(good, null, 0, 2_000);
      Throwable thrown = null;
      try {
        writer.write(bad, order, 0, 2_000);
      } catch (IllegalArgumentException e) {
        thrown = e;
      }
      assertThat(thrown).as("write of a bad %s", column).isNotNull();
      assertThatThrownBy(writer::finish).hasMessageContaining("Cannot finish after a failed write");
      writer.close();
      return thrown;
    }
  }

  private List<Record> rows(int count, String badColumn) {
    List<Record> rows = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      boolean bad = k == 1_006;
      Record row = GenericRecord.create(schema);
      row.setField("id", (long) k);
      row.setField(
          "tags", Arrays.asList((long) k, bad && "tags".equals(badColumn) ? null : 7L, 8L));
      Map<String, Long> attrs = new LinkedHashMap<>();
      attrs.put("a", 1L);
      attrs.put("b", bad && "attrs".equals(badColumn) ? null : 2L);
      attrs.put("c", 3L);
      row.setField("attrs", attrs);
      OffsetDateTime late =
          bad && "times".equals(badColumn)
              ? OffsetDateTime.parse("1969-12-31T23:59:59.5Z")
              : OffsetDateTime.parse("2026-12-05T10:00:00Z");
      row.setField("times", Arrays.asList(OffsetDateTime.parse("2026-01-01T00:00:00Z"), late));
      row.setField("prices", Arrays.asList(new BigDecimal("0.50"), new BigDecimal("1.25"), null));
      rows.add(row);
    }
    return rows;
  }

  private List<Path> dataFiles() throws IOException {
    Path data = Path.of(table.location().replaceFirst("^file:", ""), "data");
    if (!Files.exists(data)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(data)) {
      return files.filter(p -> p.toString().endsWith(".orc")).toList();
    }
  }
}

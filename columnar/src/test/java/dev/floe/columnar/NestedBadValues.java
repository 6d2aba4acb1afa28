package dev.floe.columnar;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * A table of nested columns and batches of 2,000 rows of three elements each whose row 1,006 holds
 * one bad element (element 3,019 or 3,020 of the child vector), written by the columnar writer of
 * one format after a good batch, so that a finished file would be there to delete.
 */
final class NestedBadValues {
  static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "tags", Types.ListType.ofRequired(3, Types.LongType.get())),
          optional(
              4,
              "attrs",
              Types.MapType.ofRequired(5, 6, Types.StringType.get(), Types.LongType.get())),
          optional(7, "prices", Types.ListType.ofOptional(8, Types.DecimalType.of(4, 2))),
          optional(9, "times", Types.ListType.ofOptional(10, Types.TimestampType.withZone())));

  private final BufferAllocator allocator;
  private final Table table;
  private final FileFormat format;

  NestedBadValues(TempWarehouse temp, FileFormat format) {
    this.allocator = temp.resource(BufferAllocator.class);
    this.format = format;
    String name = format.name().toLowerCase(Locale.ROOT);
    this.table =
        BothWriters.create(
            temp.floe(),
            "ml.nested_" + name,
            SCHEMA,
            PartitionSpec.unpartitioned(),
            Map.of("write.format.default", name));
  }

  /**
   * What writing a batch with a bad value in {@code column} (rows in {@code order}, or as they are)
   * threw; checks the writer refuses to finish and closes it.
   */
  Throwable failure(String column, int[] order) {
    try (VectorSchemaRoot good = RecordsToArrow.of(SCHEMA, rows(null), allocator);
        VectorSchemaRoot bad = RecordsToArrow.of(SCHEMA, rows(column), allocator)) {
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

  /** The data files of the format left in the table's data folder. */
  List<Path> dataFiles() {
    Path data = Path.of(table.location().replaceFirst("^file:", ""), "data");
    if (!Files.exists(data)) {
      return List.of();
    }
    String suffix = "." + format.name().toLowerCase(Locale.ROOT);
    try (Stream<Path> files = Files.walk(data)) {
      return files.filter(p -> p.toString().endsWith(suffix)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rows in reverse: row 1,006 of the batch sits at index 993 of the order. */
  static int[] reversed() {
    int[] order = new int[2_000];
    for (int k = 0; k < order.length; k++) {
      order[k] = order.length - 1 - k;
    }
    return order;
  }

  private static List<Record> rows(String badColumn) {
    List<Record> rows = new ArrayList<>();
    for (int k = 0; k < 2_000; k++) {
      boolean bad = k == 1_006;
      Record row = GenericRecord.create(SCHEMA);
      row.setField("id", (long) k);
      row.setField(
          "tags", Arrays.asList((long) k, bad && "tags".equals(badColumn) ? null : 7L, 8L));
      Map<String, Long> attrs = new LinkedHashMap<>();
      attrs.put("a", 1L);
      attrs.put("b", bad && "attrs".equals(badColumn) ? null : 2L);
      attrs.put("c", 3L);
      row.setField("attrs", attrs);
      // ORC cannot hold the last second before 1970 (Parquet can).
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
}

package dev.floe.timetravel;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.GenericData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * Tables whose data files have several digest units: Parquet row groups of exactly {@code n} rows
 * (Iceberg's writer checks the size every n rows and, with a 1-byte target, always flushes), ORC
 * stripes of one writer batch each.
 */
final class UnitTables {
  static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.IntegerType.get()),
          optional(2, "f", Types.FloatType.get()),
          optional(3, "d", Types.DoubleType.get()),
          optional(4, "vec", Types.ListType.ofOptional(5, Types.FloatType.get())));

  private UnitTables() {}

  /** An unpartitioned table writing row groups (Parquet) or stripes (ORC) of {@code rows} rows. */
  static Table create(Floe floe, String name, int rows) {
    Table table = floe.tables().createIfAbsent(name, SCHEMA, PartitionSpec.unpartitioned());
    table
        .updateProperties()
        .set(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, "1")
        .set(TableProperties.PARQUET_ROW_GROUP_CHECK_MIN_RECORD_COUNT, String.valueOf(rows))
        .set(TableProperties.PARQUET_ROW_GROUP_CHECK_MAX_RECORD_COUNT, String.valueOf(rows))
        .set(TableProperties.ORC_STRIPE_SIZE_BYTES, "1")
        .set(TableProperties.ORC_WRITE_BATCH_SIZE, String.valueOf(rows))
        .set("orc.rows.between.memory.checks", String.valueOf(rows)) // ORC's own key
        .commit();
    return table;
  }

  static void append(Table table, FileFormat format, List<Record> rows) {
    GenericData.append(table, "main", format, rows);
  }

  /**
   * The rows of the {@code floe-digest/2} test vector in {@code docs/digest.md}: id, a float, a
   * double and a list of floats, with a null, NaN, -0.0 and an empty list.
   */
  static List<Record> vector() {
    List<Record> rows = new ArrayList<>();
    rows.add(row(0, null, 1.5, List.of()));
    rows.add(row(1, Float.NaN, -0.0, List.of(1f)));
    rows.add(row(2, 2f, 2.0, List.of(2f)));
    rows.add(row(3, 3f, 3.0, null));
    rows.add(row(4, -0.0f, null, null));
    rows.add(row(5, 2.5f, Double.NaN, Arrays.asList(null, -0.0f)));
    return rows;
  }

  /** Rows {@code 0 <= id < count}, values derived from the id. */
  static List<Record> rows(int count) {
    List<Record> rows = new ArrayList<>();
    for (int id = 0; id < count; id++) {
      rows.add(row(id, id * 0.5f, id % 3 == 0 ? null : id * 1.25, List.of((float) id)));
    }
    return rows;
  }

  static Record row(int id, Float f, Double d, List<Float> vec) {
    Record row = GenericRecord.create(SCHEMA);
    row.set(0, id);
    row.set(1, f);
    row.set(2, d);
    row.set(3, vec);
    return row;
  }
}

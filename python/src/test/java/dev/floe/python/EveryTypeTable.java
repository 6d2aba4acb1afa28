package dev.floe.python;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.GenericData;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * A table of every Iceberg type the digest defines, with nulls in every optional field, NaN, -0.0,
 * empty and null lists, and an embedding ({@code list<float>}); written as Parquet files of several
 * small row groups, so {@code floe-digest/2} has several units per file.
 */
final class EveryTypeTable {
  static final String NAME = "db.every";

  static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.IntegerType.get()),
          optional(2, "b", Types.BooleanType.get()),
          optional(3, "i", Types.IntegerType.get()),
          optional(4, "l", Types.LongType.get()),
          optional(5, "f", Types.FloatType.get()),
          optional(6, "d", Types.DoubleType.get()),
          optional(7, "date", Types.DateType.get()),
          optional(8, "time", Types.TimeType.get()),
          optional(9, "ts", Types.TimestampType.withoutZone()),
          optional(10, "tstz", Types.TimestampType.withZone()),
          optional(11, "s", Types.StringType.get()),
          optional(12, "bin", Types.BinaryType.get()),
          optional(13, "dec", Types.DecimalType.of(9, 2)),
          optional(14, "u", Types.UUIDType.get()),
          optional(15, "fx", Types.FixedType.ofLength(3)),
          optional(16, "vec", Types.ListType.ofOptional(17, Types.FloatType.get())),
          required(18, "emb", Types.ListType.ofRequired(19, Types.FloatType.get())),
          optional(20, "tags", Types.ListType.ofRequired(21, Types.StringType.get())),
          optional(
              22,
              "attrs",
              Types.MapType.ofOptional(23, 24, Types.StringType.get(), Types.IntegerType.get())),
          optional(
              25,
              "point",
              Types.StructType.of(
                  optional(26, "x", Types.DoubleType.get()),
                  optional(27, "name", Types.StringType.get()))));

  // Small row groups: Iceberg checks the size every 10 to 50 rows. Uncompressed, so a test can
  // change one value in place (same size, still valid Parquet), as a tampered file would be.
  private static final Map<String, String> PROPERTIES =
      Map.of(
          "write.parquet.compression-codec", "uncompressed",
          "write.parquet.row-group-size-bytes", "2048",
          "write.parquet.row-group-check-min-record-count", "10",
          "write.parquet.row-group-check-max-record-count", "50");

  private EveryTypeTable() {}

  /** Creates the table and appends {@code files} Parquet files of {@code rowsPerFile} rows. */
  static Table create(Floe floe, int files, int rowsPerFile) {
    Table table =
        floe.tables().createIfAbsent(NAME, SCHEMA, PartitionSpec.unpartitioned(), PROPERTIES);
    for (int file = 0; file < files; file++) {
      List<Record> rows = new ArrayList<>();
      for (int i = 0; i < rowsPerFile; i++) {
        rows.add(row(file * rowsPerFile + i));
      }
      GenericData.append(table, "main", FileFormat.PARQUET, rows);
    }
    return table;
  }

  /** Row {@code n}: every 7th optional value is null, edge values every few rows. */
  static Record row(int n) {
    Record row = GenericRecord.create(SCHEMA);
    row.set(0, n);
    row.set(1, n % 3 == 0);
    row.set(2, n % 5 == 0 ? Integer.MIN_VALUE : n * 31 - 1000);
    row.set(3, n % 4 == 0 ? Long.MAX_VALUE : (long) n << 33);
    row.set(4, n % 6 == 0 ? Float.NaN : n % 6 == 1 ? -0.0f : n / 4f);
    row.set(5, n % 8 == 0 ? Double.NaN : n % 8 == 1 ? -0.0 : n * -1.25);
    row.set(6, LocalDate.of(1969, 12, 1).plusDays(n * 13L));
    row.set(7, LocalTime.ofNanoOfDay((n * 7_919_000L) % 86_400_000_000_000L));
    row.set(8, LocalDateTime.of(2026, 12, 5, 1, 2, 3, 4_000).plusSeconds(n * 3_601L));
    row.set(
        9, OffsetDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000, ZoneOffset.UTC).plusDays(n));
    row.set(10, n % 9 == 0 ? "" : "héllo " + n);
    row.set(11, ByteBuffer.wrap(("b" + n).getBytes(StandardCharsets.UTF_8)));
    row.set(12, BigDecimal.valueOf(n * 12_345L - 99_999, 2));
    row.set(13, new UUID(n * 0x0101010101010101L, -n));
    row.set(14, new byte[] {(byte) n, (byte) (n >> 8), (byte) 255});
    row.set(15, n % 5 == 1 ? List.of() : Arrays.asList(n * 0.5f, null, -0.0f));
    row.set(16, List.of(n * 1f, n * 2f, Float.NaN, -0.0f));
    row.set(17, n % 4 == 2 ? List.of() : List.of("t" + n, "", "u"));
    row.set(18, attrs(n));
    row.set(19, n % 6 == 3 ? null : point(n));
    // Every 7th row: all optional values null (the struct as a whole on some, its fields on
    // others).
    if (n % 7 == 3) {
      for (int field = 1; field < 20; field++) {
        if (field != 16) {
          row.set(field, null);
        }
      }
    }
    return row;
  }

  private static Map<String, Integer> attrs(int n) {
    Map<String, Integer> attrs = new LinkedHashMap<>();
    if (n % 3 != 2) {
      attrs.put("k" + n, n);
      attrs.put("none", null);
    }
    return attrs;
  }

  private static Record point(int n) {
    Record point = GenericRecord.create(SCHEMA.findType("point").asStructType());
    point.set(0, n % 2 == 0 ? null : n * 0.25);
    point.set(1, n % 4 == 1 ? null : "p" + n);
    return point;
  }

  /** A second small table, for lock files of several tables. */
  static Table labels(Floe floe, int rows) {
    Schema schema =
        new Schema(
            required(1, "id", Types.IntegerType.get()),
            optional(2, "label", Types.StringType.get()));
    Table table = floe.tables().createIfAbsent("db.labels", schema, PartitionSpec.unpartitioned());
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      Record row = GenericRecord.create(schema);
      row.set(0, i);
      row.set(1, i % 4 == 0 ? null : "label-" + (i % 3));
      records.add(row);
    }
    GenericData.append(table, "main", FileFormat.PARQUET, records);
    return table;
  }
}

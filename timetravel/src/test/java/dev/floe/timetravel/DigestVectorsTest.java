package dev.floe.timetravel;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.GenericDeletes;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
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
import java.util.Properties;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.FileFormat;
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
 * The test vectors of {@code docs/digest.md}: small tables with every type, nulls, NaN, -0.0 and
 * empty lists, whose per-file digests and root are checked in ({@code digest-vectors.properties}).
 * Each is written as a Parquet file and read on the vectorized path and on the row path, in several
 * batch sizes: all must give the checked-in digest. The {@code floe-digest/2} vector is a file of
 * three row groups whose second one is all deleted.
 */
class DigestVectorsTest {
  static final Schema FLAT =
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
          optional(15, "fx", Types.FixedType.ofLength(3)));

  static final Schema NESTED =
      new Schema(
          required(1, "id", Types.IntegerType.get()),
          optional(2, "vec", Types.ListType.ofOptional(3, Types.FloatType.get())),
          optional(4, "tags", Types.ListType.ofRequired(5, Types.StringType.get())),
          optional(
              6,
              "attrs",
              Types.MapType.ofOptional(7, 8, Types.StringType.get(), Types.IntegerType.get())),
          optional(
              9,
              "point",
              Types.StructType.of(
                  optional(10, "x", Types.DoubleType.get()),
                  optional(11, "name", Types.StringType.get()))));

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;
  private final Properties expected = new Properties();

  @BeforeEach
  void open() throws IOException {
    floe = temp.floe();
    try (InputStream in = getClass().getResourceAsStream("digest-vectors.properties")) {
      expected.load(in);
    }
  }

  @Test
  void flatVectorGivesTheCheckedInDigestOnEveryPath() {
    assertDigests("flat", FLAT, flatRows());
  }

  @Test
  void nestedVectorGivesTheCheckedInDigestOnEveryPath() {
    assertDigests("nested", NESTED, nestedRows());
  }

  @Test
  void rootOverFilesIsTheCheckedInOne() {
    assertThat(FileDigest.root(List.of())).isEqualTo(expected.getProperty("root.none"));
    FileDigest flat = new FileDigest("a", 4, expected.getProperty("flat"));
    FileDigest nested = new FileDigest("b", 5, expected.getProperty("nested"));
    assertThat(FileDigest.root(List.of(flat, nested))).isEqualTo(expected.getProperty("root"));
    assertThat(FileDigest.root(List.of(nested, flat))).isNotEqualTo(expected.getProperty("root"));
  }

  @Test
  void vectorOfThreeRowGroupsGivesTheCheckedInUnitDigestsOnEveryPath() {
    Table table = UnitTables.create(floe, "db.units", 2);
    UnitTables.append(table, FileFormat.PARQUET, UnitTables.vector());
    GenericDeletes.commit(
        table,
        GenericDeletes.positions(
            table, table.currentSnapshot().addedDataFiles(table.io()).iterator().next(), 2, 3));

    List<FileDigest> read = new ArrayList<>();
    for (boolean vectorized : new boolean[] {true, false}) {
      for (int batch : new int[] {1, 3, 8192}) {
        read.add(unitDigest(TimeTravel.read(table).vectorized(vectorized).batchSize(batch)));
      }
    }

    FileDigest file = read.get(0);
    assertThat(read).allSatisfy(digest -> assertThat(digest).isEqualTo(file));
    assertThat(file.units())
        .extracting(u -> List.of(u.offset(), u.count(), u.rows()))
        .containsExactly(List.of(0L, 2L, 2L), List.of(2L, 2L, 0L), List.of(4L, 2L, 2L));
    assertThat(file.units())
        .extracting(FileDigest.Unit::digest)
        .containsExactly(
            expected.getProperty("units.0"),
            expected.getProperty("units.1"),
            expected.getProperty("units.2"));
    assertThat(file.digest()).isEqualTo(expected.getProperty("units"));
    assertThat(FileDigest.root(List.of(file))).isEqualTo(expected.getProperty("units.root"));
  }

  private static FileDigest unitDigest(Reader reader) {
    try (BufferAllocator allocator = new RootAllocator();
        ArrowBatches batches = reader.arrow(allocator)) {
      batches.forEach(batch -> {});
      assertThat(batches.fileDigests()).hasSize(1);
      return batches.fileDigests().get(0);
    }
  }

  private void assertDigests(String name, Schema schema, List<Record> rows) {
    Table table = floe.tables().createIfAbsent("db." + name, schema, PartitionSpec.unpartitioned());
    GenericData.append(table, "main", FileFormat.PARQUET, rows);
    String want = expected.getProperty(name);
    List<String> read = new ArrayList<>();
    for (boolean vectorized : new boolean[] {true, false}) {
      for (int batch : new int[] {1, 3, 8192}) {
        // floe-digest/1 here; UnitDigestsTest checks the /2 vector
        read.add(
            digest(
                TimeTravel.read(table).vectorized(vectorized).batchSize(batch).digestUnits(false)));
      }
    }
    assertThat(read).as(name + " (want " + want + ")").containsOnly(want);
    // floe-digest/2 of a file of one row group: the file digest over that one unit, on every path
    // (the vectorized paths that hold no footer read the units from it).
    String one = FileDigest.over(List.of(new FileDigest.Unit(0, rows.size(), rows.size(), want)));
    for (boolean vectorized : new boolean[] {true, false}) {
      assertThat(unitDigest(TimeTravel.read(table).vectorized(vectorized)).digest())
          .as(name + " as floe-digest/2")
          .isEqualTo(one);
    }
  }

  private static String digest(Reader reader) {
    try (BufferAllocator allocator = new RootAllocator();
        ArrowBatches batches = reader.arrow(allocator)) {
      batches.forEach(batch -> {});
      assertThat(batches.fileDigests()).hasSize(1);
      return batches.fileDigests().get(0).digest();
    }
  }

  /** Four rows: ordinary values, all nulls, edge values (NaN, -0.0, empties, extremes), more. */
  static List<Record> flatRows() {
    List<Record> rows = new ArrayList<>();
    rows.add(
        flat(
            0,
            true,
            42,
            1L << 40,
            1.5f,
            -2.25,
            LocalDate.of(2026, 12, 5),
            LocalTime.of(13, 14, 15, 16_000),
            LocalDateTime.of(2026, 12, 5, 1, 2, 3, 4_000),
            OffsetDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000, ZoneOffset.UTC),
            "héllo",
            new byte[] {0, 1, 2, (byte) 255},
            new BigDecimal("1234567.89"),
            UUID.fromString("00112233-4455-6677-8899-aabbccddeeff"),
            new byte[] {7, 8, 9}));
    rows.add(
        flat(
            1, null, null, null, null, null, null, null, null, null, null, null, null, null, null));
    rows.add(
        flat(
            2,
            false,
            Integer.MIN_VALUE,
            Long.MAX_VALUE,
            Float.NaN,
            -0.0,
            LocalDate.of(1969, 12, 31),
            LocalTime.MIDNIGHT,
            LocalDateTime.of(1970, 1, 1, 0, 0),
            OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(5)),
            "",
            new byte[0],
            new BigDecimal("-0.01"),
            new UUID(0, 0),
            new byte[] {0, 0, 0}));
    rows.add(
        flat(
            3,
            true,
            -1,
            -1L,
            -0.0f,
            Double.NaN,
            LocalDate.of(1, 1, 1),
            LocalTime.of(23, 59, 59, 999_999_000),
            LocalDateTime.of(9999, 12, 31, 23, 59, 59),
            OffsetDateTime.of(2026, 6, 1, 12, 0, 0, 0, ZoneOffset.UTC),
            "z",
            new byte[] {42},
            new BigDecimal("9999999.99"),
            UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"),
            new byte[] {(byte) 255, 0, 1}));
    return rows;
  }

  private static Record flat(int id, Object... values) {
    Record row = GenericRecord.create(FLAT);
    row.set(0, id);
    for (int i = 0; i < values.length; i++) {
      Object value = values[i];
      row.set(i + 1, value instanceof byte[] bytes && i == 10 ? ByteBuffer.wrap(bytes) : value);
    }
    return row;
  }

  /** Five rows: lists with a null element, empty and null lists, maps, null structs and fields. */
  static List<Record> nestedRows() {
    List<Record> rows = new ArrayList<>();
    rows.add(
        nested(
            0,
            Arrays.asList(1f, null, -0.0f),
            List.of("a", "bc"),
            map("k", 1, "l", null),
            point(0.5, "p")));
    rows.add(nested(1, List.of(), List.of(), map(), point(null, null)));
    rows.add(nested(2, null, null, null, null));
    rows.add(nested(3, List.of(Float.NaN), List.of(""), map("", 0), point(-0.0, "")));
    rows.add(nested(4, Arrays.asList((Float) null), List.of("x"), map("z", -7), null));
    return rows;
  }

  private static Record nested(
      int id, List<Float> vec, List<String> tags, Map<String, Integer> attrs, Record point) {
    Record row = GenericRecord.create(NESTED);
    row.set(0, id);
    row.set(1, vec);
    row.set(2, tags);
    row.set(3, attrs);
    row.set(4, point);
    return row;
  }

  private static Map<String, Integer> map(Object... keysAndValues) {
    Map<String, Integer> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], (Integer) keysAndValues[i + 1]);
    }
    return map;
  }

  private static Record point(Double x, String name) {
    Record point = GenericRecord.create(NESTED.findType("point").asStructType());
    point.set(0, x);
    point.set(1, name);
    return point;
  }
}

package dev.floe.timetravel;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.Encoding;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Floe's own Parquet page decoder must give exactly the row path's values, over every page layout
 * Iceberg writes: v1 and v2 pages, dictionary pages that fall back to plain or delta encodings
 * mid-chunk, null runs, several pages and row groups per batch, and split files; for every type it
 * decodes, fixed-length ones (UUIDs, fixed) included.
 */
class ParquetPagesTest {
  private static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "bucket", Types.LongType.get()),
          optional(3, "score", Types.DoubleType.get()),
          optional(4, "flag", Types.BooleanType.get()),
          optional(5, "n", Types.IntegerType.get()),
          optional(6, "f", Types.FloatType.get()),
          optional(7, "day", Types.DateType.get()),
          optional(8, "at", Types.TimestampType.withZone()),
          optional(9, "t", Types.TimeType.get()),
          optional(10, "word", Types.StringType.get()),
          optional(11, "text", Types.StringType.get()),
          optional(12, "bin", Types.BinaryType.get()),
          optional(13, "uuid", Types.UUIDType.get()),
          optional(14, "code", Types.FixedType.ofLength(3)),
          optional(15, "wide", Types.FixedType.ofLength(8)),
          optional(16, "price", Types.DecimalType.of(9, 2)),
          optional(17, "amount", Types.DecimalType.of(18, 4)),
          optional(18, "mid", Types.DecimalType.of(20, 3)),
          optional(19, "big", Types.DecimalType.of(38, 10)));
  private static final int ROWS = 6000;

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Floe floe;
  private BufferAllocator allocator;
  private PageReads reads;

  @BeforeEach
  void open() {
    floe = temp.floe();
    allocator = temp.resource(BufferAllocator.class);
    reads = new PageReads(allocator);
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void everyPageLayoutDecodesToTheRowPathsValues(String pageVersion) {
    Table table = table(pageVersion);

    FileScanTask task = PageReads.onlyTask(table);
    assertThat(PageReads.rowGroups(table, task)).hasSizeGreaterThan(2);
    Set<Encoding> encodings = PageReads.encodings(table, task);
    assertThat(encodings).contains(Encoding.PLAIN);
    assertThat(encodings)
        .contains(pageVersion.equals("v1") ? Encoding.PLAIN_DICTIONARY : Encoding.RLE_DICTIONARY);
    if (pageVersion.equals("v2")) {
      assertThat(encodings).contains(Encoding.DELTA_BINARY_PACKED, Encoding.DELTA_BYTE_ARRAY);
    }

    // Batches of 333 rows end mid-page and span pages and row groups.
    List<List<Object>> pages = reads.pages(table, task, 333);
    assertThat(pages).hasSize(ROWS).isEqualTo(reads.rowPath(table));
    assertThat(reads.vectorizedDigest(table, 333, 1)).isEqualTo(reads.rowPathDigest(table));
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void aSplitFileReadsEachRowGroupOnceAcrossItsSplits(String pageVersion) {
    Table table = table(pageVersion);
    FileScanTask whole = PageReads.onlyTask(table);

    List<List<Object>> splits = new ArrayList<>();
    int count = 0;
    for (FileScanTask split : whole.split(whole.length() / 5)) {
      splits.addAll(reads.pages(table, split, 1000));
      count++;
    }
    assertThat(count).isGreaterThan(1);
    assertThat(splits).isEqualTo(reads.pages(table, whole, 1000)).hasSize(ROWS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void promotedColumnsAreLeftToTheOtherPaths(String pageVersion) {
    Table table = table(pageVersion);
    table.updateSchema().updateColumn("n", Types.LongType.get()).commit();

    FileScanTask task = PageReads.onlyTask(table);
    assertThat(ParquetPages.open(table.io(), task, table.schema().select("id", "n"), 100)).isNull();
    assertThat(reads.pages(table, task, 100, table.schema().select("id", "bucket"))).hasSize(ROWS);
  }

  private Table table(String pageVersion) {
    Table table =
        floe.tables()
            .createIfAbsent(
                "db.pages_" + pageVersion,
                SCHEMA,
                PartitionSpec.unpartitioned(),
                Map.of(
                    "write.parquet.page-version", pageVersion,
                    "write.parquet.page-row-limit", "250",
                    "write.parquet.row-group-size-bytes", "40000",
                    "write.parquet.row-group-check-min-record-count", "100",
                    "write.parquet.dict-size-bytes", "2048"));
    List<Record> rows = new ArrayList<>();
    for (long id = 0; id < ROWS; id++) {
      rows.add(row(table.schema(), id));
    }
    TestEvents.append(table, FileFormat.PARQUET, rows);
    return table;
  }

  private static Record row(Schema schema, long id) {
    GenericRecord row = GenericRecord.create(schema);
    row.setField("id", id);
    // A long run of nulls (an RLE run of level 0) and scattered ones.
    boolean nulls = (id >= 1200 && id < 1700) || id % 13 == 7;
    if (nulls) {
      return row;
    }
    row.setField("bucket", id % 6 - 3); // dictionary-encoded throughout
    // Dictionary first, then too many distinct values: the chunk falls back mid-way.
    double[] special = {Double.NaN, -0.0, 0.0, Double.NEGATIVE_INFINITY};
    row.setField("score", id < 500 ? special[(int) (id % 4)] : id / 7.0);
    row.setField("flag", id % 3 == 0);
    row.setField("n", id < 3000 ? (int) (id % 5) : (int) (id * 7919));
    row.setField("f", id % 4 == 0 ? Float.NaN : id * 0.5f);
    row.setField("day", LocalDate.of(1969, 12, 25).plusDays(id % 20));
    row.setField(
        "at",
        OffsetDateTime.of(1969, 12, 31, 23, 59, 0, 0, ZoneOffset.UTC).plusNanos(id * 1_001_000L));
    row.setField("t", LocalTime.ofNanoOfDay(id * 1_000_001_000L % 86_400_000_000_000L));
    row.setField("word", new String[] {"", "ü", "click", "view"}[(int) (id % 4)]);
    row.setField("text", "row-" + id + "-" + "x".repeat((int) (id % 37)));
    row.setField("bin", ByteBuffer.wrap(new byte[] {(byte) id, 0, (byte) (id >> 8)}));
    // Fixed-length values: a dictionary that falls back, one kept throughout, one never used (an
    // 8-byte fixed, which must not be read as a long).
    row.setField("uuid", id < 500 ? new UUID(id % 3, 7) : new UUID(id, -id));
    row.setField("code", new byte[] {(byte) (id % 4), 1, (byte) 0xFF});
    row.setField("wide", ByteBuffer.allocate(8).putLong(id * 0x0101010101L).array());
    // Decimals in an int32, an int64, 9 and 16 big-endian bytes: signs, extremes, few and many
    // distinct values.
    long sign = id % 2 == 0 ? 1 : -1;
    row.setField("price", BigDecimal.valueOf(id < 3000 ? sign * (id % 5) : sign * id * 997, 2));
    row.setField(
        "amount", BigDecimal.valueOf(id % 50 == 1 ? Long.MIN_VALUE / 10_000 : sign * id * 7919, 4));
    row.setField(
        "mid",
        new BigDecimal(
            BigInteger.TEN
                .pow(19)
                .subtract(BigInteger.valueOf(id))
                .multiply(BigInteger.valueOf(sign)),
            3));
    row.setField(
        "big",
        new BigDecimal(
            BigInteger.TEN
                .pow(37)
                .add(BigInteger.valueOf(id * id))
                .multiply(BigInteger.valueOf(sign)),
            10));
    return row;
  }
}

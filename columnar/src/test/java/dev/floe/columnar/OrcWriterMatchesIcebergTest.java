package dev.floe.columnar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.testing.RandomRows;
import dev.floe.catalog.testing.TempWarehouse;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.apache.orc.CompressionKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Floe's ORC writer gives the files Iceberg's generic ORC writer gives for the same rows. */
class OrcWriterMatchesIcebergTest {
  private static final long ONE_FILE = Long.MAX_VALUE;

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = temp.resource(BufferAllocator.class);
  }

  private OrcTwins twins(Map<String, String> properties) {
    return new OrcTwins(temp.floe(), OrcTwins.SCHEMA, PartitionSpec.unpartitioned(), properties);
  }

  @Test
  void writesTheFileIcebergWritesForRandomRowsOfEveryType() {
    OrcTwins twins = twins(Map.of());
    List<Record> records = RandomRows.of(OrcTwins.SCHEMA, 3000, 42);
    List<DataFile> expected = twins.writeIceberg(records, ONE_FILE);
    List<DataFile> actual;
    try (VectorSchemaRoot root = RecordsToArrow.of(OrcTwins.SCHEMA, records, allocator)) {
      actual = twins.writeFloe(root, null, 0, records.size(), ONE_FILE);
    }

    OrcTwins.assertSameFiles(expected, actual);
    org.apache.iceberg.Schema schema = twins.floe.schema();
    int pointY = schema.findField("point.y").fieldId();
    assertThat(actual.get(0).nanValueCounts())
        .containsKeys(schema.findField("f").fieldId(), schema.findField("d").fieldId(), pointY);
    assertThat(actual.get(0).nanValueCounts().get(pointY)).isPositive();
    assertThat(OrcTwins.typesWithAttributes(actual.get(0)))
        .isEqualTo(OrcTwins.typesWithAttributes(expected.get(0)))
        .anyMatch(
            type ->
                type.contains(
                    "iceberg.id=" + schema.findField("lookup.value.m.element").fieldId()));
    // Iceberg 1.11's ORC default (TableProperties.ORC_COMPRESSION_DEFAULT); Parquet's is zstd.
    assertThat(OrcTwins.compression(actual.get(0))).isEqualTo(CompressionKind.ZLIB);
    List<Record> icebergRows = OrcTwins.read(twins.iceberg, expected);
    List<Record> floeRows = OrcTwins.read(twins.floe, actual);
    assertThat(floeRows).isEqualTo(icebergRows).hasSize(records.size());
    assertThat(floeRows).isEqualTo(records);
  }

  static Stream<Arguments> writerProperties() {
    return Stream.of(
        Arguments.of(
            Map.of(
                "write.orc.compression-codec", "snappy",
                "write.orc.compression-strategy", "compression")),
        Arguments.of(Map.of("write.orc.compression-codec", "none")),
        Arguments.of(Map.of("write.orc.compression-codec", "zstd")),
        Arguments.of(
            Map.of(
                "write.orc.stripe-size-bytes", "65536",
                "write.orc.block-size-bytes", "1048576",
                "write.orc.vectorized.batch-size", "100")),
        Arguments.of(
            Map.of(
                "write.orc.bloom.filter.columns", "s, L ,point.x,embedding._elem,day",
                "write.orc.bloom.filter.fpp", "0.01")));
  }

  @ParameterizedTest
  @MethodSource("writerProperties")
  void honoursTheTablesOrcWriterProperties(Map<String, String> properties) {
    OrcTwins twins = twins(properties);
    List<Record> records = RandomRows.of(OrcTwins.SCHEMA, 2500, 7);
    List<DataFile> expected = twins.writeIceberg(records, ONE_FILE);
    List<DataFile> actual;
    try (VectorSchemaRoot root = RecordsToArrow.of(OrcTwins.SCHEMA, records, allocator)) {
      actual = twins.writeFloe(root, null, 0, records.size(), ONE_FILE);
    }
    OrcTwins.assertSameFiles(expected, actual);
    String codec = properties.getOrDefault("write.orc.compression-codec", "zlib");
    assertThat(OrcTwins.compression(actual.get(0)).name()).isEqualToIgnoringCase(codec);
  }

  @Test
  void refusesBloomFilterColumnsThatNameNoColumnWhichOrcWouldSkip() {
    OrcTwins twins = twins(Map.of("write.orc.bloom.filter.columns", "s, Point.X ,nope"));
    ColumnarFiles files = ColumnarFiles.forTable(twins.floe).format(FileFormat.ORC).build();
    assertThatThrownBy(() -> files.open(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot write ORC files for table %s: bloom filter column 'nope' in"
                + " write.orc.bloom.filter.columns is not a column",
            twins.floe.name());
  }

  @Test
  void stripeSizeGivesSeveralSplitOffsets() {
    OrcTwins twins = twins(Map.of("write.orc.stripe-size-bytes", "65536"));
    List<Record> records = RandomRows.of(OrcTwins.SCHEMA, 6000, 8);
    List<DataFile> expected = twins.writeIceberg(records, ONE_FILE);
    try (VectorSchemaRoot root = RecordsToArrow.of(OrcTwins.SCHEMA, records, allocator)) {
      List<DataFile> actual = twins.writeFloe(root, null, 0, records.size(), ONE_FILE);
      OrcTwins.assertSameFiles(expected, actual);
      assertThat(actual.get(0).splitOffsets()).hasSizeGreaterThan(1);
    }
  }

  @Test
  void followsEveryMetricsMode() {
    OrcTwins twins =
        twins(
            Map.of(
                "write.metadata.metrics.default", "counts",
                "write.metadata.metrics.column.s", "full",
                "write.metadata.metrics.column.l", "none",
                "write.metadata.metrics.column.large", "truncate(4)",
                "write.metadata.metrics.column.f", "full"));
    List<Record> records = RandomRows.of(OrcTwins.SCHEMA, 1500, 11);
    List<DataFile> expected = twins.writeIceberg(records, ONE_FILE);
    List<DataFile> actual;
    try (VectorSchemaRoot root = RecordsToArrow.of(OrcTwins.SCHEMA, records, allocator)) {
      actual = twins.writeFloe(root, null, 0, records.size(), ONE_FILE);
    }

    OrcTwins.assertSameFiles(expected, actual);
    DataFile file = actual.get(0);
    assertThat(file.valueCounts()).containsKey(3).doesNotContainKey(4);
    assertThat(file.lowerBounds()).containsKeys(13, 5, 8).doesNotContainKeys(3, 4);
    assertThat(file.upperBounds().get(13).remaining()).isGreaterThan(16);
  }

  @Test
  void writesRowsInTheGivenOrderFromTheGivenRange() {
    OrcTwins twins = twins(Map.of());
    List<Record> records = RandomRows.of(OrcTwins.SCHEMA, 2000, 5);
    List<Integer> shuffled = new ArrayList<>(IntStream.range(0, 2000).boxed().toList());
    Collections.shuffle(shuffled, new Random(5));
    int[] order = shuffled.stream().mapToInt(Integer::intValue).toArray();
    List<Record> ordered = new ArrayList<>();
    for (int k = 300; k < 1700; k++) {
      ordered.add(records.get(order[k]));
    }
    List<DataFile> expected = twins.writeIceberg(ordered, ONE_FILE);
    try (VectorSchemaRoot root = RecordsToArrow.of(OrcTwins.SCHEMA, records, allocator)) {
      List<DataFile> actual = twins.writeFloe(root, order, 300, 1700, ONE_FILE);
      OrcTwins.assertSameFiles(expected, actual);
      assertThat(OrcTwins.read(twins.floe, actual)).isEqualTo(ordered);
    }
  }

  @Test
  void writesThePartitionIcebergWritesIntoItsFolderThoughTheKeyIsReused() {
    PartitionSpec spec = PartitionSpec.builderFor(OrcTwins.SCHEMA).identity("flag").build();
    OrcTwins twins = new OrcTwins(temp.floe(), OrcTwins.SCHEMA, spec, Map.of());
    List<Record> records = RandomRows.of(OrcTwins.SCHEMA, 2000, 9);
    int[] order =
        IntStream.range(0, records.size())
            .filter(i -> Boolean.TRUE.equals(records.get(i).getField("flag")))
            .toArray();
    List<Record> flagged = IntStream.of(order).mapToObj(records::get).toList();
    Record unflagged =
        records.stream().filter(r -> Boolean.FALSE.equals(r.getField("flag"))).findFirst().get();
    PartitionKey key = new PartitionKey(twins.floe.spec(), twins.floe.schema());
    key.partition(flagged.get(0));
    List<DataFile> expected = twins.writeIceberg(flagged, ONE_FILE, key);
    try (VectorSchemaRoot root = RecordsToArrow.of(OrcTwins.SCHEMA, records, allocator)) {
      ColumnarFiles files = ColumnarFiles.forTable(twins.floe).format(FileFormat.ORC).build();
      List<DataFile> actual;
      try (PartitionWriter writer = files.open(key)) {
        // The caller moves its key on to another partition: the writer must not follow.
        key.partition(unflagged);
        writer.write(root, order, 0, order.length);
        actual = writer.finish();
      }
      OrcTwins.assertSameFiles(expected, actual);
      assertThat(actual.get(0).partition().get(0, Boolean.class)).isTrue();
      assertThat(actual.get(0).location()).contains("/flag=true/");
      assertThat(OrcTwins.read(twins.floe, actual)).isEqualTo(flagged);
    }
  }

  @Test
  void writesNanosecondTimestampsOfFormatV3Tables() {
    org.apache.iceberg.Schema schema =
        new org.apache.iceberg.Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "ns", Types.TimestampNanoType.withoutZone()),
            Types.NestedField.optional(3, "nstz", Types.TimestampNanoType.withZone()));
    OrcTwins twins =
        new OrcTwins(
            temp.floe(), schema, PartitionSpec.unpartitioned(), Map.of("format-version", "3"));
    Random random = new Random(3);
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      // Up to 1e17 ns either side of 1970 (about 3 years), and never in its last second before.
      long nanos = random.nextLong() % 100_000_000_000_000_000L;
      nanos = nanos < 0 && nanos > -1_000_000_000L ? nanos - 1_000_000_000L : nanos;
      LocalDateTime utc =
          LocalDateTime.ofEpochSecond(
              Math.floorDiv(nanos, 1_000_000_000L),
              (int) Math.floorMod(nanos, 1_000_000_000L),
              ZoneOffset.UTC);
      Record record = GenericRecord.create(schema);
      record.set(0, (long) i);
      record.set(1, i % 7 == 0 ? null : utc);
      record.set(2, i % 5 == 0 ? null : OffsetDateTime.of(utc, ZoneOffset.UTC));
      records.add(record);
    }
    List<DataFile> expected = twins.writeIceberg(records, ONE_FILE);
    try (VectorSchemaRoot root = RecordsToArrow.of(schema, records, allocator)) {
      List<DataFile> actual = twins.writeFloe(root, null, 0, records.size(), ONE_FILE);
      OrcTwins.assertSameFiles(expected, actual);
      assertThat(OrcTwins.read(twins.floe, actual)).isEqualTo(records);
    }
  }
}

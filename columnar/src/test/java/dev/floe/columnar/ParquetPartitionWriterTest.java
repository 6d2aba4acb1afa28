package dev.floe.columnar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.testing.RandomRows;
import dev.floe.catalog.testing.TempWarehouse;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParquetPartitionWriterTest {
  private static final long LARGE = 512L * 1024 * 1024;

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private BufferAllocator allocator;
  private final Schema schema = RandomRows.everyType();

  @BeforeEach
  void open() {
    allocator = temp.resource(BufferAllocator.class);
  }

  private Table table(Map<String, String> properties) {
    return BothWriters.create(
        temp.floe(), "ml.columns", schema, PartitionSpec.unpartitioned(), properties);
  }

  @Test
  void writesTheSameFileAsIcebergForEveryType() {
    Table table = table(Map.of());
    List<Record> records = RandomRows.of(schema, 3_000, 42);
    assertSameAsIceberg(table, records, null, null, LARGE);
  }

  @Test
  void writesRowsInTheGivenOrder() {
    Table table = table(Map.of());
    List<Record> records = RandomRows.of(schema, 500, 7);
    int[] order = new int[400];
    for (int k = 0; k < order.length; k++) {
      order[k] = (k * 37 + 11) % records.size();
    }
    assertSameAsIceberg(table, records, order, null, LARGE);
  }

  @Test
  void followsMetricsModesOfTheTableAndItsColumns() {
    Table table =
        table(
            Map.of(
                "write.metadata.metrics.default", "counts",
                "write.metadata.metrics.column.name", "truncate(4)",
                "write.metadata.metrics.column.ratio", "full",
                "write.metadata.metrics.column.score", "none",
                "write.metadata.metrics.column.point.y", "full",
                "write.metadata.metrics.column.huge", "full"));
    List<DataFile> files =
        assertSameAsIceberg(table, RandomRows.of(schema, 800, 3), null, null, LARGE);
    DataFile file = files.get(0);
    Schema written = table.schema();
    int name = written.findField("name").fieldId();
    int score = written.findField("score").fieldId();
    int big = written.findField("big").fieldId();
    assertThat(file.lowerBounds()).containsKey(name).doesNotContainKey(big);
    assertThat(file.lowerBounds().get(name).remaining()).isLessThanOrEqualTo(4 * 4);
    assertThat(file.valueCounts()).containsKey(big).doesNotContainKey(score);
    assertThat(file.nanValueCounts()).containsKey(written.findField("ratio").fieldId());
  }

  @Test
  void usesTheTablesCodecLevelAndPageSettings() {
    Table table =
        table(
            Map.of(
                "write.parquet.compression-codec", "snappy",
                "write.parquet.page-size-bytes", "4096",
                "write.parquet.page-row-limit", "300",
                "write.parquet.dict-size-bytes", "2048",
                "write.parquet.row-group-size-bytes", "32768",
                "write.parquet.page-version", "v2"));
    List<DataFile> files =
        assertSameAsIceberg(table, RandomRows.of(schema, 1_000, 5), null, null, LARGE);
    ParquetMetadata footer = new BothWriters(table, allocator).footer(files.get(0));
    assertThat(footer.getBlocks()).hasSizeGreaterThan(1);
    assertThat(footer.getBlocks().get(0).getColumns().get(0).getCodec().name()).isEqualTo("SNAPPY");
  }

  @Test
  void writesVersion2PagesWithoutDictionaries() {
    Table table =
        table(Map.of("write.parquet.page-version", "v2", "parquet.enable.dictionary", "false"));
    assertSameAsIceberg(table, RandomRows.of(schema, 700, 17), null, null, LARGE);
  }

  @Test
  void compressesAtTheTablesZstdLevel() {
    List<Record> records = RandomRows.of(schema, 400, 5);
    Table table = table(Map.of("write.parquet.compression-level", "9"));
    List<DataFile> files = assertSameAsIceberg(table, records, null, null, LARGE);
    Table fast =
        BothWriters.create(
            temp.floe(),
            "ml.fast",
            schema,
            PartitionSpec.unpartitioned(),
            Map.of("write.parquet.compression-level", "1"));
    List<DataFile> fastFiles =
        new BothWriters(fast, allocator).columnar(records, null, null, LARGE);
    assertThat(files.get(0).fileSizeInBytes()).isLessThan(fastFiles.get(0).fileSizeInBytes());
  }

  @Test
  void writesBloomFiltersAndColumnStatisticsAsTheTableSays() {
    Table table =
        table(
            Map.of(
                "parquet.enable.dictionary", "false",
                "write.parquet.bloom-filter-enabled.column.name", "true",
                "write.parquet.bloom-filter-fpp.column.name", "0.05",
                "write.parquet.stats-enabled.column.count", "false"));
    List<DataFile> files =
        assertSameAsIceberg(table, RandomRows.of(schema, 500, 9), null, null, LARGE);
    BlockMetaData block = new BothWriters(table, allocator).footer(files.get(0)).getBlocks().get(0);
    assertThat(block.getColumns())
        .filteredOn(c -> c.getPath().toDotString().equals("name"))
        .hasSize(1)
        .allMatch(c -> c.getBloomFilterOffset() > 0);
    assertThat(block.getColumns())
        .filteredOn(c -> c.getPath().toDotString().equals("count"))
        .allMatch(c -> c.getStatistics().isEmpty());
  }

  @Test
  void rollsToNewFilesAtTheTargetSizeAsIcebergDoes() {
    Table table = table(Map.of("write.parquet.row-group-size-bytes", "32768"));
    List<Record> records = RandomRows.of(schema, 6_000, 11);
    List<DataFile> files = assertSameAsIceberg(table, records, null, null, 100_000);
    assertThat(files).hasSizeGreaterThan(2);
    assertThat(files.stream().mapToLong(DataFile::recordCount).sum()).isEqualTo(6_000);
    assertThat(files)
        .allMatch(f -> f.recordCount() % 1000 == 0 || f == files.get(files.size() - 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"32768", "134217728"})
  void writesTheSameBytesWhereverTheBatchesEnd(String rowGroupBytes) {
    // Small pages, with small row groups or the default: batch ends fall before, on and after the
    // store's page checks, the row-group checks and the file-size checks.
    Table table =
        table(
            Map.of(
                "write.parquet.page-size-bytes", "4096",
                "write.parquet.page-row-limit", "300",
                "write.parquet.dict-size-bytes", "2048",
                "write.parquet.row-group-size-bytes", rowGroupBytes));
    List<Record> records = RandomRows.of(schema, 4_000, 23);
    int[] cuts = {1, 2, 7, 99, 100, 101, 299, 300, 999, 1000, 1001, 1733, 2000, 3999};
    BothWriters both = new BothWriters(table, allocator);
    List<DataFile> theirs = both.iceberg(records, null, 100_000);
    assertThat(theirs).hasSizeGreaterThan(1);
    SameFiles.assertSame(both, both.columnar(records, null, null, 100_000, cuts), theirs);
    int[] order = new int[records.size()];
    for (int k = 0; k < order.length; k++) {
      order[k] = (k * 53 + 5) % records.size();
    }
    SameFiles.assertSame(
        both,
        both.columnar(records, order, null, 100_000, cuts),
        both.iceberg(BothWriters.reordered(records, order), null, 100_000));
  }

  @Test
  void knowsWhenTheColumnStoreChecksItsPages() {
    // Without it every write runs row by row: the same bytes, several times slower.
    assertThat(StoreChecks.known()).isTrue();
  }

  @Test
  void writesPartitionValuesIntoEachFile() {
    Table table =
        BothWriters.create(
            temp.floe(),
            "ml.parted",
            schema,
            PartitionSpec.builderFor(schema).identity("flag").day("ts").build(),
            Map.of());
    List<Record> records = RandomRows.of(schema, 300, 13);
    records.forEach(r -> r.setField("flag", true));
    records.forEach(r -> r.setField("ts", records.get(0).getField("ts")));
    PartitionKey key = new PartitionKey(table.spec(), schema);
    key.partition(new InternalRecordWrapper(schema.asStruct()).wrap(records.get(0)));
    List<DataFile> files = assertSameAsIceberg(table, records, null, key, LARGE);
    assertThat(files.get(0).partition().get(0, Boolean.class)).isTrue();
  }

  private List<DataFile> assertSameAsIceberg(
      Table table, List<Record> records, int[] order, PartitionKey partition, long target) {
    BothWriters both = new BothWriters(table, allocator);
    List<Record> expectedRows = order == null ? records : BothWriters.reordered(records, order);
    List<DataFile> theirs = both.iceberg(expectedRows, partition, target);
    List<DataFile> ours = both.columnar(records, order, partition, target);
    SameFiles.assertSame(both, ours, theirs);
    List<Record> theirRows = both.commitAndRead(theirs);
    List<Record> ourRows = both.commitAndRead(ours);
    assertThat(theirRows).hasSize(expectedRows.size());
    assertThat(ourRows).isEqualTo(theirRows);
    return ours;
  }
}

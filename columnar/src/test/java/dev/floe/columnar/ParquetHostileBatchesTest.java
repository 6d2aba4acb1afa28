package dev.floe.columnar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.testing.RandomRows;
import dev.floe.catalog.testing.TempWarehouse;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile batch shapes against the column-by-column Parquet write: empty and one-row calls, calls
 * ending on a check, an order that repeats rows, under settings that move every check (one-byte
 * dictionaries, tiny pages and row groups, v2 pages, bloom filters, no dictionary): the bytes stay
 * Iceberg's own.
 */
class ParquetHostileBatchesTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private final Schema schema = RandomRows.everyType();

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4})
  void writesIcebergsBytesForEmptyOneRowAndRepeatedRowBatches(int variant) {
    BufferAllocator allocator = temp.resource(BufferAllocator.class);
    Map<String, String> props =
        switch (variant) {
          case 0 ->
              Map.of("write.parquet.dict-size-bytes", "1", "write.parquet.page-row-limit", "1");
          case 1 ->
              Map.of("write.parquet.page-version", "v2", "write.parquet.page-size-bytes", "1024");
          case 2 ->
              Map.of(
                  "write.parquet.bloom-filter-enabled.column.name", "true",
                  "write.parquet.bloom-filter-enabled.column.id", "true",
                  "write.parquet.page-size-bytes", "2048",
                  "write.parquet.row-group-size-bytes", "8192");
          case 3 ->
              Map.of(
                  "parquet.enable.dictionary",
                  "false",
                  "write.parquet.page-row-limit",
                  "7",
                  "write.parquet.row-group-size-bytes",
                  "4096");
          default ->
              Map.of(
                  "write.parquet.compression-codec",
                  "uncompressed",
                  "write.parquet.page-row-limit",
                  "2",
                  "write.parquet.row-group-check-min-record-count",
                  "1",
                  "write.parquet.row-group-check-max-record-count",
                  "3");
        };
    Table table =
        BothWriters.create(
            temp.floe(), "ml.p" + variant, schema, PartitionSpec.unpartitioned(), props);
    List<Record> records = RandomRows.of(schema, 2_500, 5 + variant);
    int[] cuts = {0, 0, 1, 1, 2, 3, 3, 4, 100, 100, 101, 999, 1000, 1000, 1001, 2499};
    BothWriters both = new BothWriters(table, allocator);
    List<DataFile> theirs = both.iceberg(records, null, 20_000);
    SameFiles.assertSame(both, both.columnar(records, null, null, 20_000, cuts), theirs);
    int[] order = new int[3_000];
    for (int k = 0; k < order.length; k++) {
      order[k] = (k * 7) % 13 == 0 ? 5 : (k * 31 + 3) % records.size();
    }
    int[] cuts2 = {0, 1, 1, 2, 1000, 1999, 2000, 2000, 2999};
    SameFiles.assertSame(
        both,
        both.columnar(records, order, null, 20_000, cuts2),
        both.iceberg(BothWriters.reordered(records, order), null, 20_000));
    assertThat(theirs).hasSizeGreaterThan(1);
  }
}

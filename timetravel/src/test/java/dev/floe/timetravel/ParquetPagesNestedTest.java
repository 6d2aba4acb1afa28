package dev.floe.timetravel;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lists, maps and structs through Floe's Parquet page decoder: the row path's values and digest,
 * with null and empty collections, null elements, and rows whose elements continue on the next
 * page.
 */
class ParquetPagesNestedTest {
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
  void embeddingListsDecodeToTheRowPathsValuesAcrossPages(String pageVersion) {
    Schema schema =
        new Schema(
            required(1, "id", Types.LongType.get()),
            optional(2, "embedding", Types.ListType.ofRequired(3, Types.FloatType.get())),
            optional(4, "sparse", Types.ListType.ofOptional(5, Types.DoubleType.get())),
            required(6, "ints", Types.ListType.ofRequired(7, Types.IntegerType.get())));
    Table table =
        floe.tables()
            .createIfAbsent(
                "db.lists_" + pageVersion,
                schema,
                PartitionSpec.unpartitioned(),
                Map.of(
                    "write.parquet.page-version", pageVersion,
                    "write.parquet.page-size-bytes", "4096",
                    "write.parquet.row-group-size-bytes", "200000",
                    "write.parquet.row-group-check-min-record-count", "50",
                    "write.parquet.dict-size-bytes", "1024"));
    List<Record> rows = new ArrayList<>();
    for (long id = 0; id < 3000; id++) {
      Record row = GenericRecord.create(table.schema());
      row.setField("id", id);
      // Null lists, empty lists, and 64-d embeddings that fill several pages a row group.
      List<Float> embedding = new ArrayList<>();
      for (int d = 0; d < (id % 10 == 3 ? 0 : 64); d++) {
        embedding.add(id % 5 == 0 ? (float) (d % 4) : id * 0.001f + d);
      }
      row.setField("embedding", id % 17 == 8 ? null : embedding);
      List<Double> sparse = new ArrayList<>();
      for (int d = 0; d < id % 6; d++) {
        sparse.add(d == 2 ? null : id / 3.0 - d);
      }
      row.setField("sparse", id % 11 == 4 ? null : sparse);
      row.setField("ints", List.of((int) id % 3, (int) (id * 7)));
      rows.add(row);
    }
    decodesAsTheRowPath(table, rows, 250);
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void listsOfStringsAndBooleansAndMapsDecodeToTheRowPathsValues(String pageVersion) {
    Schema schema =
        new Schema(
            required(1, "id", Types.LongType.get()),
            optional(2, "tokens", Types.ListType.ofOptional(3, Types.StringType.get())),
            optional(4, "flags", Types.ListType.ofRequired(5, Types.BooleanType.get())),
            optional(
                6,
                "weights",
                Types.MapType.ofOptional(7, 8, Types.StringType.get(), Types.DoubleType.get())),
            required(
                9,
                "counts",
                Types.MapType.ofRequired(10, 11, Types.IntegerType.get(), Types.StringType.get())));
    Table table = table(schema, "db.collections_" + pageVersion, pageVersion);
    List<Record> rows = new ArrayList<>();
    for (long id = 0; id < 3000; id++) {
      Record row = GenericRecord.create(table.schema());
      row.setField("id", id);
      List<String> tokens = new ArrayList<>();
      for (int t = 0; t < id % 40; t++) { // long rows span pages
        tokens.add(t == 3 ? null : t % 5 == 0 ? "" : "tok-" + (id * t % 97));
      }
      row.setField("tokens", id % 13 == 6 ? null : tokens);
      row.setField("flags", id % 7 == 0 ? null : List.of(id % 2 == 0, true, id % 3 == 0));
      Map<String, Double> weights = new LinkedHashMap<>();
      for (int w = 0; w < id % 5; w++) {
        weights.put("w" + (w * 7 + id % 3), w == 1 ? null : id / (w + 1.0));
      }
      row.setField("weights", id % 11 == 5 ? null : weights);
      Map<Integer, String> counts = new LinkedHashMap<>();
      for (int c = 0; c < id % 3; c++) {
        counts.put((int) (id * 10 + c), "c" + c);
      }
      row.setField("counts", counts);
      rows.add(row);
    }
    decodesAsTheRowPath(table, rows, 250);
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void structsOfPrimitivesDecodeToTheRowPathsValues(String pageVersion) {
    Types.StructType features =
        Types.StructType.of(
            required(11, "clicks", Types.LongType.get()),
            optional(12, "score", Types.DoubleType.get()),
            optional(13, "country", Types.StringType.get()),
            optional(14, "active", Types.BooleanType.get()));
    Schema schema =
        new Schema(
            required(1, "id", Types.LongType.get()),
            optional(2, "features", features),
            required(3, "origin", Types.StructType.of(optional(31, "x", Types.IntegerType.get()))));
    Table table =
        floe.tables()
            .createIfAbsent(
                "db.structs_" + pageVersion,
                schema,
                PartitionSpec.unpartitioned(),
                Map.of(
                    "write.parquet.page-version", pageVersion,
                    "write.parquet.page-row-limit", "300",
                    "write.parquet.row-group-size-bytes", "8000",
                    "write.parquet.row-group-check-min-record-count", "100"));
    List<Record> rows = new ArrayList<>();
    for (long id = 0; id < 4000; id++) {
      Record row = GenericRecord.create(table.schema());
      row.setField("id", id);
      if (id % 9 != 4 && (id < 1000 || id >= 1400)) { // scattered null structs and a null run
        Record values = GenericRecord.create(features);
        values.setField("clicks", id * 3);
        values.setField("score", id % 5 == 1 ? null : id / 8.0);
        values.setField(
            "country", id % 7 == 2 ? null : new String[] {"DE", "FR", ""}[(int) (id % 3)]);
        values.setField("active", id % 6 == 0 ? null : id % 4 == 0);
        row.setField("features", values);
      }
      Record origin = GenericRecord.create(schema.findType("origin").asStructType());
      origin.setField("x", id % 10 == 0 ? null : (int) id);
      row.setField("origin", origin);
      rows.add(row);
    }
    FileScanTask task = decodesAsTheRowPath(table, rows, 333);
    // A projection of some of a struct's fields.
    Schema some = table.schema().select("id", "features.country", "features.clicks");
    assertThat(reads.pages(table, task, 500, some)).isEqualTo(reads.rowPath(table, some));
  }

  /**
   * Appends {@code rows} as one file of several row groups and checks the page decoder reads them
   * as the row path does, values and digest, in batches of {@code batchSize}; returns the file.
   */
  private FileScanTask decodesAsTheRowPath(Table table, List<Record> rows, int batchSize) {
    TestEvents.append(table, FileFormat.PARQUET, rows);
    FileScanTask task = PageReads.onlyTask(table);
    assertThat(PageReads.rowGroups(table, task)).hasSizeGreaterThan(1);
    assertThat(reads.pages(table, task, batchSize))
        .hasSize(rows.size())
        .isEqualTo(reads.rowPath(table));
    assertThat(reads.vectorizedDigest(table, batchSize, 1)).isEqualTo(reads.rowPathDigest(table));
    return task;
  }

  private Table table(Schema schema, String name, String pageVersion) {
    return floe.tables()
        .createIfAbsent(
            name,
            schema,
            PartitionSpec.unpartitioned(),
            Map.of(
                "write.parquet.page-version", pageVersion,
                "write.parquet.page-size-bytes", "4096",
                "write.parquet.row-group-size-bytes", "60000",
                "write.parquet.row-group-check-min-record-count", "50",
                "write.parquet.dict-size-bytes", "1024"));
  }
}

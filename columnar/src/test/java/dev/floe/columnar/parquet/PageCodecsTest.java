package dev.floe.columnar.parquet;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.columnar.ArrowLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One set of page codecs decodes the pages of several files in turn, zstd with its own context and
 * other codecs through parquet-java's, to the same rows as each reader's own codecs; the footer's
 * metadata is there whether or not the decoder takes the file.
 */
class PageCodecsTest {
  private static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "label", Types.StringType.get()),
          optional(3, "score", Types.DoubleType.get()));

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = temp.resource(BufferAllocator.class);
  }

  @Test
  void sharedCodecsDecodeEveryFileAsTheReadersOwnCodecs() {
    List<DataFile> files = new ArrayList<>();
    files.add(write("db.zstd", "zstd", 0));
    files.add(write("db.gzip", "gzip", 5000));
    files.add(write("db.zstd2", "zstd", 10_000));
    Table table = temp.floe().tables().load("db.zstd");

    List<String> shared = new ArrayList<>();
    try (PageCodecs codecs = new PageCodecs()) {
      for (DataFile file : files) {
        try (PageFile parquet =
            PageFile.open(table.io().newInputFile(file), file.fileSizeInBytes(), codecs)) {
          assertThat(parquet.keyValueMetadata()).containsKey("iceberg.schema");
          try (PageRows rows = parquet.rows(SCHEMA)) {
            shared.add(decode(rows));
          }
        }
      }
    }
    List<String> own = new ArrayList<>();
    for (DataFile file : files) {
      try (PageRows rows =
          PageRows.open(table.io().newInputFile(file), file.fileSizeInBytes(), SCHEMA)) {
        own.add(decode(rows));
      }
    }

    assertThat(codecOf(table, files.get(1))).isEqualTo(CompressionCodecName.GZIP);
    assertThat(codecOf(table, files.get(0))).isEqualTo(CompressionCodecName.ZSTD);
    assertThat(shared).isEqualTo(own);
    assertThat(shared.get(0)).contains("4999\tx4\t1249.75");
    assertThat(shared.get(2).lines()).hasSize(5001); // header and every row
  }

  @Test
  void fileTheDecoderRefusesStaysOpenForItsMetadataAndClosesOnce() {
    DataFile file = write("db.refused", "zstd", 0);
    Table table = temp.floe().tables().load("db.refused");
    // A column the file lacks (added to the table later): the decoder leaves the file alone.
    Schema wider =
        new Schema(
            List.of(
                required(1, "id", Types.LongType.get()),
                optional(2, "label", Types.StringType.get()),
                optional(3, "score", Types.DoubleType.get()),
                optional(4, "added", Types.LongType.get())));

    try (PageCodecs codecs = new PageCodecs();
        PageFile parquet =
            PageFile.open(table.io().newInputFile(file), file.fileSizeInBytes(), codecs)) {
      assertThat(parquet.rows(wider)).isNull();
      assertThat(parquet.keyValueMetadata()).containsKey("iceberg.schema");
      try (PageRows rows = parquet.rows(SCHEMA)) {
        assertThat(decode(rows).lines()).hasSize(5001);
      }
      assertThatThrownBy(() -> parquet.rows(SCHEMA)).hasMessageContaining("already handed on");
    }
  }

  @Test
  void closedCodecsRefuseToDecompress() {
    PageCodecs codecs = new PageCodecs();
    codecs.close();

    assertThatThrownBy(() -> codecs.factory().getDecompressor(CompressionCodecName.ZSTD))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  // Small pages and row groups: many pages per file, each decompressed on its own.
  private DataFile write(String name, String codec, long firstId) {
    Table table =
        temp.floe()
            .tables()
            .createIfAbsent(
                name,
                SCHEMA,
                PartitionSpec.unpartitioned(),
                Map.of(
                    TableProperties.PARQUET_COMPRESSION, codec,
                    TableProperties.PARQUET_PAGE_ROW_LIMIT, "300",
                    TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, "16384"));
    List<Record> rows = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      GenericRecord row = GenericRecord.create(SCHEMA);
      row.setField("id", firstId + i);
      row.setField("label", i % 11 == 0 ? null : "x" + i % 5);
      row.setField("score", i % 13 == 0 ? null : i * 0.25);
      rows.add(row);
    }
    return GenericData.write(table, FileFormat.PARQUET, rows).get(0);
  }

  private String decode(PageRows rows) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(ArrowLayout.of(SCHEMA), allocator)) {
      PageRows.reserve(root, 5000);
      int decoded = rows.read(root, 0, 5000);
      PageRows.finish(root, decoded);
      assertThat(rows.hasNext()).isFalse();
      return root.contentToTSVString();
    }
  }

  private static CompressionCodecName codecOf(Table table, DataFile file) {
    try (var reader =
        PageDecoders.open(table.io().newInputFile(file), 0, file.fileSizeInBytes(), null)) {
      return reader.getFooter().getBlocks().get(0).getColumns().get(0).getCodec();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

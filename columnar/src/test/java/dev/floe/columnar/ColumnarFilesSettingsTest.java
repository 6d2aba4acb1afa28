package dev.floe.columnar;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.columnar.parquet.PageDecoders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.types.Types;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Where the writers write, through which FileIO, and with which writer properties. */
class ColumnarFilesSettingsTest {
  private static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()), optional(2, "label", Types.StringType.get()));
  private static final PartitionSpec SPEC =
      PartitionSpec.builderFor(SCHEMA).identity("label").build();

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  @TempDir Path cold;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = temp.resource(BufferAllocator.class);
  }

  @ParameterizedTest
  @EnumSource(
      value = FileFormat.class,
      names = {"PARQUET", "ORC", "AVRO"})
  void writesUnderTheLocationByPartitionThroughTheGivenIo(FileFormat format) throws IOException {
    Table table = table("db.cold_" + format.name().toLowerCase(Locale.ROOT), format);
    CountingIo io = new CountingIo(table.io());
    ColumnarFiles files = ColumnarFiles.forTable(table).location(cold + "/events/").io(io).build();

    List<DataFile> written = write(files, table, "a b");

    assertThat(written).hasSize(1);
    String expected = cold + "/events/label=a+b/";
    assertThat(written.get(0).location()).startsWith(expected);
    assertThat(written.get(0).location()).endsWith(format.addExtension(""));
    assertThat(written.get(0).recordCount()).isEqualTo(100);
    assertThat(io.created).containsExactly(written.get(0).location());
    assertThat(regularFiles(cold)).hasSize(1);
  }

  @Test
  void writePropertiesOverTheTablesSetTheParquetCodec() throws IOException {
    Table table = table("db.codec", FileFormat.PARQUET);
    ColumnarFiles files =
        ColumnarFiles.forTable(table)
            .writeProperties(Map.of(TableProperties.PARQUET_COMPRESSION, "gzip"))
            .build();

    DataFile file = write(files, table, "x").get(0);

    assertThat(files.properties())
        .containsEntry(TableProperties.PARQUET_COMPRESSION, "gzip")
        .containsEntry(TableProperties.DEFAULT_FILE_FORMAT, "PARQUET");
    try (ParquetFileReader reader =
        PageDecoders.open(table.io().newInputFile(file.location()), 0, file.fileSizeInBytes())) {
      assertThat(reader.getFooter().getBlocks().get(0).getColumns())
          .allSatisfy(c -> assertThat(c.getCodec()).isEqualTo(CompressionCodecName.GZIP));
    }
  }

  @Test
  void closeWithoutFinishDeletesFilesAtTheLocation() throws IOException {
    Table table = table("db.aborted", FileFormat.PARQUET);
    ColumnarFiles files =
        ColumnarFiles.forTable(table).location(cold.toString()).targetFileSize(1).build();
    try (VectorSchemaRoot root = root(2000);
        PartitionWriter writer = files.open(partition(table, "a"))) {
      writer.write(root, null, 0, 2000);
      assertThat(regularFiles(cold)).hasSize(2); // rolled at the 1000th row, then the next
    }
    assertThat(regularFiles(cold)).isEmpty();
  }

  @Test
  void rejectsABlankLocation() {
    Table table = table("db.blank", FileFormat.PARQUET);
    assertThatThrownBy(() -> ColumnarFiles.forTable(table).location(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid location");
  }

  private List<DataFile> write(ColumnarFiles files, Table table, String label) {
    try (VectorSchemaRoot root = root(100);
        PartitionWriter writer = files.open(partition(table, label))) {
      writer.write(root, null, 0, 100);
      return writer.finish();
    }
  }

  private VectorSchemaRoot root(int rows) {
    VectorSchemaRoot root = VectorSchemaRoot.create(ArrowLayout.of(SCHEMA), allocator);
    RowAppender appender = RowAppender.into(root, SCHEMA);
    for (long i = 0; i < rows; i++) {
      GenericRecord row = GenericRecord.create(SCHEMA);
      row.setField("id", i);
      row.setField("label", "same");
      appender.append(row);
    }
    return appender.finish();
  }

  private static PartitionKey partition(Table table, String label) {
    GenericRecord row = GenericRecord.create(SCHEMA);
    row.setField("id", 0L);
    row.setField("label", label);
    PartitionKey key = new PartitionKey(table.spec(), SCHEMA);
    key.partition(new InternalRecordWrapper(SCHEMA.asStruct()).wrap((Record) row));
    return key;
  }

  private Table table(String name, FileFormat format) {
    return temp.floe()
        .tables()
        .createIfAbsent(
            name, SCHEMA, SPEC, Map.of(TableProperties.DEFAULT_FILE_FORMAT, format.name()));
  }

  private static List<Path> regularFiles(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .toList();
    }
  }

  /** The table's FileIO, noting every file created through it. */
  private static final class CountingIo implements FileIO {
    private final FileIO delegate;
    private final List<String> created = new ArrayList<>();

    CountingIo(FileIO delegate) {
      this.delegate = delegate;
    }

    @Override
    public InputFile newInputFile(String path) {
      return delegate.newInputFile(path);
    }

    @Override
    public OutputFile newOutputFile(String path) {
      created.add(path);
      return delegate.newOutputFile(path);
    }

    @Override
    public void deleteFile(String path) {
      delegate.deleteFile(path);
    }
  }
}

package dev.floe.columnar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.MapRows;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.formats.ReadBuilder;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.TypeUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link RecordReads}: generic records of ORC files with every map's entries in file order, and
 * otherwise Iceberg's records value for value.
 */
class RecordReadsTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Table table;
  private List<Record> written;

  @BeforeEach
  void open() {
    table =
        temp.floe()
            .tables()
            .createIfAbsent("db.maps", MapRows.SCHEMA, PartitionSpec.unpartitioned());
    written = MapRows.rows(table.schema(), 400);
  }

  @Test
  void orcMapsReadInFileOrderAtEveryDepth() {
    DataFile file = only(GenericData.write(table, FileFormat.ORC, written));

    List<Record> ours = read(RecordReads.builder(FileFormat.ORC, input(file)), table.schema());
    List<Record> iceberg =
        read(
            FormatModelRegistry.readBuilder(FileFormat.ORC, Record.class, input(file)),
            table.schema());

    assertThat(MapRows.ordered(ours)).isEqualTo(MapRows.ordered(written));
    assertThat(ours).as("Iceberg's values, maps compared as maps").isEqualTo(iceberg);
    assertThat(MapRows.ordered(iceberg))
        .as("Iceberg 1.11's ORC reader hands maps out in hash order")
        .isNotEqualTo(MapRows.ordered(written));
  }

  @Test
  void parquetReadsAsIcebergReadsIt() {
    DataFile file = only(GenericData.write(table, FileFormat.PARQUET, written));

    List<Record> ours = read(RecordReads.builder(FileFormat.PARQUET, input(file)), table.schema());

    assertThat(MapRows.ordered(ours)).isEqualTo(MapRows.ordered(written));
  }

  @Test
  void orcRowPositionsAreIcebergs() {
    DataFile file = only(GenericData.write(table, FileFormat.ORC, written));
    Schema withPositions =
        TypeUtil.join(table.schema().select("id"), new Schema(MetadataColumns.ROW_POSITION));

    List<Record> ours = read(RecordReads.builder(FileFormat.ORC, input(file)), withPositions);
    List<Record> iceberg =
        read(
            FormatModelRegistry.readBuilder(FileFormat.ORC, Record.class, input(file)),
            withPositions);

    assertThat(ours).hasSize(400).isEqualTo(iceberg);
    assertThat(ours.get(399).getField(MetadataColumns.ROW_POSITION.name())).isEqualTo(399L);
  }

  @Test
  void orcRefusesConstantsItWouldReadFromTheFile() {
    DataFile file = only(GenericData.write(table, FileFormat.ORC, written.subList(0, 3)));

    assertThatThrownBy(
            () -> RecordReads.builder(FileFormat.ORC, input(file)).idToConstant(Map.of(1, 7L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.location())
        .hasMessageContaining("constant columns [1]");
  }

  private org.apache.iceberg.io.InputFile input(DataFile file) {
    return table.io().newInputFile(file);
  }

  private static DataFile only(List<DataFile> files) {
    assertThat(files).hasSize(1);
    return files.get(0);
  }

  private static List<Record> read(ReadBuilder<Record, ?> builder, Schema projection) {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = builder.project(projection).build()) {
      records.forEach(rows::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}

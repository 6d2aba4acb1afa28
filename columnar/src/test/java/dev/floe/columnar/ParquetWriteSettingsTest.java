package dev.floe.columnar;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.testing.TempWarehouse;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ParquetWriteSettingsTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private final Schema schema = new Schema(optional(1, "name", Types.StringType.get()));

  private ParquetWriteSettings settings(Map<String, String> properties) {
    Table table =
        BothWriters.create(
            temp.floe(), "ml.settings", schema, PartitionSpec.unpartitioned(), properties);
    return ParquetWriteSettings.of(table, table.properties(), table.schema());
  }

  @Test
  void defaultsAreIcebergsZstdV1AndDictionaries() {
    ParquetWriteSettings settings = settings(Map.of());
    assertThat(settings.codec()).isEqualTo(CompressionCodecName.ZSTD);
    assertThat(settings.properties().getWriterVersion())
        .isEqualTo(ParquetProperties.WriterVersion.PARQUET_1_0);
    assertThat(settings.properties().isDictionaryEnabled(settings.type().getColumns().get(0)))
        .isTrue();
    assertThat(settings.rowGroupSize()).isEqualTo(128L << 20);
    assertThat(settings.footer()).containsKey("iceberg.schema");
  }

  @Test
  void compressionLevelGoesWhereTheCodecReadsIt() {
    ParquetWriteSettings settings =
        settings(
            Map.of(
                "write.parquet.compression-codec", "ZSTD",
                "write.parquet.compression-level", "7"));
    assertThat(settings.conf().get("parquet.compression.codec.zstd.level")).isEqualTo("7");
  }

  @Test
  void anUnknownCodecIsRefusedByName() {
    assertThatThrownBy(() -> settings(Map.of("write.parquet.compression-codec", "lz5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unsupported compression codec: lz5");
  }

  @Test
  void anUnknownPageVersionIsRefused() {
    assertThatThrownBy(() -> settings(Map.of("write.parquet.page-version", "v3")))
        .hasMessageContaining("Unsupported Parquet page version: v3 (must be v1 or v2)");
  }

  @Test
  void sizesMustBePositive() {
    assertThatThrownBy(() -> settings(Map.of("write.parquet.page-size-bytes", "0")))
        .hasMessage("Invalid table property write.parquet.page-size-bytes: 0");
  }
}

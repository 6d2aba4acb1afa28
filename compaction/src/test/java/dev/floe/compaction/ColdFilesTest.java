package dev.floe.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.columnar.parquet.PageDecoders;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.orc.CompressionKind;
import org.apache.orc.OrcFile;
import org.apache.orc.Reader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tiering writes cold files through the columnar writers, with the cold codec. */
class ColdFilesTest {
  private static final Instant IN_TEN_DAYS = Instant.now().plus(Duration.ofDays(10));

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  @TempDir Path cold;

  @ParameterizedTest
  @EnumSource(
      value = FileFormat.class,
      names = {"PARQUET", "ORC"})
  void coldFileHasTheRowsAndTheColdCodec(FileFormat format) throws Exception {
    Table table = Events.create(temp.floe(), "ml.events", format);
    long next = Events.append(table, "main", 0, 40, "a");
    Events.append(table, "main", next, 40, "a");
    List<Long> ids = Events.ids(table, "main");

    TierResult result =
        Compaction.tier(table)
            .coldLocation(cold.toString())
            .coldCodec("snappy")
            .coldAfter(Duration.ofDays(7))
            .now(IN_TEN_DAYS)
            .commit();

    assertThat(result.failures()).isEmpty();
    assertThat(result.coldFilesWritten()).isEqualTo(1);
    List<DataFile> files = Events.files(table, "main");
    assertThat(files).hasSize(1);
    DataFile file = files.get(0);
    assertThat(file.location()).startsWith(cold + "/category=a/");
    assertThat(file.recordCount()).isEqualTo(80);
    assertThat(Events.ids(table, "main")).isEqualTo(ids);
    if (format == FileFormat.PARQUET) {
      try (ParquetFileReader reader =
          PageDecoders.open(table.io().newInputFile(file.location()), 0, file.fileSizeInBytes())) {
        assertThat(reader.getFooter().getBlocks().get(0).getColumns())
            .allSatisfy(c -> assertThat(c.getCodec()).isEqualTo(CompressionCodecName.SNAPPY));
      }
    } else {
      try (Reader reader =
          OrcFile.createReader(
              new org.apache.hadoop.fs.Path(file.location()),
              OrcFile.readerOptions(new Configuration()))) {
        assertThat(reader.getCompressionKind()).isEqualTo(CompressionKind.SNAPPY);
      }
    }
  }
}

package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.nio.file.Path;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers size files by Iceberg's {@code write.target-file-size-bytes}; Floe's earlier {@code
 * floe.ingest.target-file-size-bytes} still works when Iceberg's key is not set. Iceberg checks the
 * size every 1000 rows, so a 1-byte target rolls a file at each check.
 */
@SuppressWarnings("deprecation")
class TargetFileSizeKeysTest {
  @TempDir Path warehouse;
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = Floe.open(FloeConfig.embedded(warehouse));
    table = Events.createUnpartitioned(floe);
  }

  @AfterEach
  void close() {
    floe.close();
  }

  @Test
  void rollsFilesAtIcebergsWriteTargetFileSizeBytes() {
    set("write.target-file-size-bytes", "1");
    assertThat(IngestProperties.TARGET_FILE_SIZE_BYTES).isEqualTo("write.target-file-size-bytes");
    assertThat(filesOf3000Rows()).isEqualTo(3);
  }

  @Test
  void rollsFilesAtTheDeprecatedIngestKeyWhenIcebergsIsNotSet() {
    set(IngestProperties.TARGET_FILE_SIZE_BYTES_ALIAS, "1");
    assertThat(IngestProperties.TARGET_FILE_SIZE_BYTES_ALIAS)
        .isEqualTo("floe.ingest.target-file-size-bytes");
    assertThat(filesOf3000Rows()).isEqualTo(3);
  }

  @Test
  void icebergsKeyWinsOverTheAliasAndTheBuilderOverBoth() {
    set(IngestProperties.TARGET_FILE_SIZE_BYTES_ALIAS, "1");
    set(IngestProperties.TARGET_FILE_SIZE_BYTES, String.valueOf(128L << 20));
    assertThat(filesOf3000Rows()).isEqualTo(1);
    try (TableWriter writer =
        TableWriter.forTable(table).producerId("builder").targetFileSizeBytes(1).build()) {
      assertThat(writer.append(Events.batch(0, 0, 3000)).files()).isEqualTo(3);
    }
  }

  @Test
  void defaultsToFloes128Mb() {
    assertThat(IngestProperties.targetFileSizeBytes(table.properties())).isEqualTo(128L << 20);
    assertThat(filesOf3000Rows()).isEqualTo(1);
  }

  private int filesOf3000Rows() {
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      return writer.append(Events.batch(0, 0, 3000)).files();
    }
  }

  private void set(String key, String value) {
    table.updateProperties().set(key, value).commit();
  }
}

package dev.floe.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One key for the target file size, Iceberg's; Floe's earlier keys still work as aliases. */
@SuppressWarnings("deprecation")
class TargetFileSizeKeysTest {
  @TempDir Path warehouse;
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = Floe.open(FloeConfig.embedded(warehouse));
    table = Events.create(floe, "ml.events", FileFormat.PARQUET);
  }

  @AfterEach
  void close() {
    floe.close();
  }

  @Test
  void defaultsToFloes128MbWhenNoKeyIsSet() {
    assertThat(Compaction.binPack(table).targetFileSizeBytes()).isEqualTo(128L << 20);
  }

  @Test
  void readsIcebergsWriteTargetFileSizeBytes() {
    set("write.target-file-size-bytes", "1000");
    assertThat(CompactionProperties.TARGET_FILE_SIZE_BYTES)
        .isEqualTo("write.target-file-size-bytes");
    assertThat(Compaction.binPack(table).targetFileSizeBytes()).isEqualTo(1000);
  }

  @Test
  void readsTheDeprecatedCompactionKeyWhenIcebergsIsNotSet() {
    set(CompactionProperties.TARGET_FILE_SIZE_BYTES_ALIAS, "2000");
    assertThat(CompactionProperties.TARGET_FILE_SIZE_BYTES_ALIAS)
        .isEqualTo("floe.compaction.target-file-size-bytes");
    assertThat(Compaction.binPack(table).targetFileSizeBytes()).isEqualTo(2000);
  }

  @Test
  void icebergsKeyWinsOverTheAliasOnTheTable() {
    set(CompactionProperties.TARGET_FILE_SIZE_BYTES_ALIAS, "2000");
    set(CompactionProperties.TARGET_FILE_SIZE_BYTES, "1000");
    assertThat(Compaction.binPack(table).targetFileSizeBytes()).isEqualTo(1000);
    assertThat(Compaction.binPack(table).targetFileSizeBytes(3000).targetFileSizeBytes())
        .isEqualTo(3000);
  }

  @Test
  void policyReadsIcebergsKeyAndTheDeprecatedCompactKey() {
    assertThat(policyTarget(Map.of("write.target-file-size-bytes", "1000"))).isEqualTo(1000);
    assertThat(policyTarget(Map.of("compact.target-file-size-bytes", "2000"))).isEqualTo(2000);
    assertThat(MaintenancePolicy.TARGET_FILE_SIZE_BYTES_ALIAS)
        .isEqualTo("compact.target-file-size-bytes");
  }

  @Test
  void policysIcebergKeyWinsOverItsAliasAndBothOverTheTable() {
    set(CompactionProperties.TARGET_FILE_SIZE_BYTES, "5000");
    assertThat(policyTarget(Map.of())).isEqualTo(5000);
    assertThat(policyTarget(Map.of(MaintenancePolicy.TARGET_FILE_SIZE_BYTES_ALIAS, "2000")))
        .isEqualTo(2000);
    assertThat(
            policyTarget(
                Map.of(
                    MaintenancePolicy.TARGET_FILE_SIZE_BYTES, "1000",
                    MaintenancePolicy.TARGET_FILE_SIZE_BYTES_ALIAS, "2000")))
        .isEqualTo(1000);
  }

  private long policyTarget(Map<String, String> policy) {
    return Compaction.maintain(table)
        .policy(new MaintenancePolicy(policy))
        .binPack()
        .targetFileSizeBytes();
  }

  private void set(String key, String value) {
    table.updateProperties().set(key, value).commit();
  }
}

package dev.floe.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** One key for the target file size, Iceberg's; Floe's earlier keys still work as aliases. */
@SuppressWarnings("deprecation")
class CompactionPropertiesTest {
  private static final String ICEBERG = "write.target-file-size-bytes";

  @Test
  void targetFileSizeIsIcebergsKeyWithFloesDefault() {
    assertThat(CompactionProperties.TARGET_FILE_SIZE_BYTES).isEqualTo(ICEBERG);
    assertThat(CompactionProperties.targetFileSizeBytes(Map.of())).isEqualTo(128L << 20);
    assertThat(CompactionProperties.targetFileSizeBytes(Map.of(ICEBERG, "1000"))).isEqualTo(1000);
  }

  @Test
  void deprecatedTablePropertyStillSetsTheTargetFileSize() {
    String alias = CompactionProperties.TARGET_FILE_SIZE_BYTES_ALIAS;
    assertThat(alias).isEqualTo("floe.compaction.target-file-size-bytes");
    assertThat(CompactionProperties.targetFileSizeBytes(Map.of(alias, "2000"))).isEqualTo(2000);
  }

  @Test
  void icebergsTablePropertyWinsOverTheAlias() {
    Map<String, String> both =
        Map.of(ICEBERG, "1000", CompactionProperties.TARGET_FILE_SIZE_BYTES_ALIAS, "2000");
    assertThat(CompactionProperties.targetFileSizeBytes(both)).isEqualTo(1000);
  }

  @Test
  void deprecatedPolicyKeyStillSetsTheTargetFileSize() {
    String alias = MaintenancePolicy.TARGET_FILE_SIZE_BYTES_ALIAS;
    assertThat(alias).isEqualTo("compact.target-file-size-bytes");
    assertThat(new MaintenancePolicy(Map.of(alias, "2000")).targetFileSizeBytes()).isEqualTo(2000);
    assertThat(MaintenancePolicy.defaults().targetFileSizeBytes()).isNull();
  }

  @Test
  void icebergsPolicyKeyWinsOverTheAlias() {
    assertThat(MaintenancePolicy.TARGET_FILE_SIZE_BYTES).isEqualTo(ICEBERG);
    assertThat(new MaintenancePolicy(Map.of(ICEBERG, "1000")).targetFileSizeBytes())
        .isEqualTo(1000);
    Map<String, String> both =
        Map.of(ICEBERG, "1000", MaintenancePolicy.TARGET_FILE_SIZE_BYTES_ALIAS, "2000");
    assertThat(new MaintenancePolicy(both).targetFileSizeBytes()).isEqualTo(1000);
  }
}

package dev.floe.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class MaintenanceTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  @TempDir Path cold;
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = Events.create(floe, "ml.events", FileFormat.PARQUET);
  }

  @Test
  void runsEveryStepInOrderAndIsIdempotent() throws Exception {
    long next = 0;
    for (int i = 0; i < 4; i++) {
      next = Events.append(table, "main", next, 50, "a", "b");
    }
    table.manageSnapshots().createTag("pin", table.currentSnapshot().snapshotId()).commit();
    List<Long> ids = Events.ids(table, "main");
    Path stray =
        Path.of(java.net.URI.create(ReachableFiles.normalize(table.location())))
            .resolve("data/stray.parquet");
    Files.writeString(stray, "left by a crashed writer");
    Files.setLastModifiedTime(stray, FileTime.from(Instant.now().minus(Duration.ofDays(5))));
    MaintenancePolicy policy =
        new MaintenancePolicy(
            Map.of(
                MaintenancePolicy.MIN_INPUT_FILES, "2",
                MaintenancePolicy.EXPIRE_OLDER_THAN, "0",
                MaintenancePolicy.EXPIRE_RETAIN_LAST, "1",
                MaintenancePolicy.ORPHANS_OLDER_THAN, "3d",
                MaintenancePolicy.ORPHANS_DELETE, "true"));
    List<String> progress = new ArrayList<>();

    MaintenanceResult first =
        Compaction.maintain(table).policy(policy).progress(progress::add).commit();

    assertThat(first.complete()).isTrue();
    assertThat(first.compaction().groups()).isEqualTo(2);
    assertThat(first.retention().expiredSnapshots()).isPositive();
    assertThat(first.retention().keptPinnedSnapshots()).isEqualTo(1);
    assertThat(first.orphans())
        .extracting(OrphanFile::location)
        .allMatch(l -> l.endsWith("stray.parquet"));
    assertThat(first.orphans()).hasSize(1);
    assertThat(stray).doesNotExist();
    assertThat(progress).anyMatch(l -> l.startsWith("[1/4]")).anyMatch(l -> l.startsWith("[4/4]"));
    assertThat(Events.ids(table, "main")).isEqualTo(ids);
    assertThat(Events.ids(table, "pin")).isEqualTo(ids);

    MaintenanceResult again = Compaction.maintain(table).policy(policy).commit();
    assertThat(again.compaction().changed()).isFalse();
    assertThat(again.orphans()).isEmpty();
    assertThat(Events.ids(table, "main")).isEqualTo(ids);
  }

  @Test
  void tiersWhenThePolicyHasTierRules() {
    Events.append(table, "main", 0, 50, "a");
    MaintenancePolicy policy =
        new MaintenancePolicy(
            Map.of(
                MaintenancePolicy.TIER_COLD_AFTER,
                "0",
                MaintenancePolicy.TIER_COLD_LOCATION,
                cold.toString()));

    MaintenanceResult result = Compaction.maintain(table).policy(policy).commit();

    assertThat(result.tiering().movedFiles()).isEqualTo(1);
    assertThat(result.tiering().after().coldFiles()).isEqualTo(1);
    assertThat(Events.ids(table, "main")).hasSize(50);
  }

  @Test
  void rejectsBadPolicies() {
    assertThatThrownBy(() -> new MaintenancePolicy(Map.of("compact.target-size", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown keys [compact.target-size]");
    assertThatThrownBy(
            () -> new MaintenancePolicy(Map.of(MaintenancePolicy.EXPIRE_OLDER_THAN, "soon")))
        .hasMessageContaining("is not a duration");
    assertThatThrownBy(
            () -> new MaintenancePolicy(Map.of(MaintenancePolicy.TIER_COLD_AFTER, "90d")))
        .hasMessageContaining("go together");
  }

  @Test
  void orphanRemovalIsADryRunUnlessThePolicyAsksForDeletion() throws Exception {
    Events.append(table, "main", 0, 10, "a");
    Path stray =
        Path.of(java.net.URI.create(ReachableFiles.normalize(table.location())))
            .resolve("data/stray.parquet");
    Files.writeString(stray, "left by a crashed writer");
    Files.setLastModifiedTime(stray, FileTime.from(Instant.now().minus(Duration.ofDays(5))));

    MaintenanceResult dryRun = Compaction.maintain(table).commit();

    assertThat(dryRun.orphansDeleted()).isFalse();
    assertThat(dryRun.orphans()).hasSize(1);
    assertThat(stray).exists();

    MaintenancePolicy tooYoung =
        new MaintenancePolicy(
            Map.of(
                MaintenancePolicy.ORPHANS_DELETE, "true",
                MaintenancePolicy.ORPHANS_OLDER_THAN, "1h"));
    assertThatThrownBy(() -> Compaction.maintain(table).policy(tooYoung).commit())
        .isInstanceOf(org.apache.iceberg.exceptions.ValidationException.class)
        .hasMessageContaining("Cannot delete orphan files younger than")
        .hasMessageContaining("commit in flight");
    assertThat(stray).exists();

    MaintenanceResult forced = Compaction.maintain(table).policy(tooYoung).force(true).commit();

    assertThat(forced.orphansDeleted()).isTrue();
    assertThat(stray).doesNotExist();
    assertThat(Events.ids(table, "main")).hasSize(10);
  }

  @Test
  void rejectsAnOrphansDeleteThatIsNotABoolean() {
    assertThatThrownBy(() -> new MaintenancePolicy(Map.of(MaintenancePolicy.ORPHANS_DELETE, "yes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("orphans.delete=yes is not true or false");
  }

  @Test
  @SuppressWarnings("deprecation")
  void policysTargetFileSizeReplacesTheTables() {
    table.updateProperties().set(CompactionProperties.TARGET_FILE_SIZE_BYTES, "5000").commit();
    assertThat(Compaction.maintain(table).binPack().targetFileSizeBytes()).isEqualTo(5000);
    MaintenancePolicy alias =
        new MaintenancePolicy(Map.of(MaintenancePolicy.TARGET_FILE_SIZE_BYTES_ALIAS, "2000"));
    assertThat(Compaction.maintain(table).policy(alias).binPack().targetFileSizeBytes())
        .isEqualTo(2000);
  }
}

package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.compaction.Compaction;
import dev.floe.ingest.contract.Contract;
import dev.floe.ingest.contract.RuleResult;
import dev.floe.ingest.profile.ColumnProfile;
import dev.floe.ingest.profile.Profile;
import dev.floe.ingest.profile.ProfileRange;
import dev.floe.ingest.profile.Profiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-commit profiles through maintenance: a bin-pack rewrites the files but adds no rows, so the
 * profiles of the appends below it still answer the table's profile and drift rules; snapshot
 * expiry drops the statistics files of the snapshots it expires only.
 */
class ProfileMaintenanceTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;
  private Table table;
  private final List<Long> appends = new ArrayList<>();

  @BeforeEach
  void write() {
    floe = temp.floe();
    table = Events.createUnpartitioned(floe);
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").profile(true).build()) {
      for (int i = 0; i < 3; i++) {
        appends.add(writer.append(Events.batch(i, i * 100L, 100)).snapshotId());
      }
    }
    table.refresh();
  }

  @Test
  void aBinPackKeepsTheTableProfileAndDriftLooksThroughIt() {
    Profile before = Profiles.of(table).forRange(null, appends.get(2)).profile();

    assertThat(Compaction.binPack(table).commit().changed()).isTrue();
    table.refresh();
    long compacted = table.currentSnapshot().snapshotId();
    assertThat(table.currentSnapshot().operation()).isEqualTo(DataOperations.REPLACE);
    ProfileRange range = Profiles.of(table).forRange(null, compacted);
    assertThat(range.historyExpired()).isFalse();
    assertThat(range.appends()).isEqualTo(3);
    Profile after = range.profile();

    assertThat(after.rows()).isEqualTo(300).isEqualTo(before.rows());
    int amount = table.schema().findField("amount").fieldId();
    ColumnProfile a = after.columns().get(amount);
    ColumnProfile b = before.columns().get(amount);
    assertThat(a.ndv()).isEqualTo(b.ndv()).isEqualTo(300);
    // KLL merges are randomised: the same sketches merged twice agree within the rank error.
    assertThat(a.quantile(0.5))
        .isCloseTo(b.quantile(0.5), within(15.0))
        .isCloseTo(224.25, within(15.0));
    Contract drift =
        Contract.parse(
            "{\"rules\": [{\"rule\": \"drift\", \"column\": \"amount\", \"baseline_commits\": 2,"
                + " \"psi\": 0.2}]}",
            "drift");
    RuleResult result = drift.check(table).get().results().get(0);
    // Checked at the compaction, the rule compares the append below it with the two before.
    assertThat(result.message())
        .startsWith("snapshot " + appends.get(2) + " vs baseline the 2 append(s) before it");
  }

  @Test
  void aWholeTableProfileAfterExpirySaysItCoversOnlyTheRetainedAppends() {
    Compaction.expireSnapshots(table)
        .maxSnapshotAge(Duration.ZERO)
        .minSnapshotsToKeep(2)
        .now(Instant.now().plus(Duration.ofDays(1)))
        .commit();
    table.refresh();

    ProfileRange retained = Profiles.of(table).forRange(null, appends.get(2));
    assertThat(retained.appends()).isEqualTo(2);
    assertThat(retained.rows()).isEqualTo(200);
    assertThat(retained.historyExpired()).isTrue();
    assertThat(retained.expiredBefore()).isEqualTo(appends.get(1));
    assertThat(retained.since())
        .isEqualTo(Instant.ofEpochMilli(table.snapshot(appends.get(1)).timestampMillis()));
    assertThat(retained.describe())
        .isEqualTo(
            "over 2 retained append(s) since "
                + retained.since()
                + "; older history expired (before snapshot "
                + appends.get(1)
                + ")");

    // After a compaction and its expiry no append is left: 0 rows, said so, not the table's 300.
    Compaction.binPack(table).commit();
    Compaction.expireSnapshots(table)
        .maxSnapshotAge(Duration.ZERO)
        .now(Instant.now().plus(Duration.ofDays(1)))
        .commit();
    table.refresh();
    long head = table.currentSnapshot().snapshotId();
    ProfileRange none = Profiles.of(table).forRange(null, head);
    assertThat(none.appends()).isZero();
    assertThat(none.rows()).isZero();
    assertThat(none.expiredBefore()).isEqualTo(head);
  }

  @Test
  void expiryDropsOnlyTheProfilesOfExpiredSnapshots() {
    Compaction.expireSnapshots(table)
        .maxSnapshotAge(Duration.ZERO)
        .minSnapshotsToKeep(2)
        .now(Instant.now().plus(Duration.ofDays(1)))
        .commit();
    table.refresh();

    assertThat(table.snapshot(appends.get(0))).isNull();
    assertThat(table.statisticsFiles())
        .extracting(StatisticsFile::snapshotId)
        .doesNotContain(appends.get(0));
    assertThat(Profiles.of(table).atSnapshot(appends.get(1)).rows()).isEqualTo(100);
    assertThat(Profiles.of(table).forRange(appends.get(1), appends.get(2)).rows()).isEqualTo(100);
    assertThatThrownBy(() -> Profiles.of(table).atSnapshot(appends.get(0)))
        .hasMessageContaining("snapshot " + appends.get(0))
        .hasMessageContaining("has none");
  }
}

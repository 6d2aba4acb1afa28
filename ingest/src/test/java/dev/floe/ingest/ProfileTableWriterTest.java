package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.ingest.profile.Profile;
import dev.floe.ingest.profile.ProfileTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link TableWriter.Builder#profileTable}: each commit's profile lands in {@code floe_profiles}.
 */
class ProfileTableWriterTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;
  private ProfileTable profiles;

  @BeforeEach
  void open() {
    floe = temp.floe();
    profiles = ProfileTable.of(floe, "ml");
  }

  @Test
  void writesEachCommitsProfileBeforeTheDataAndNamesItInTheSnapshot() {
    Table table = Events.create(floe);
    AppendResult first;
    AppendResult second;
    try (TableWriter writer =
        TableWriter.forTable(table).producerId("p").profile(true).profileTable(profiles).build()) {
      first = writer.append(Events.batch(1, 0, 300));
      second = writer.append(Events.batch(2, 300, 500));
      assertThat(writer.append(Events.batch(2, 300, 500)).duplicate()).isTrue();
    }
    table.refresh();

    Profile one = profiles.read(table, first.snapshotId());
    Profile two = profiles.read(table, second.snapshotId());
    assertThat(one.rows()).isEqualTo(300);
    assertThat(two.rows()).isEqualTo(500);
    assertThat(two.column("id").min()).isEqualTo(300L);
    assertThat(commitId(table, first.snapshotId()))
        .isNotNull()
        .isNotEqualTo(commitId(table, second.snapshotId()));
    profiles.table().refresh();
    assertThat(profiles.table().snapshots()).hasSize(2); // the duplicate wrote no profile
  }

  @Test
  void aGroupCommitWritesOneProfileOfAllItsBatches() {
    Table table = Events.create(floe);
    List<CompletableFuture<AppendResult>> results = new ArrayList<>();
    try (TableWriter writer =
        TableWriter.forTable(table)
            .producerId("p")
            .profile(true)
            .profileTable(profiles)
            .groupCommit(Duration.ofMinutes(10), 64L << 20)
            .fillGroups()
            .build()) {
      for (int seq = 0; seq < 3; seq++) {
        results.add(writer.appendAsync(Events.batch(seq, seq * 100L, 100)));
      }
    }
    table.refresh();

    long snapshotId = results.get(0).join().snapshotId();
    assertThat(table.snapshots()).hasSize(1);
    assertThat(profiles.read(table, snapshotId).rows()).isEqualTo(300);
  }

  @Test
  void withoutAProfileTableOrWithProfilingOffTheSummaryNamesNoProfile() {
    Table table = Events.create(floe);
    AppendResult ledgerOnly;
    AppendResult off;
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").profile(true).build()) {
      ledgerOnly = writer.append(Events.batch(1, 0, 10));
    }
    try (TableWriter writer =
        TableWriter.forTable(table).producerId("q").profile(false).profileTable(profiles).build()) {
      off = writer.append(Events.batch(1, 10, 10));
    }
    table.refresh();

    assertThat(commitId(table, ledgerOnly.snapshotId())).isNull();
    assertThat(commitId(table, off.snapshotId())).isNull();
    profiles.table().refresh();
    assertThat(profiles.table().currentSnapshot()).isNull();
  }

  private static String commitId(Table table, long snapshotId) {
    Snapshot snapshot = table.snapshot(snapshotId);
    return snapshot.summary().get(ProfileTable.COMMIT_ID_PROPERTY);
  }
}

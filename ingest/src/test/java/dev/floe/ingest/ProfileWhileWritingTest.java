package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.ingest.FailingOperations.Failure;
import dev.floe.ingest.profile.Profile;
import dev.floe.ingest.profile.ProfileTable;
import dev.floe.ingest.profile.Profiles;
import dev.floe.ingest.profile.SameSketches;
import dev.floe.ingest.profile.ThetaBlobs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.iceberg.BlobMetadata;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Batches are profiled while their files are written (on the encoder's pool), not before they are
 * queued: the committed profiles are still exactly those of the batches profiled alone.
 */
class ProfileWhileWritingTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = Events.create(floe);
  }

  private static Profile profileOf(Batch... batches) {
    Profile merged = Profile.EMPTY;
    for (Batch batch : batches) {
      merged = merged.merge(Profile.of(Events.SCHEMA, batch.records()));
    }
    return merged;
  }

  @Test
  void aGroupCommitStoresTheMergedProfilesOfItsBatchesProfiledAlone() {
    List<Batch> batches =
        List.of(Events.batch(0, 0, 2000), Events.batch(1, 2000, 7000), Events.batch(2, 50, 300));
    List<CompletableFuture<AppendResult>> results = new ArrayList<>();
    try (TableWriter writer = oneGroupWriter(null)) {
      batches.forEach(batch -> results.add(writer.appendAsync(batch)));
    }
    table.refresh();
    long snapshotId = results.get(0).join().snapshotId();

    assertThat(table.snapshots()).hasSize(1);
    SameSketches.assertSameMerged(
        profileOf(batches.toArray(Batch[]::new)), Profiles.of(table).atSnapshot(snapshotId));
  }

  @Test
  void aLoneAppendStoresTheProfileOfItsBatch() {
    Batch batch = Events.batch(0, 0, 5000);
    long snapshotId;
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").profile(true).build()) {
      snapshotId = writer.append(batch).snapshotId();
    }
    table.refresh();

    SameSketches.assertSameMerged(profileOf(batch), Profiles.of(table).atSnapshot(snapshotId));
  }

  @Test
  void theGroupsNdvBlobsReadBackThroughTheStatisticsFileApi() {
    List<CompletableFuture<AppendResult>> results = new ArrayList<>();
    try (TableWriter writer = oneGroupWriter(null)) {
      results.add(writer.appendAsync(Events.batch(0, 0, 1000)));
      results.add(writer.appendAsync(Events.batch(1, 1000, 1000)));
    }
    table.refresh();
    long snapshotId = results.get(1).join().snapshotId();

    StatisticsFile stats =
        table.statisticsFiles().stream()
            .filter(f -> f.snapshotId() == snapshotId)
            .findFirst()
            .orElseThrow();
    assertThat(stats.blobMetadata())
        .extracting(BlobMetadata::type)
        .containsOnly(ThetaBlobs.BLOB_TYPE)
        .hasSize(5);
    BlobMetadata ids =
        stats.blobMetadata().stream()
            .filter(b -> b.fields().equals(List.of(table.schema().findField("id").fieldId())))
            .findFirst()
            .orElseThrow();
    assertThat(ids.sourceSnapshotId()).isEqualTo(snapshotId);
    assertThat(ids.properties()).containsEntry(ThetaBlobs.NDV, "2000"); // exact below 4096
    assertThat(ThetaBlobs.read(table, snapshotId).get(ids.fields().get(0)).getEstimate())
        .isEqualTo(2000.0);
  }

  @Test
  void aGroupThatFailsToCommitLeavesNoProfileItsResentCopyIsReadOnce() {
    ProfileTable profiles = ProfileTable.of(floe, "ml");
    table.updateProperties().set(TableProperties.COMMIT_NUM_RETRIES, "0").commit();
    CommitFailureTest.fewQuickAttempts(table);
    FailingOperations ops = FailingOperations.wrap(table);
    Table failing = ops.table(table.name());
    Batch batch = Events.batch(0, 0, 300);
    AppendResult landed;
    try (TableWriter writer =
        TableWriter.forTable(failing)
            .producerId("p")
            .profile(true)
            .profileTable(profiles)
            .groupCommit(Duration.ZERO, 64L << 20)
            .build()) {
      ops.failNext(3, Failure.CONFLICT);
      assertThatThrownBy(() -> writer.append(batch)).isInstanceOf(CommitFailedException.class);
      table.refresh();
      assertThat(table.currentSnapshot()).isNull(); // nothing landed, so no profile is visible

      landed = writer.append(batch);
    }
    table.refresh();

    Profile profile = profiles.read(table, landed.snapshotId());
    SameSketches.assertSameMerged(profileOf(batch), profile);
    assertThat(Profiles.of(table).forRange(null, landed.snapshotId()).profile().rows())
        .isEqualTo(300); // the failed attempts' profiles are not counted
  }

  @Test
  void theProfileTableGetsTheSameProfileAsThePuffinFileWrittenAheadOfTheData() {
    ProfileTable profiles = ProfileTable.of(floe, "ml");
    List<CompletableFuture<AppendResult>> results = new ArrayList<>();
    try (TableWriter writer = oneGroupWriter(profiles)) {
      for (int seq = 0; seq < 3; seq++) {
        results.add(writer.appendAsync(Events.batch(seq, seq * 3000L, 3000)));
      }
    }
    table.refresh();
    profiles.table().refresh();
    long snapshotId = results.get(0).join().snapshotId();

    Profile inTable = profiles.read(table, snapshotId);
    Profile inPuffin = Profiles.of(table).atSnapshot(snapshotId);
    SameSketches.assertSame(inPuffin, inTable);
    // One merge for both: KLL compacts at random, so two merges would differ in their quantiles.
    for (String column : List.of("id", "user_id", "event_ts")) {
      for (double rank : new double[] {0.1, 0.25, 0.5, 0.75, 0.9}) {
        assertThat(inTable.column(column).quantile(rank))
            .as(column + " at " + rank)
            .isEqualTo(inPuffin.column(column).quantile(rank));
      }
    }
    assertThat(profiles.table().currentSnapshot().timestampMillis())
        .isLessThanOrEqualTo(table.snapshot(snapshotId).timestampMillis());
    assertThat(profiles.table().snapshots()).hasSize(1);
  }

  private TableWriter oneGroupWriter(ProfileTable profiles) {
    TableWriter.Builder builder =
        TableWriter.forTable(table)
            .producerId("p")
            .profile(true)
            .groupCommit(Duration.ofMinutes(10), 64L << 20)
            .fillGroups();
    return profiles == null ? builder.build() : builder.profileTable(profiles).build();
  }
}

package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.compaction.Compaction;
import dev.floe.ingest.profile.Profile;
import dev.floe.ingest.profile.ProfileCodec;
import dev.floe.ingest.profile.Profiles;
import dev.floe.ingest.profile.ThetaBlobs;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.datasketches.theta.CompactSketch;
import org.apache.iceberg.BlobMetadata;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.puffin.Puffin;
import org.apache.iceberg.puffin.PuffinReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProfileCommitTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;

  @BeforeEach
  void open() {
    floe = temp.floe();
  }

  @Test
  void registersTableNdvBlobsInTheCommitOfTheData() throws IOException {
    Table table = Events.create(floe);
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").profile(true).build()) {
      writer.append(Events.batch(1, 0, 3000));
      AppendResult second = writer.append(Events.batch(2, 2000, 3000)); // ids 0..4999
      AppendResult again = writer.append(Events.batch(2, 2000, 3000));

      assertThat(again.duplicate()).isTrue(); // the ledger in the same file still works
      table.refresh();
      assertThat(Events.read(table)).hasSize(6000); // ids 2000..2999 twice
      StatisticsFile stats = statsOf(table, second.snapshotId());
      Map<String, BlobMetadata> byColumn =
          stats.blobMetadata().stream()
              .collect(
                  Collectors.toMap(b -> table.schema().findColumnName(b.fields().get(0)), b -> b));
      assertThat(byColumn).containsOnlyKeys("id", "user_id", "event_ts", "amount", "label");
      assertThat(stats.blobMetadata())
          .allSatisfy(
              b -> {
                assertThat(b.type()).isEqualTo(ThetaBlobs.BLOB_TYPE);
                assertThat(b.sourceSnapshotId()).isEqualTo(second.snapshotId());
                assertThat(b.sourceSnapshotSequenceNumber())
                    .isEqualTo(table.snapshot(second.snapshotId()).sequenceNumber());
              });
      // 5000 distinct ids: above the 4096 nominal entries, so estimated (RSE about 1.6%)
      long ids = Long.parseLong(byColumn.get("id").properties().get(ThetaBlobs.NDV));
      assertThat(ids).isBetween(4750L, 5250L);
      assertThat(byColumn.get("user_id").properties()).containsEntry(ThetaBlobs.NDV, "7");
      assertThat(byColumn.get("label").properties()).containsEntry(ThetaBlobs.NDV, "3");
      assertThat(byColumn.get("event_ts").properties()).containsEntry(ThetaBlobs.NDV, "72");

      try (PuffinReader reader =
          Puffin.read(table.io().newInputFile(stats.path()))
              .withFileSize(stats.fileSizeInBytes())
              .build()) {
        List<String> types =
            reader.fileMetadata().blobs().stream()
                .map(org.apache.iceberg.puffin.BlobMetadata::type)
                .toList();
        assertThat(types).startsWith(LedgerFile.BLOB_TYPE, ProfileCodec.BLOB_TYPE).hasSize(7);
      }
      CompactSketch idSketch = ThetaBlobs.read(table, second.snapshotId()).get(1);
      assertThat(idSketch.getLowerBound(3)).isLessThanOrEqualTo(5000);
      assertThat(idSketch.getUpperBound(3)).isGreaterThanOrEqualTo(5000);
    }
  }

  @Test
  void storesEachCommitsProfileAndMergesRangesWithoutReadingData() {
    Table table = Events.create(floe);
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").profile(true).build()) {
      long first = writer.append(Events.batch(1, 0, 300)).snapshotId();
      long second = writer.append(Events.batch(2, 300, 200)).snapshotId();
      table.refresh();

      Profile one = Profiles.of(table).atSnapshot(second);
      assertThat(one.rows()).isEqualTo(200);
      assertThat(one.column("id").min()).isEqualTo(300L);
      assertThat(one.column("label").min()).isEqualTo("label-0");
      assertThat(one.column("embedding").dimension()).isEqualTo(3);
      Profile both =
          Profiles.of(floe, table.name().substring(table.name().indexOf('.') + 1))
              .forRange(null, second)
              .profile();
      assertThat(both.rows()).isEqualTo(500);
      assertThat(both.column("id").ndv()).isEqualTo(500);
      assertThat(both.column("id").max()).isEqualTo(499L);
      assertThat(both.column("amount").quantile(0.5)).isBetween(360.0, 390.0);
      assertThat(Profiles.of(table).forRange(first, second).rows()).isEqualTo(200);
      assertThatThrownBy(() -> Profiles.of(table).forRange(second, first))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not an ancestor of");
    }
  }

  @Test
  void aSnapshotWithoutProfileIsNamedNotSkipped() {
    Table table = Events.create(floe);
    try (TableWriter off = TableWriter.forTable(table).producerId("a").profile(false).build();
        TableWriter on = TableWriter.forTable(table).producerId("b").profile(true).build()) {
      long first = off.append(Events.batch(1, 0, 10)).snapshotId();
      long second = on.append(Events.batch(1, 10, 10)).snapshotId();
      table.refresh();

      assertThat(Profiles.of(table).atSnapshot(second).rows()).isEqualTo(10);
      assertThatThrownBy(() -> Profiles.of(table).forRange(null, second))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("snapshot " + first);
    }
  }

  @Test
  void groupCommitMergesTheProfilesOfItsBatches() throws Exception {
    Table table = Events.create(floe);
    try (TableWriter writer =
        TableWriter.forTable(table)
            .producerId("p")
            .profile(true)
            .groupCommit(Duration.ofMinutes(10), 64L << 20)
            .fillGroups()
            .build()) {
      List<CompletableFuture<AppendResult>> results = new ArrayList<>();
      for (int seq = 0; seq < 4; seq++) {
        results.add(writer.appendAsync(Events.batch(seq, seq * 100L, 100)));
      }
      writer.close();
      long snapshotId = results.get(3).get().snapshotId();
      table.refresh();
      Map<Integer, CompactSketch> sketches = ThetaBlobs.read(table, snapshotId);
      assertThat(Math.round(sketches.get(1).getEstimate())).isEqualTo(400);
      assertThat(Profiles.of(table).atSnapshot(snapshotId).rows()).isEqualTo(400);
    }
  }

  @Test
  void profileOffRegistersNoBlobAndLaterCommitsDoNotGuess() {
    Table table = Events.create(floe);
    try (TableWriter off = TableWriter.forTable(table).producerId("a").profile(false).build();
        TableWriter on = TableWriter.forTable(table).producerId("b").profile(true).build()) {
      AppendResult first = off.append(Events.batch(1, 0, 100));
      AppendResult second = on.append(Events.batch(1, 100, 100));

      table.refresh();
      assertThat(statsOf(table, first.snapshotId()).blobMetadata()).isEmpty();
      // The first commit's values are in no sketch: an ndv of the second alone would be wrong.
      assertThat(statsOf(table, second.snapshotId()).blobMetadata()).isEmpty();
      assertThat(Events.read(table)).hasSize(200);
    }
  }

  @Test
  void looksThroughCompactionsEvenAfterTheAppendBelowExpired() {
    Table table = Events.create(floe);
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").profile(true).build()) {
      writer.append(Events.batch(1, 0, 100));
      writer.append(Events.batch(2, 100, 100));
      assertThat(Compaction.rewriteManifests(table).commit().snapshotId()).isNotNull();
      table.refresh();
      table
          .expireSnapshots()
          .expireOlderThan(System.currentTimeMillis() + 1)
          .retainLast(1)
          .commit();
      table.refresh();
      assertThat(table.snapshots()).hasSize(1); // only the compaction is left
      AppendResult next = writer.append(Events.batch(3, 200, 100));

      table.refresh();
      assertThat(Math.round(ThetaBlobs.read(table, next.snapshotId()).get(1).getEstimate()))
          .isEqualTo(300);
    }
  }

  @Test
  void registersNoNdvAfterADelete() {
    Table table = Events.create(floe);
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").profile(true).build()) {
      writer.append(Events.batch(1, 0, 100));
      Compaction.expirePartitions(table)
          .column("event_ts")
          .olderThan(Duration.ofDays(1))
          .now(Events.DAY_ONE.toInstant().plus(Duration.ofDays(2)))
          .commit();
      AppendResult next = writer.append(Events.batch(2, 100, 100));

      table.refresh();
      assertThat(statsOf(table, next.snapshotId()).blobMetadata()).isEmpty();
    }
  }

  @Test
  void profilingIsOffUnlessTheWriterOrTheTableTurnsItOn() {
    Table table = Events.create(floe);
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      AppendResult result = writer.append(Events.batch(1, 0, 10));
      table.refresh();
      assertThat(statsOf(table, result.snapshotId()).blobMetadata()).isEmpty();
    }
    table.updateProperties().set(IngestProperties.PROFILE_ENABLED, "true").commit();
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      AppendResult result = writer.append(Events.batch(2, 10, 10));
      table.refresh();
      assertThat(statsOf(table, result.snapshotId()).blobMetadata()).isEmpty(); // first unknown
      assertThat(Profiles.of(table).atSnapshot(result.snapshotId()).rows()).isEqualTo(10);
    }
  }

  private static StatisticsFile statsOf(Table table, long snapshotId) {
    return table.statisticsFiles().stream()
        .filter(f -> f.snapshotId() == snapshotId)
        .findFirst()
        .orElseThrow();
  }
}

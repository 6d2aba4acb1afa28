package dev.floe.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.S3ProxyExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TieringTest {
  @RegisterExtension static S3ProxyExtension s3 = new S3ProxyExtension();

  @TempDir Path warehouse;
  @TempDir Path cold;

  private static final Instant IN_TEN_DAYS = Instant.now().plus(Duration.ofDays(10));

  @Test
  void movesOldFilesToColdFolderAndEverySnapshotStaysReadable() throws Exception {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table table = Events.create(floe, "ml.events", FileFormat.PARQUET);
      long next = Events.append(table, "main", 0, 50, "a", "b");
      next = Events.append(table, "main", next, 50, "a", "b");
      table.manageSnapshots().createTag("pin", table.currentSnapshot().snapshotId()).commit();
      List<Long> pinned = Events.ids(table, "pin");
      TierReport before = Compaction.tier(table).coldLocation(cold.toUri().toString()).report();
      assertThat(before.coldFiles()).isZero();
      assertThat(before.hotFiles()).isEqualTo(4);

      // Nothing is a week old yet.
      TierResult none =
          Compaction.tier(table)
              .coldLocation(cold.toString())
              .coldAfter(Duration.ofDays(7))
              .commit();
      assertThat(none.snapshotId()).isNull();

      TierResult result =
          Compaction.tier(table)
              .coldLocation(cold.toString())
              .coldAfter(Duration.ofDays(7))
              .now(IN_TEN_DAYS)
              .commit();

      assertThat(result.movedFiles()).isEqualTo(4);
      assertThat(result.coldFilesWritten()).isEqualTo(2);
      assertThat(result.failures()).isEmpty();
      assertThat(result.after().hotFiles()).isZero();
      assertThat(result.after().coldFiles()).isEqualTo(2);
      assertThat(result.after().coldBytes()).isEqualTo(result.coldBytesWritten());
      assertThat(Events.files(table, "main"))
          .extracting(DataFile::location)
          .allMatch(
              l ->
                  ReachableFiles.normalize(l)
                      .startsWith(ReachableFiles.normalize(cold.toString())));
      try (var files = Files.walk(cold)) {
        assertThat(files.filter(p -> p.toString().endsWith(".parquet"))).hasSize(2);
      }
      assertThat(Events.ids(table, "main")).isEqualTo(pinned);
      assertThat(Events.ids(table, "pin")).isEqualTo(pinned);
      for (Snapshot snapshot : table.snapshots()) {
        Events.rows(table, snapshot.snapshotId());
      }
      // Idempotent: cold files stay where they are.
      assertThat(
              Compaction.tier(table)
                  .coldLocation(cold.toString())
                  .coldAfter(Duration.ofDays(7))
                  .now(IN_TEN_DAYS)
                  .commit()
                  .movedFiles())
          .isZero();
      // Cold files are live, not orphans, when the cold folder is searched too.
      assertThat(
              Compaction.removeOrphans(table)
                  .location(cold.toString())
                  .olderThan(Duration.ZERO)
                  .plan())
          .isEmpty();
    }
  }

  @Test
  void writesColdObjectsWithStorageClassOnS3(@TempDir Path catalogDir) throws Exception {
    Map<String, String> props = new HashMap<>(s3.icebergProperties());
    props.put(CatalogProperties.URI, "jdbc:sqlite:" + catalogDir.resolve("catalog.db"));
    props.put(CatalogProperties.WAREHOUSE_LOCATION, s3.warehouse());
    props.put("jdbc.schema-version", "V1");
    try (JdbcCatalog catalog = new JdbcCatalog()) {
      catalog.initialize("tier_s3", props);
      TableIdentifier id = TableIdentifier.of(Namespace.of("ml"), "events");
      catalog.createNamespace(id.namespace());
      Table table = catalog.createTable(id, Events.SCHEMA, Events.SPEC);
      Events.append(table, "main", 0, 50, "a", "b");
      List<Long> ids = Events.ids(table, "main");
      String coldLocation = "s3a://" + s3.bucket() + "/cold/events";

      TierResult result =
          Compaction.tier(table)
              .coldLocation(coldLocation)
              .coldAfter(Duration.ofDays(7))
              .coldStorageClass("STANDARD_IA")
              .now(IN_TEN_DAYS)
              .commit();

      assertThat(result.coldFilesWritten()).isEqualTo(2);
      assertThat(Events.ids(table, "main")).isEqualTo(ids);
      for (DataFile file : Events.files(table, "main")) {
        String key = file.location().substring(("s3a://" + s3.bucket() + "/").length());
        assertThat(key).startsWith("cold/events/");
        assertThat(
                s3.s3Client()
                    .headObject(b -> b.bucket(s3.bucket()).key(key))
                    .storageClassAsString())
            .isEqualTo("STANDARD_IA");
      }
    }
  }
}

package dev.floe.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.MlEvents;
import dev.floe.catalog.testing.TempWarehouse;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.GenericStatisticsFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.puffin.Puffin;
import org.apache.iceberg.puffin.PuffinWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Compaction, expiry and orphan removal on Spark keep Floe's pins and exactly-once ledger. */
@ExtendWith(LocalSpark.class)
class MaintenanceOnSparkTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();

  @Test
  void compactsExpiresAndRemovesOrphansKeepingPinsAndTheLedger() throws Exception {
    Table table =
        temp.floe()
            .tables()
            .createIfAbsent("db.events", MlEvents.SCHEMA, PartitionSpec.unpartitioned());
    long pinned = 0;
    for (int i = 0; i < 6; i++) {
      long id =
          GenericData.append(
              table,
              "main",
              FileFormat.PARQUET,
              FloeSparkReadTest.rows(table, i * 10, i * 10 + 10));
      pinned = i == 1 ? id : pinned;
    }
    table.manageSnapshots().createTag("floe-pin-" + pinned, pinned).commit();
    String ledger = appendWithLedger(table);
    Map<String, String> settings = SparkCatalogs.settings(temp.floe().config());

    List<Object> compacted = LocalSpark.maintain(settings, "floe.db.events", "compact", 0);
    assertThat(compacted.subList(0, 2)).containsExactly(7, 1);
    assertThat(compacted.get(3)).isEqualTo(true);
    table.refresh();
    Snapshot rewrite = table.snapshot((Long) compacted.get(2));
    assertThat(rewrite.operation()).isEqualTo("replace");
    assertThat(rewrite.summary()).containsEntry("floe.ledger", ledger);
    assertThat(table.statisticsFiles())
        .anySatisfy(
            file -> {
              assertThat(file.snapshotId()).isEqualTo(rewrite.snapshotId());
              assertThat(file.path()).isEqualTo(ledger);
            });
    assertThat(GenericData.read(table, "main")).hasSize(61);

    LocalSpark.maintain(settings, "floe.db.events", "expire", System.currentTimeMillis() + 1000);
    table.refresh();
    assertThat(table.snapshot(pinned)).isNotNull();
    assertThat(table.snapshots()).hasSizeLessThan(5);
    assertThat(GenericData.read(table, pinned)).hasSize(20);
    assertThat(Files.exists(path(ledger))).isTrue();

    // With the statistics entries gone, only the summary names the ledger file.
    for (StatisticsFile file : List.copyOf(table.statisticsFiles())) {
      table.updateStatistics().removeStatistics(file.snapshotId()).commit();
    }
    Path orphan = path(table.location()).resolve("data/orphan.parquet");
    Files.write(orphan, new byte[] {1, 2, 3});
    List<Object> orphans =
        LocalSpark.maintain(
            settings, "floe.db.events", "orphans", System.currentTimeMillis() + 60_000);
    assertThat((List<?>) orphans.get(0))
        .anySatisfy(file -> assertThat(file.toString()).endsWith("data/orphan.parquet"));
    assertThat((List<?>) orphans.get(1))
        .singleElement()
        .satisfies(
            file ->
                assertThat(file.toString()).endsWith(ledger.substring(ledger.lastIndexOf('/'))));
    assertThat(orphan).doesNotExist();
    assertThat(Files.exists(path(ledger))).isTrue();
    assertThat(GenericData.read(table, pinned)).hasSize(20);
  }

  @Test
  void expiryRefusesToDropATagPastItsMaxAge() throws Exception {
    Table table =
        temp.floe()
            .tables()
            .createIfAbsent("db.events", MlEvents.SCHEMA, PartitionSpec.unpartitioned());
    long id =
        GenericData.append(table, "main", FileFormat.PARQUET, FloeSparkReadTest.rows(table, 0, 5));
    table
        .manageSnapshots()
        .createTag("floe-pin-old", id)
        .setMaxRefAgeMs("floe-pin-old", 1)
        .commit();
    Thread.sleep(5);
    GenericData.append(table, "main", FileFormat.PARQUET, FloeSparkReadTest.rows(table, 5, 10));

    assertThatThrownBy(
            () ->
                LocalSpark.maintain(
                    SparkCatalogs.settings(temp.floe().config()),
                    "floe.db.events",
                    "expire",
                    System.currentTimeMillis() + 1000))
        .hasMessageContaining("tag floe-pin-old (snapshot " + id + ") is past its max-ref-age-ms");
    table.refresh();
    assertThat(table.snapshot(id)).isNotNull();
  }

  // An append naming a ledger file and registering it, as Floe's table writer commits one.
  private static String appendWithLedger(Table table) throws Exception {
    String location = table.location() + "/metadata/floe-ledger-test.puffin";
    PuffinWriter writer =
        Puffin.write(table.io().newOutputFile(location)).createdBy("test").build();
    writer.close();
    table
        .newAppend()
        .appendFile(
            GenericData.write(table, FileFormat.PARQUET, FloeSparkReadTest.rows(table, 60, 61))
                .get(0))
        .set("floe.ledger", location)
        .set("floe.ledger-sha256", "0".repeat(64))
        .commit();
    long id = table.currentSnapshot().snapshotId();
    table
        .updateStatistics()
        .setStatistics(
            new GenericStatisticsFile(
                id, location, writer.fileSize(), writer.footerSize(), List.of()))
        .commit();
    return location;
  }

  private static Path path(String location) {
    return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
  }
}

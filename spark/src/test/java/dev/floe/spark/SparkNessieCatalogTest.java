package dev.floe.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.MlEvents;
import dev.floe.catalog.testing.NessieServerExtension;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Spark opens a nessie-mode Floe catalog with {@link SparkCatalogs}' settings, both ways. */
@ExtendWith({LocalSpark.class, NessieServerExtension.class})
class SparkNessieCatalogTest {
  @TempDir Path warehouse;

  @Test
  void sparkAndFloeShareANessieCatalog(NessieServerExtension nessie) {
    String namespace = nessie.uniqueName("spark");
    FloeConfig config = FloeConfig.nessie(nessie.uri(), warehouse.toString());
    try (Floe floe = Floe.open(config)) {
      Table table =
          floe.tables()
              .createIfAbsent(
                  namespace + ".events", MlEvents.SCHEMA, PartitionSpec.unpartitioned());
      GenericData.append(
          table,
          "main",
          FileFormat.PARQUET,
          LongStream.range(0, 40)
              .mapToObj(
                  id ->
                      MlEvents.row(table.schema(), id, id % 3, FloeSparkReadTest.START, null, null))
              .toList());
      Map<String, String> settings = SparkCatalogs.settings(config);

      assertThat(
              LocalSpark.sql(
                  settings, "SELECT count(*), sum(amount) FROM floe." + namespace + ".events"))
          .containsExactly(List.of(40L, LongStream.range(0, 40).sum() * 1.5));

      LocalSpark.sql(
          settings,
          "CREATE TABLE floe." + namespace + ".sparky (id bigint) USING iceberg",
          "INSERT INTO floe." + namespace + ".sparky SELECT id FROM range(0, 7)");
      assertThat(GenericData.read(floe.tables().load(namespace + ".sparky"), "main")).hasSize(7);

      // A lock pinned in nessie mode names its Nessie commit; Spark reads as of that commit.
      Path lockFile = warehouse.resolve("nessie.lock.json");
      TrainingLock lock = TimeTravel.pin(floe, namespace + ".events").writeTo(lockFile);
      assertThat(lock.nessieHash()).isNotNull();
      GenericData.append(
          floe.tables().load(namespace + ".events"),
          "main",
          FileFormat.PARQUET,
          LongStream.range(40, 45)
              .mapToObj(
                  id -> MlEvents.row(table.schema(), id, 0, FloeSparkReadTest.START, "late", null))
              .toList());
      List<List<Object>> rows = LocalSpark.readLock(settings, lockFile, null);
      assertThat(rows).hasSize(40);
      assertThat(rows.stream().map(row -> (Long) row.get(0)))
          .containsExactlyElementsOf(LongStream.range(0, 40).boxed().toList());
    }
  }

  @Test
  void compactsANessieBranchThroughTableAtRefLeavingMainAsItIs(NessieServerExtension nessie) {
    String namespace = nessie.uniqueName("sparkbranch");
    String exp = nessie.uniqueName("exp");
    FloeConfig config = FloeConfig.nessie(nessie.uri(), warehouse.toString());
    try (Floe floe = Floe.open(config)) {
      Table table =
          floe.tables()
              .createIfAbsent(
                  namespace + ".events", MlEvents.SCHEMA, PartitionSpec.unpartitioned());
      GenericData.append(table, "main", FileFormat.PARQUET, FloeSparkReadTest.rows(table, 0, 10));
      long main = floe.tables().load(namespace + ".events").currentSnapshot().snapshotId();
      floe.experiments().create(exp).commit();
      for (int i = 1; i < 4; i++) {
        Table onBranch = floe.tables().resolve(namespace + ".events@" + exp).table();
        GenericData.append(
            onBranch,
            "main",
            FileFormat.PARQUET,
            FloeSparkReadTest.rows(table, i * 10, i * 10 + 10));
      }

      List<Object> r =
          LocalSpark.maintain(
              SparkCatalogs.settings(config),
              "floe." + namespace + ".`events@" + exp + "`",
              "compact",
              0);

      assertThat(r.subList(0, 2)).containsExactly(4, 1);
      Table onBranch = floe.tables().resolve(namespace + ".events@" + exp).table();
      assertThat(onBranch.currentSnapshot().snapshotId()).isEqualTo(r.get(2));
      assertThat(onBranch.currentSnapshot().operation()).isEqualTo("replace");
      assertThat(GenericData.read(onBranch, "main")).hasSize(40);
      Table onMain = floe.tables().load(namespace + ".events");
      assertThat(onMain.currentSnapshot().snapshotId()).isEqualTo(main);
      assertThat(GenericData.read(onMain, "main")).hasSize(10);
    }
  }
}

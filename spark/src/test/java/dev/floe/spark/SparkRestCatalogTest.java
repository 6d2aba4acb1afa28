package dev.floe.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.FloeProperties;
import dev.floe.catalog.localnessie.LocalNessie;
import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.MlEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Spark opens a rest-mode Floe catalog with {@link SparkCatalogs}' settings: Nessie's Iceberg REST
 * endpoint (the suite's Nessie runner), whose warehouse is a bucket on S3Proxy.
 */
@ExtendWith(LocalSpark.class)
class SparkRestCatalogTest {
  static Path dir;
  static IsolatedS3Proxy s3;
  static LocalNessie nessie;
  static LocalNessie.Status server;

  @BeforeAll
  static void startServers() throws Exception {
    dir = Files.createTempDirectory("floe-spark-rest");
    s3 = IsolatedS3Proxy.start(dir.resolve("s3"));
    nessie = LocalNessie.in(dir.resolve("nessie"));
    server =
        nessie.start(
            0,
            Map.of(
                "nessie.catalog.default-warehouse",
                "warehouse",
                "nessie.catalog.warehouses.warehouse.location",
                "s3://" + IsolatedS3Proxy.BUCKET + "/rest",
                "nessie.catalog.service.s3.default-options.endpoint",
                s3.endpoint(),
                "nessie.catalog.service.s3.default-options.path-style-access",
                "true",
                "nessie.catalog.service.s3.default-options.region",
                "us-east-1",
                "nessie.catalog.service.s3.default-options.access-key",
                "urn:nessie-secret:quarkus:floe-s3",
                "floe-s3.name",
                IsolatedS3Proxy.ACCESS_KEY,
                "floe-s3.secret",
                IsolatedS3Proxy.SECRET_KEY));
  }

  @AfterAll
  static void stopServers() throws Exception {
    if (nessie != null) {
      nessie.stop();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void sparkAndFloeShareATableThroughTheRestCatalog() {
    FloeConfig config =
        FloeConfig.builder()
            .set(FloeProperties.CATALOG_MODE, "rest")
            .set(FloeProperties.REST_URI, LocalNessie.icebergRestUri(server.port()))
            .build();
    try (Floe floe = Floe.open(config)) {
      Table table =
          floe.tables()
              .createIfAbsent("rest.events", MlEvents.SCHEMA, PartitionSpec.unpartitioned());
      GenericData.append(
          table,
          "main",
          FileFormat.PARQUET,
          LongStream.range(0, 30)
              .mapToObj(
                  id ->
                      MlEvents.row(table.schema(), id, id % 3, FloeSparkReadTest.START, null, null))
              .toList());
      Map<String, String> settings = SparkCatalogs.settings(config);
      assertThat(settings).containsEntry("spark.sql.catalog.floe.type", "rest");

      assertThat(LocalSpark.sql(settings, "SELECT count(*), sum(id) FROM floe.rest.events"))
          .containsExactly(List.of(30L, LongStream.range(0, 30).sum()));

      LocalSpark.sql(
          settings,
          "CREATE TABLE floe.rest.sparky (id bigint) USING iceberg",
          "INSERT INTO floe.rest.sparky SELECT id FROM range(0, 5)");
      assertThat(GenericData.read(floe.tables().load("rest.sparky"), "main")).hasSize(5);
    }
  }
}

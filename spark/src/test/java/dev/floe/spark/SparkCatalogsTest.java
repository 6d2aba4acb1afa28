package dev.floe.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.FloeProperties;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkCatalogsTest {
  @TempDir Path warehouse;

  @Test
  void embeddedSettingsOpenTheWarehouseDatabaseUnderFloesCatalogName() {
    assertThat(SparkCatalogs.settings(FloeConfig.embedded(warehouse)))
        .containsEntry("spark.sql.catalog.floe", "org.apache.iceberg.spark.SparkCatalog")
        .containsEntry("spark.sql.catalog.floe.catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog")
        .containsEntry(
            "spark.sql.catalog.floe.uri", "jdbc:sqlite:" + warehouse.resolve("floe-catalog.db"))
        .containsEntry("spark.sql.catalog.floe.warehouse", warehouse.toString())
        .containsEntry("spark.sql.catalog.floe.jdbc.schema-version", "V1")
        .containsEntry("spark.sql.catalog.floe.cache-enabled", "false")
        .containsEntry("spark.sql.extensions", SparkCatalogs.EXTENSIONS);
  }

  @Test
  void settingsFollowTheConfiguredCatalogNameAndDatabaseFolder(@TempDir Path dbDir) {
    FloeConfig config =
        FloeConfig.embedded(warehouse)
            .with(FloeProperties.CATALOG_NAME, "lake")
            .with(FloeProperties.EMBEDDED_DB_DIR, dbDir.toString());

    assertThat(SparkCatalogs.settings(config))
        .containsEntry(
            "spark.sql.catalog.lake.uri", "jdbc:sqlite:" + dbDir.resolve("floe-catalog.db"))
        .doesNotContainKey("spark.sql.catalog.floe");
  }

  @Test
  void nessieSettingsOpenNessiesCatalogOnFloesRefAndWarehouse() {
    FloeConfig config =
        FloeConfig.nessie("http://127.0.0.1:19120/api/v2", warehouse.toString())
            .with(FloeProperties.NESSIE_REF, "dev")
            .with(FloeProperties.NESSIE_TOKEN, "secret")
            .with("client.region", "eu-west-1");

    assertThat(SparkCatalogs.settings(config))
        .containsEntry(
            "spark.sql.catalog.floe.catalog-impl", "org.apache.iceberg.nessie.NessieCatalog")
        .containsEntry("spark.sql.catalog.floe.uri", "http://127.0.0.1:19120/api/v2")
        .containsEntry("spark.sql.catalog.floe.ref", "dev")
        .containsEntry("spark.sql.catalog.floe.warehouse", warehouse.toString())
        .containsEntry("spark.sql.catalog.floe.authentication.type", "BEARER")
        .containsEntry("spark.sql.catalog.floe.authentication.token", "secret")
        .containsEntry("spark.sql.catalog.floe.client.region", "eu-west-1")
        .doesNotContainKey("spark.sql.catalog.floe.io-impl")
        .noneSatisfy((key, value) -> assertThat(key).contains(".floe.nessie"));
  }

  @Test
  void restSettingsOpenIcebergsRestCatalogOnFloesUriPrefixAndWarehouse() {
    FloeConfig config =
        FloeConfig.builder()
            .set(FloeProperties.CATALOG_MODE, "rest")
            .set(FloeProperties.REST_URI, "http://127.0.0.1:19120/iceberg/")
            .set(FloeProperties.REST_WAREHOUSE, "lake")
            .set(FloeProperties.REST_PREFIX, "main")
            .build();

    assertThat(SparkCatalogs.settings(config))
        .containsEntry("spark.sql.catalog.floe.type", "rest")
        .containsEntry("spark.sql.catalog.floe.uri", "http://127.0.0.1:19120/iceberg/")
        .containsEntry("spark.sql.catalog.floe.prefix", "main")
        .containsEntry("spark.sql.catalog.floe.warehouse", "lake")
        .containsEntry("spark.sql.catalog.floe.http-client.type", "urlconnection")
        .doesNotContainKey("spark.sql.catalog.floe.token");
  }
}

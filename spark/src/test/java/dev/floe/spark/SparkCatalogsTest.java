package dev.floe.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void refusesACatalogModeItCannotOpenYet() {
    assertThatThrownBy(
            () -> SparkCatalogs.settings(FloeConfig.nessie("http://127.0.0.1:1/api/v2", "/tmp/w")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot open catalog mode NESSIE on Spark yet");
  }
}

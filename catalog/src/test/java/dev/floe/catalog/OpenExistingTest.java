package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.exceptions.NoSuchWarehouseException;
import dev.floe.catalog.testing.NessieServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.PartitionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@link Floe#openExisting}: read-only tools never leave an empty warehouse behind. */
class OpenExistingTest {
  @TempDir Path dir;

  @Test
  void missingWarehouseFolderFailsAndStaysMissing() {
    Path typo = dir.resolve("typo");

    assertThatThrownBy(() -> Floe.openExisting(FloeConfig.embedded(typo)))
        .isInstanceOf(NoSuchWarehouseException.class)
        .hasMessage("No warehouse at %s: no such folder", typo);
    assertThat(typo).doesNotExist();
  }

  @Test
  void folderWithoutCatalogFailsWithoutCreatingADatabase() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("plain"));

    assertThatThrownBy(() -> Floe.openExisting(FloeConfig.embedded(folder)))
        .isInstanceOf(NoSuchWarehouseException.class)
        .hasMessageContaining("No warehouse at " + folder)
        .hasMessageContaining(FloeProperties.EMBEDDED_DB_FILE);
    try (var files = Files.list(folder)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void opensAWarehouseThatOpenCreated() {
    Path warehouse = dir.resolve("wh");
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      floe.tables()
          .createIfAbsent("ml.events", FloeTablesTest.SCHEMA, PartitionSpec.unpartitioned());
    }

    try (Floe floe = Floe.openExisting(FloeConfig.embedded(warehouse))) {
      assertThat(floe.tables().list()).extracting(Object::toString).containsExactly("ml.events");
    }
  }

  @Test
  void objectStoreWarehouseWithoutItsLocalCatalogFailsAndCreatesNothing() {
    Path home = dir.resolve("home");
    FloeConfig config =
        FloeConfig.builder()
            .set(FloeProperties.WAREHOUSE, "s3://bucket/wh")
            .set(FloeProperties.USER_HOME, home.toString())
            .build();

    assertThatThrownBy(() -> Floe.openExisting(config))
        .isInstanceOf(NoSuchWarehouseException.class)
        .hasMessageContaining("No warehouse at s3://bucket/wh");
    assertThat(home).doesNotExist();
  }

  @Test
  @ExtendWith(NessieServerExtension.class)
  void nessieModeOpensTheServersCatalogWithoutCreatingTheWarehouseFolder(
      NessieServerExtension nessie) {
    Path notYet = dir.resolve("not-yet");

    try (Floe floe = Floe.openExisting(FloeConfig.nessie(nessie.uri(), notYet.toString()))) {
      assertThatCode(() -> floe.tables().list())
          .as("the server's catalog answers")
          .doesNotThrowAnyException();
    }
    assertThat(notYet).doesNotExist();
  }
}

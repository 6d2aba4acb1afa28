package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.exceptions.InvalidConfigException;
import dev.floe.catalog.exceptions.NoSuchRefException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FloeTablesTest {
  static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "label", Types.StringType.get()));

  @TempDir Path warehouse;

  @Test
  void embeddedCatalogKeepsItsDatabaseInsideTheWarehouse() {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      floe.tables().createIfAbsent("ml.events", SCHEMA, PartitionSpec.unpartitioned());
    }

    assertThat(warehouse.resolve(FloeProperties.EMBEDDED_DB_FILE)).isRegularFile();
    assertThat(warehouse.resolve("ml/events/metadata")).isDirectory();
  }

  @Test
  void tablesSurviveReopening() {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      floe.tables().createIfAbsent("a.b.c", SCHEMA, PartitionSpec.unpartitioned());
    }
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      assertThat(floe.tables().list()).containsExactly(TableIdentifier.of("a", "b", "c"));
      assertThat(floe.tables().load("a.b.c").schema().asStruct()).isEqualTo(SCHEMA.asStruct());
    }
  }

  @Test
  void localWarehouseFilesHaveNoChecksumSidecarsAndNormalPermissions() throws Exception {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table table = floe.tables().createIfAbsent("ml.t", SCHEMA, PartitionSpec.unpartitioned());
      TestRows.append(table, "main", 1, 2);
    }

    try (var files = Files.walk(warehouse)) {
      var all = files.filter(Files::isRegularFile).toList();
      assertThat(all).anySatisfy(f -> assertThat(f.toString()).endsWith(".parquet"));
      assertThat(all).noneSatisfy(f -> assertThat(f.toString()).endsWith(".crc"));
      assertThat(all)
          .filteredOn(f -> f.toString().endsWith(".parquet"))
          .allSatisfy(
              f ->
                  assertThat(
                          java.nio.file.attribute.PosixFilePermissions.toString(
                              Files.getPosixFilePermissions(f)))
                      .startsWith("rw-"));
    }
  }

  @Test
  void createIfAbsentReturnsExistingTable() {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table first = floe.tables().createIfAbsent("ml.t", SCHEMA, PartitionSpec.unpartitioned());
      Table second = floe.tables().createIfAbsent("ml.t", SCHEMA, PartitionSpec.unpartitioned());

      assertThat(second.uuid()).isEqualTo(first.uuid());
    }
  }

  @Test
  void unknownTableNamesTheTable() {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      assertThatThrownBy(() -> floe.tables().resolve("ml.missing"))
          .isInstanceOf(NoSuchTableException.class)
          .hasMessage("Table does not exist: ml.missing");
    }
  }

  @Test
  void unknownRefListsTheKnownOnes() {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      floe.tables().createIfAbsent("ml.t", SCHEMA, PartitionSpec.unpartitioned());

      assertThatThrownBy(() -> floe.tables().resolve("ml.t@nope"))
          .isInstanceOf(NoSuchRefException.class)
          .hasMessage("Table ml.t has no branch or tag 'nope' (it has: main)");
    }
  }

  @Test
  void rejectsMalformedTableName() {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      assertThatThrownBy(() -> floe.tables().resolve("events"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("expected namespace.table");
    }
  }

  @Test
  void warehouseThatCannotBeCreatedIsAClearError() throws Exception {
    Path file = Files.writeString(warehouse.resolve("a-file"), "x");

    assertThatThrownBy(() -> Floe.open(FloeConfig.embedded(file.resolve("wh"))))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Cannot create warehouse folder " + file.resolve("wh"));
  }

  @Test
  void objectStoreWarehouseKeepsItsEmbeddedDatabaseInALocalFolderPerBucketAndPrefix(
      @TempDir Path home) {
    // Opening one needs an S3 server: S3WarehouseTest does that against S3Proxy.
    FloeConfig config =
        FloeConfig.builder()
            .set(FloeProperties.WAREHOUSE, "s3://bucket/wh")
            .set(FloeProperties.USER_HOME, home.toString())
            .build();

    // Slug plus a hash of the URI: CatalogFoldersTest covers warehouses whose slugs collide.
    Path folder = LocalWarehouse.embeddedDbDir(config, null);
    assertThat(folder.getParent()).isEqualTo(home.resolve(".floe").resolve("catalogs"));
    assertThat(folder.getFileName().toString()).matches("bucket_wh-[0-9a-f]{12}");
  }

  @Test
  void objectStoreWarehouseCatalogFolderDefaultsToTheJvmsUserHome() {
    FloeConfig config =
        FloeConfig.builder().set(FloeProperties.WAREHOUSE, "s3://bucket/wh").build();

    // The raw check: startsWith resolves the real path, which exists only where Floe ran.
    assertThat(LocalWarehouse.embeddedDbDir(config, null))
        .startsWithRaw(Path.of(System.getProperty("user.home")).resolve(".floe"));
  }
}

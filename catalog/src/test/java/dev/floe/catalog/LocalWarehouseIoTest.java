package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.internal.LocalFileIO;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local warehouses open through {@link LocalFileIO} by default, and those whose metadata
 * HadoopFileIO wrote (plain paths, or {@code file:} URIs for a table placed with one) keep opening,
 * reading and taking appends.
 */
class LocalWarehouseIoTest {
  @TempDir Path dir;

  @Test
  void aLocalWarehouseUsesJavaNioFilesByDefault() {
    try (Floe floe = Floe.open(FloeConfig.embedded(dir.resolve("wh")))) {
      Table table =
          floe.tables()
              .createIfAbsent("ml.t", FloeTablesTest.SCHEMA, PartitionSpec.unpartitioned());
      TestRows.append(table, "main", 1, 2);
      assertThat(table.io()).isInstanceOf(LocalFileIO.class);
      assertThat(TestRows.ids(table, "main")).containsExactlyInAnyOrder(1L, 2L);
    }
  }

  @Test
  void tablesHadoopFileIoWroteInEitherPathFormKeepOpeningAndAppending() {
    Path warehouse = dir.resolve("wh");
    Path elsewhere = dir.resolve("elsewhere/uri_table");
    FloeConfig hadoop =
        FloeConfig.embedded(warehouse)
            .with(CatalogProperties.FILE_IO_IMPL, HadoopFileIO.class.getName());
    try (Floe floe = Floe.open(hadoop)) {
      Table plain =
          floe.tables()
              .createIfAbsent("ml.plain", FloeTablesTest.SCHEMA, PartitionSpec.unpartitioned());
      Table uri =
          floe.catalog()
              .createTable(
                  TableIdentifier.of("ml", "uri"),
                  FloeTablesTest.SCHEMA,
                  PartitionSpec.unpartitioned(),
                  "file:" + elsewhere,
                  Map.of());
      assertThat(plain.io()).isInstanceOf(HadoopFileIO.class);
      TestRows.append(plain, "main", 1, 2);
      TestRows.append(uri, "main", 3);
      assertThat(uri.currentSnapshot().addedDataFiles(uri.io()).iterator().next().location())
          .startsWith("file:" + elsewhere);
    }

    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table plain = floe.tables().load("ml.plain");
      Table uri = floe.tables().load("ml.uri");
      assertThat(plain.io()).isInstanceOf(LocalFileIO.class);
      assertThat(uri.io()).isInstanceOf(LocalFileIO.class);
      assertThat(TestRows.ids(plain, "main")).containsExactlyInAnyOrder(1L, 2L);
      assertThat(TestRows.ids(uri, "main")).containsExactly(3L);
      TestRows.append(plain, "main", 4);
      TestRows.append(uri, "main", 5);
      assertThat(TestRows.ids(floe.tables().load("ml.plain"), "main"))
          .containsExactlyInAnyOrder(1L, 2L, 4L);
      assertThat(TestRows.ids(floe.tables().load("ml.uri"), "main"))
          .containsExactlyInAnyOrder(3L, 5L);
    }
  }
}

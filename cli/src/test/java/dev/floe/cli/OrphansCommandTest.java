package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.NessieServerExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** floe orphans: Nessie-aware collection in nessie mode, the table's own refs otherwise. */
class OrphansCommandTest {
  @RegisterExtension static NessieServerExtension nessie = new NessieServerExtension();

  @TempDir Path warehouse;

  @Test
  void nessieModeCollectsAcrossReferencesDryRunFirst() throws IOException {
    String table = nessie.uniqueName("cli") + ".events";
    Path stray;
    try (Floe floe = Floe.open(FloeConfig.nessie(nessie.uri(), warehouse.toString()))) {
      stray = plantOldStray(created(floe, table));
    }
    String[] mode = {
      "-w", warehouse.toString(), "--catalog-mode", "nessie", "--nessie-uri", nessie.uri()
    };

    CliRun dryRun = CliRun.floe(concat(new String[] {"orphans", table}, mode));

    assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
    assertThat(dryRun.out())
        .contains("Nessie-aware collection")
        .contains("stray.parquet")
        .contains("1 orphan files")
        .contains("dry run");
    assertThat(stray).exists();

    CliRun deleted = CliRun.floe(concat(new String[] {"orphans", table, "--delete"}, mode));

    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    assertThat(deleted.out()).contains("1 orphan files").contains("deleted");
    assertThat(stray).doesNotExist();
  }

  @Test
  void embeddedModeUsesTheTablesOwnRefs() throws IOException {
    Path stray;
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      stray = plantOldStray(created(floe, "ml.events"));
    }

    CliRun dryRun = CliRun.floe("orphans", "ml.events", "-w", warehouse.toString());

    assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
    assertThat(dryRun.out())
        .contains("the table's own branches and tags")
        .doesNotContain("Nessie")
        .contains("1 orphan files");
    assertThat(stray).exists();
  }

  private static Table created(Floe floe, String name) {
    Table table =
        floe.tables().createIfAbsent(name, BranchCommandTest.SCHEMA, PartitionSpec.unpartitioned());
    BranchCommandTest.append(table, "main", 1, 2);
    return table;
  }

  private static Path plantOldStray(Table table) throws IOException {
    Path dir = Path.of(URI.create("file:" + table.location().replaceFirst("^file:", "")));
    Path stray = dir.resolve("data").resolve("stray.parquet");
    Files.createDirectories(stray.getParent());
    Files.writeString(stray, "not committed");
    Files.setLastModifiedTime(stray, FileTime.from(Instant.now().minus(Duration.ofDays(7))));
    return stray;
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}

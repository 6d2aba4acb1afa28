package dev.floe.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.NessieServerExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Maintenance of a gc.enabled=false table of a real Nessie catalog. */
class NessieMaintenanceTest {
  @RegisterExtension static NessieServerExtension nessie = new NessieServerExtension();

  @TempDir Path warehouse;
  private Floe floe;
  private String name;

  @BeforeEach
  void open() {
    floe = Floe.open(FloeConfig.nessie(nessie.uri(), warehouse.toString()));
    name = nessie.uniqueName("ns") + ".events";
  }

  @AfterEach
  void close() {
    floe.close();
  }

  @Test
  void skipsExpiryAndCollectsAcrossReferences() throws Exception {
    Table table = Events.create(floe, name, FileFormat.PARQUET);
    long next = 0;
    for (int i = 0; i < 3; i++) {
      next = Events.append(table, "main", next, 20, "a", "b");
    }
    String exp = nessie.uniqueName("exp");
    floe.experiments().create(exp).commit();
    List<Long> ids = Events.ids(table, "main");
    Path stray =
        Path.of(URI.create(ReachableFiles.normalize(table.location())))
            .resolve("data/stray.parquet");
    Files.writeString(stray, "left by a crashed writer");
    Files.setLastModifiedTime(stray, FileTime.from(Instant.now().minus(Duration.ofDays(5))));
    MaintenancePolicy policy =
        new MaintenancePolicy(
            Map.of(
                MaintenancePolicy.MIN_INPUT_FILES, "2",
                MaintenancePolicy.EXPIRE_OLDER_THAN, "0",
                MaintenancePolicy.ORPHANS_OLDER_THAN, "3d",
                MaintenancePolicy.ORPHANS_DELETE, "true"));
    List<String> progress = new ArrayList<>();

    MaintenanceResult result =
        Compaction.maintain(floe, name).policy(policy).progress(progress::add).commit();

    assertThat(result.complete()).isTrue();
    assertThat(result.compaction().groups()).isEqualTo(2);
    assertThat(result.retention()).isNull();
    assertThat(progress)
        .anyMatch(l -> l.startsWith("[3/4]") && l.contains("skipped in nessie mode"))
        .anyMatch(l -> l.startsWith("[4/4]") && l.contains("Nessie-aware"));
    assertThat(result.orphans())
        .extracting(OrphanFile::location)
        .singleElement()
        .satisfies(l -> assertThat(l).endsWith("stray.parquet"));
    assertThat(stray).doesNotExist();
    table.refresh();
    assertThat(Events.ids(table, "main")).isEqualTo(ids);
    assertThat(Events.ids(floe.tables().resolve(name + "@" + exp).table(), "main")).isEqualTo(ids);

    MaintenanceResult again = Compaction.maintain(floe, name).policy(policy).commit();
    assertThat(again.compaction().changed()).isFalse();
    assertThat(again.orphans()).isEmpty();
  }
}

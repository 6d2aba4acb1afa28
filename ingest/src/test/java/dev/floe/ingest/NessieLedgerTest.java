package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.NessieServerExtension;
import dev.floe.compaction.Compaction;
import dev.floe.compaction.OrphanFile;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The ledger file in a Nessie catalog: Nessie-aware collection sees it as live. */
class NessieLedgerTest {
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
  void collectionKeepsTheLedgerFileAndCompactionCarriesIt() {
    Table table = floe.tables().createIfAbsent(name, Events.SCHEMA, PartitionSpec.unpartitioned());
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      for (long seq = 0; seq < 3; seq++) {
        writer.append(Events.batch(seq, seq * 10, 10));
      }
    }
    table = floe.tables().load(name);
    Compaction.binPack(table).minInputFiles(2).commit();
    table = floe.tables().load(name);
    assertThat(table.currentSnapshot().summary()).containsKey(IngestProperties.LEDGER);

    assertThat(
            Compaction.removeNessieOrphans(floe, name)
                .olderThan(Duration.ZERO)
                .retainHistory(Duration.ZERO)
                .deleteOrphans())
        .extracting(OrphanFile::location)
        .noneMatch(location -> location.endsWith(".puffin"));

    try (TableWriter writer =
        TableWriter.forTable(floe.tables().load(name)).producerId("p").build()) {
      assertThat(writer.append(Events.batch(1, 10, 10)).duplicate()).isTrue();
      assertThat(writer.append(Events.batch(3, 30, 10)).duplicate()).isFalse();
    }
    assertThat(Events.ids(Events.read(floe.tables().load(name))))
        .hasSize(40)
        .doesNotHaveDuplicates();
  }
}

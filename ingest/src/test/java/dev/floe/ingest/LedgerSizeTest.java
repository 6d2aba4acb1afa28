package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What `floe ingest` of one-row files leaves in the metadata folder: a producer per file, a commit
 * each. With the ledger in every summary, metadata.json grew with the square of the commits (3.7 MB
 * after 400 files); now each kept snapshot costs the same few keys.
 */
class LedgerSizeTest {
  // 400 for the measurement: -Dfloe.ledger-size.commits=400
  private static final int COMMITS = Integer.getInteger("floe.ledger-size.commits", 100);

  @TempDir Path warehouse;

  @Test
  void metadataGrowsByAFewKeysPerCommitNotByEveryProducer() throws IOException {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table table = Events.createUnpartitioned(floe);
      try (TableWriter writer = TableWriter.forTable(table).producerId("cli").build()) {
        for (int p = 0; p < COMMITS; p++) {
          Batch row = Events.batch(0, p, 1);
          writer.append(
              Batch.of(0, row.schema(), row.records()).forProducer("cli:day-" + p + ".jsonl"));
        }
      }
      table.refresh();
      Path metadataJson =
          Path.of(
              ((HasTableOperations) table)
                  .operations()
                  .current()
                  .metadataFileLocation()
                  .replaceFirst("^file:", ""));
      long folder;
      try (Stream<Path> files = Files.list(metadataJson.getParent())) {
        folder = files.mapToLong(f -> f.toFile().length()).sum();
      }
      System.out.printf(
          "ledger size: after %d one-row producer commits metadata.json is %,d bytes, the"
              + " metadata folder %,d bytes%n",
          COMMITS, Files.size(metadataJson), folder);
      // Iceberg's own cost per kept snapshot (summary, statistics entry, logs) is about 1.4 KB;
      // a ledger in the summary adds the whole state to each.
      assertThat(Files.size(metadataJson) / COMMITS).isLessThan(2048);
    }
  }
}

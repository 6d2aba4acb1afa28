package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.GenericData;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table whose commits carry statistics files (theta NDV blobs registered in metadata, Floe's
 * profile blobs) still loads and reads in every reader Floe has: the Iceberg generic reader, floe
 * read (rows and Arrow), table describe, snapshots, and a pin that verifies and rehydrates.
 */
class ProfiledTableReadersTest {
  @TempDir Path warehouse;
  @TempDir Path dir;
  private String w;

  @BeforeEach
  void write() {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table table =
          floe.tables()
              .createIfAbsent("ml.samples", ProfiledSamples.SCHEMA, PartitionSpec.unpartitioned());
      try (TableWriter writer = TableWriter.forTable(table).producerId("p").profile(true).build()) {
        writer.append(Batch.of(1, ProfiledSamples.SCHEMA, ProfiledSamples.rows(1, 0, null)));
        writer.append(Batch.of(2, ProfiledSamples.SCHEMA, ProfiledSamples.rows(2, 0.5, "cart")));
      }
    }
    w = warehouse.toString();
  }

  @Test
  void theIcebergReaderLoadsAndReadsATableWithStatisticsFiles() {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table table = floe.tables().load("ml.samples");

      assertThat(table.statisticsFiles())
          .isNotEmpty()
          .allSatisfy(f -> assertThat(f.path()).endsWith(".puffin"))
          .flatExtracting(StatisticsFile::blobMetadata)
          .extracting(b -> b.type())
          // Only Iceberg's own blob type is registered: PyIceberg refuses unknown ones.
          .containsOnly("apache-datasketches-theta-v1");
      assertThat(GenericData.read(table, "main")).hasSize(8000);
    }
  }

  @Test
  void everyFloeReaderCommandReadsIt() throws Exception {
    CliRun read = CliRun.floe("read", "ml.samples", "--limit", "3", "-w", w);
    Path arrow = dir.resolve("rows.arrow");
    CliRun toArrow = CliRun.floe("read", "ml.samples", "--out", arrow.toString(), "-w", w);
    CliRun describe = CliRun.floe("table", "describe", "ml.samples", "--json", "-w", w);
    CliRun snapshots = CliRun.floe("snapshots", "ml.samples", "-w", w);

    assertThat(read.exitCode()).as(read.err()).isZero();
    assertThat(read.out().lines()).hasSize(4).first().asString().startsWith("id\tscore");
    assertThat(toArrow.exitCode()).as(toArrow.err()).isZero();
    assertThat(Files.size(arrow)).isPositive();
    assertThat(describe.exitCode()).as(describe.err()).isZero();
    assertThat(snapshots.exitCode()).as(snapshots.err()).isZero();
    assertThat(snapshots.out()).contains("append");
  }

  @Test
  void aPinOfItVerifiesAndRehydrates() {
    Path lock = dir.resolve("samples.floe.lock.json");
    CliRun pin =
        CliRun.floe("pin", "ml.samples", "--tag", "train-1", "--out", lock.toString(), "-w", w);
    CliRun verify = CliRun.floe("verify", lock.toString(), "-w", w);
    Path out = dir.resolve("export");
    CliRun rehydrate =
        CliRun.floe(
            "rehydrate", lock.toString(), "--out", out.toString(), "--format", "parquet", "-w", w);

    assertThat(pin.exitCode()).as(pin.err()).isZero();
    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).contains("OK");
    assertThat(rehydrate.exitCode()).as(rehydrate.err()).isZero();
    assertThat(rehydrate.out()).contains("verified");
  }
}

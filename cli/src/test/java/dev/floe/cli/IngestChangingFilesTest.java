package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipe (which cannot be read twice) is refused before anything is read; how a file that changes
 * while it is ingested is read is {@code HashedBytesTest}'s (in ingest).
 */
class IngestChangingFilesTest {
  @TempDir Path dir;

  @Test
  void pipeIsRefusedWithoutBlocking() throws Exception {
    Path warehouse = dir.resolve("wh");
    Schema schema = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      floe.tables().createIfAbsent("db.t", schema, PartitionSpec.unpartitioned());
    }
    Path fifo = dir.resolve("rows.jsonl");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(mkfifo.exitValue()).isZero();

    // Nobody writes to the pipe: opening it to hash it would block forever.
    CliRun run =
        CliRun.floe("ingest", "-w", warehouse.toString(), "--table", "db.t", fifo.toString());

    assertThat(run.exitCode()).isOne();
    assertThat(run.err()).contains(fifo + ": is not a regular file");
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      assertThat(floe.tables().load("db.t").currentSnapshot()).isNull();
    }
  }
}

package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.cli.IngestInput.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rows committed under a file's content key are the bytes the key names: a file that grows
 * while it is ingested contributes only what was hashed, one rewritten in place fails, and a pipe
 * (which cannot be read twice) is refused before anything is read.
 */
class IngestChangingFilesTest {
  @TempDir Path dir;

  @Test
  void bytesAppendedAfterHashingAreNotReadUnderTheKey() throws IOException {
    Path log = Files.writeString(dir.resolve("a.jsonl"), "{\"id\": 1}\n{\"id\": 2}\n");
    HashedBytes hashed = HashedBytes.of(log);
    Files.writeString(log, "{\"id\": 3}\n", StandardOpenOption.APPEND);

    try (InputStream in = hashed.open(log)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("{\"id\": 1}\n{\"id\": 2}\n");
    }
  }

  @Test
  void fileRewrittenInPlaceFailsAtItsEnd() throws IOException {
    Path file = Files.writeString(dir.resolve("a.jsonl"), "{\"id\": 1}\n");
    HashedBytes hashed = HashedBytes.of(file);
    Files.writeString(file, "{\"id\": 9}\n");

    assertThatThrownBy(
            () -> {
              try (InputStream in = hashed.open(file)) {
                in.readAllBytes();
              }
            })
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(file + ": changed while being ingested");
  }

  @Test
  void fileCutShortFailsAtItsEnd() throws IOException {
    Path file = Files.writeString(dir.resolve("a.jsonl"), "{\"id\": 1}\n{\"id\": 2}\n");
    HashedBytes hashed = HashedBytes.of(file);
    Files.writeString(file, "{\"id\": 1}\n");

    assertThatThrownBy(
            () -> {
              try (InputStream in = hashed.open(file)) {
                in.readAllBytes();
              }
            })
        .hasMessageContaining("changed while being ingested");
  }

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

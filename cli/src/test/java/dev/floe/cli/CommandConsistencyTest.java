package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One shape across commands: positional tables, aliases, enum case, exit codes, health. */
class CommandConsistencyTest {
  @TempDir Path dir;

  private String table() {
    return CliTables.events(dir);
  }

  @Test
  void unknownSubcommandWithHelpIsAUsageError() {
    CliRun run = CliRun.floe("nosuchcommand", "--help");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("floe: ").contains("nosuchcommand");
    assertThat(run.out()).doesNotContain("Usage:");
  }

  @Test
  void enumValuesAreCaseInsensitive() {
    var parsed =
        FloeCli.commandLine(false)
            .parseArgs("rehydrate", "run.floe.lock.json", "--part", "train", "--format", "PARQUET");

    RehydrateCommand.ExportFormat format = parsed.subcommand().matchedOptionValue("--format", null);
    assertThat(format).isEqualTo(RehydrateCommand.ExportFormat.parquet);
    // --part also takes "all", so it is read as text; any case names a part.
    CliRun run =
        CliRun.floe("rehydrate", dir.resolve("none.lock.json").toString(), "--part", "Train");
    assertThat(run.err()).doesNotContain("Invalid --part");
    assertThat(
            CliRun.floe("rehydrate", dir.resolve("none.lock.json").toString(), "--part", "trian")
                .exitCode())
        .isEqualTo(2);
  }

  @Test
  void nessieStatusExitsOneWhenTheServerIsDown() throws Exception {
    Path nessie = Files.createDirectories(dir.resolve("wh").resolve(".nessie"));
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    // A live pid (this JVM) with a port nothing listens on: a server that died or hangs.
    Files.writeString(
        nessie.resolve("server.properties"),
        "pid=" + ProcessHandle.current().pid() + "\nport=" + port + "\n");

    CliRun run = CliRun.floe("nessie", "status", "-w", dir.resolve("wh").toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).startsWith("Nessie is not running");
  }

  @Test
  void maintainTakesTheTableAsAnArgumentAndStillReadsTable() {
    String w = table();

    CliRun positional = CliRun.floe("maintain", "ml.events", "-w", w);
    CliRun deprecated = CliRun.floe("maintain", "--table", "ml.events", "-w", w);
    CliRun neither = CliRun.floe("maintain", "-w", w);

    assertThat(positional.exitCode()).as(positional.err()).isZero();
    assertThat(positional.out()).startsWith("ml.events maintained in ");
    assertThat(positional.err()).doesNotContain("deprecated");
    assertThat(deprecated.exitCode()).as(deprecated.err()).isZero();
    assertThat(deprecated.out()).startsWith("ml.events maintained in ");
    assertThat(deprecated.err()).contains("--table is deprecated");
    assertThat(neither.exitCode()).isEqualTo(2);
    assertThat(neither.err()).contains("TABLE");
  }

  @Test
  void snapshotsIsTableHistoryWithTheSameOutput() {
    String w = table();

    CliRun snapshots = CliRun.floe("snapshots", "ml.events", "-w", w, "--limit", "1");
    CliRun history = CliRun.floe("table", "history", "ml.events", "-w", w, "--limit", "1");

    assertThat(snapshots.exitCode()).as(snapshots.err()).isZero();
    assertThat(snapshots.out()).isEqualTo(history.out()).contains("append");
    assertThat(snapshots.out().lines()).hasSize(2);
    assertThat(snapshots.err()).isEqualTo(history.err()).contains("newest 1 snapshots shown");
    assertThat(CliRun.floe("snapshots", "ml.events", "-w", w, "--json").out())
        .isEqualTo(CliRun.floe("table", "history", "ml.events", "-w", w, "--json").out());
  }

  @Test
  void readKeepsTheColumnOrderAskedFor() {
    String w = table();

    CliRun run = CliRun.floe("read", "ml.events", "-w", w, "--columns", "user_id,id");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().findFirst()).contains("user_id\tid");
    assertThat(run.out().lines().skip(1)).allMatch(line -> line.startsWith("7\t"));
  }

  @Test
  void readOutWritesTheColumnsInTheOrderAskedFor() throws Exception {
    String w = table();
    Path out = dir.resolve("rows.arrow");

    CliRun run =
        CliRun.floe(
            "read", "ml.events", "-w", w, "--columns", "user_id,id", "--out", out.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    try (BufferAllocator allocator = new RootAllocator();
        ArrowFileReader reader = new ArrowFileReader(Files.newByteChannel(out), allocator)) {
      assertThat(reader.getVectorSchemaRoot().getSchema().getFields())
          .extracting(Field::getName)
          .containsExactly("user_id", "id");
      assertThat(reader.loadNextBatch()).isTrue();
      assertThat(reader.getVectorSchemaRoot().getVector("user_id").getObject(0)).isEqualTo(7L);
    }
  }

  @Test
  void tablesAndDescribeShowHealthAndTransformsByColumnName() {
    String w = table();

    CliRun tables = CliRun.floe("tables", "-w", w);
    CliRun describe = CliRun.floe("table", "describe", "ml.events", "-w", w);

    assertThat(tables.out().lines().findFirst().orElse(""))
        .contains("AVG FILE", "SMALL", "DELETES", "PARTS", "SNAPS");
    // Two files of one partition, both small; two snapshots.
    assertThat(tables.out())
        .containsPattern("ml\\.events\\s+6\\s+2\\s+.*\\s2\\s+0\\s+1\\s+2\\s+main");
    assertThat(describe.out())
        .contains("Format    v2")
        .contains("2 small files (under 32.0 MiB), 0 delete files, 1 partitions, 2 snapshots")
        .contains("  day(event_ts)\n")
        .contains("  bucket(16, user_id)\n");
  }
}

package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe ingest} writes the files a table says it is made of, unless --format says. */
class IngestTableFormatTest {
  @TempDir Path dir;

  @Test
  void anOrcTableGetsOrcFilesAndFormatOverridesIt() throws Exception {
    String warehouse = dir.resolve("wh").toString();
    Path schema =
        Files.writeString(
            dir.resolve("schema.json"),
            "{\"columns\": [{\"name\": \"id\", \"type\": \"long\", \"required\": true}]}");
    Path first = Files.writeString(dir.resolve("a.csv"), "id\n1\n2\n");
    Path second = Files.writeString(dir.resolve("b.csv"), "id\n3\n");

    CliRun create =
        CliRun.floe(
            "table",
            "create",
            "-w",
            warehouse,
            "--schema",
            schema.toString(),
            "--format",
            "orc",
            "demo.t");
    CliRun orc = CliRun.floe("ingest", "-w", warehouse, "demo.t", first.toString());
    CliRun parquet =
        CliRun.floe("ingest", "-w", warehouse, "--format", "parquet", "demo.t", second.toString());

    assertThat(create.exitCode()).as(create.err()).isZero();
    assertThat(orc.exitCode()).as(orc.err()).isZero();
    assertThat(parquet.exitCode()).as(parquet.err()).isZero();
    try (Floe floe = Floe.open(FloeConfig.embedded(Path.of(warehouse)))) {
      Table table = floe.tables().load("demo.t");
      List<FileFormat> formats = new ArrayList<>();
      for (var task : table.newScan().planFiles()) {
        DataFile file = task.file();
        formats.add(file.format());
        assertThat(file.location()).endsWith("." + file.format().name().toLowerCase());
      }
      assertThat(formats).containsExactlyInAnyOrder(FileFormat.ORC, FileFormat.PARQUET);
    }
    CliRun read = CliRun.floe("read", "-w", warehouse, "demo.t");
    assertThat(read.exitCode()).as(read.err()).isZero();
    assertThat(read.out().lines().filter(l -> l.matches("[123]")))
        .containsExactlyInAnyOrder("1", "2", "3");
  }
}

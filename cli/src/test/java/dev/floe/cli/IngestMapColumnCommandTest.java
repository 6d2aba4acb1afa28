package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON lines with a map column go straight into Arrow and land as the rows they say; a null map
 * value of a column whose values are required is refused naming the line, and nothing lands.
 */
class IngestMapColumnCommandTest {
  @TempDir Path dir;

  @Test
  void ingestsJsonLinesWithAMapColumnAndReadsThemBack() throws IOException {
    String warehouse = table("map<string, double>");
    Path lines =
        Files.writeString(
            dir.resolve("m.jsonl"),
            "{\"id\": 1, \"m\": {\"a\": 1.5, \"b\": null}}\n"
                + "{\"id\": 2, \"m\": {}}\n"
                + "{\"id\": 3}\n");

    CliRun ingest = CliRun.floe("ingest", "p.m", lines.toString(), "-w", warehouse);
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();

    CliRun read = CliRun.floe("read", "p.m", "-w", warehouse);
    assertThat(read.exitCode()).as(read.err()).isZero();
    assertThat(read.out()).contains("1\t{a=1.5, b=null}").contains("2\t{}").contains("3\tnull");
  }

  @Test
  void aNullValueOfARequiredValueMapIsRefusedAndNothingLands() throws IOException {
    Files.writeString(
        dir.resolve("s.json"),
        "{\"type\": \"struct\", \"schema-id\": 0, \"fields\": ["
            + "{\"id\": 1, \"name\": \"id\", \"required\": true, \"type\": \"long\"},"
            + " {\"id\": 2, \"name\": \"m\", \"required\": false, \"type\": {\"type\": \"map\","
            + " \"key-id\": 3, \"key\": \"string\", \"value-id\": 4, \"value\": \"long\","
            + " \"value-required\": true}}]}");
    Path lines =
        Files.writeString(
            dir.resolve("r.jsonl"),
            "{\"id\": 1, \"m\": {\"a\": 1}}\n{\"id\": 2, \"m\": {\"b\": null}}\n");
    String required = dir.resolve("req").toString();
    assertThat(
            CliRun.floe(
                    "table",
                    "create",
                    "p.r",
                    "--schema",
                    dir.resolve("s.json").toString(),
                    "-w",
                    required)
                .exitCode())
        .isZero();

    CliRun ingest = CliRun.floe("ingest", "p.r", lines.toString(), "-w", required);
    assertThat(ingest.exitCode()).isEqualTo(1);
    assertThat(ingest.err()).contains("r.jsonl").contains("m");
    CliRun read = CliRun.floe("read", "p.r", "-w", required);
    assertThat(read.out()).doesNotContain("1\t");
  }

  private String table(String mapType) throws IOException {
    Path schema =
        Files.writeString(
            dir.resolve("schema.json"),
            "{\"columns\": [{\"name\": \"id\", \"type\": \"long\", \"required\": true},"
                + " {\"name\": \"m\", \"type\": \""
                + mapType
                + "\"}]}");
    String warehouse = dir.resolve("wh").toString();
    CliRun create =
        CliRun.floe("table", "create", "p.m", "--schema", schema.toString(), "-w", warehouse);
    assertThat(create.exitCode()).as(create.err()).isZero();
    return warehouse;
  }
}

package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.GenericData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV as RFC 4180 says it, read by jackson-dataformat-csv. */
class IngestCsvTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "name", Types.StringType.get()),
          Types.NestedField.optional(3, "score", Types.DoubleType.get()));

  @TempDir Path dir;
  private Path warehouse;

  @BeforeEach
  void createTable() {
    warehouse = dir.resolve("wh");
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      floe.tables().createIfAbsent("db.t", SCHEMA, PartitionSpec.unpartitioned());
    }
  }

  @Test
  void quotedValueKeepsItsLineBreaks() throws IOException {
    Path csv = write("a.csv", "id,name\n1,\"first line\nsecond line\"\n2,\"a \"\"quote\"\"\"\n");

    assertThat(ingest(csv).exitCode()).isZero();

    assertThat(names())
        .containsEntry(1L, "first line\nsecond line")
        .containsEntry(2L, "a \"quote\"");
  }

  @Test
  void spacesInsideQuotesAreKept() throws IOException {
    Path csv = write("a.csv", "id,name\n1, \"  padded  \" \n2,  bare  \n");

    assertThat(ingest(csv).exitCode()).isZero();

    // Issue 14: spaces around an unquoted value are data too, not trimmed.
    assertThat(names()).containsEntry(1L, "  padded  ").containsEntry(2L, "  bare  ");
  }

  @Test
  void byteOrderMarkIsNotPartOfTheFirstColumnName() throws IOException {
    Path csv = dir.resolve("excel.csv");
    Files.write(csv, ("\uFEFFid,name\r\n1,x\r\n").getBytes(StandardCharsets.UTF_8));

    CliRun run = ingest(csv);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(names()).containsEntry(1L, "x");
  }

  @Test
  void delimiterOptionSplitsAtAnotherCharacter() throws IOException {
    Path semicolons = write("a.csv", "id;name\n1;\"Smith; Ann\"\n");
    Path tabs = write("b.csv", "id\tname\n2\tx, y\n");

    assertThat(ingest(semicolons, "--delimiter", ";").exitCode()).isZero();
    assertThat(ingest(tabs, "--delimiter", "tab").exitCode()).isZero();

    assertThat(names()).containsEntry(1L, "Smith; Ann").containsEntry(2L, "x, y");
  }

  @Test
  void delimiterThatIsNotOneCharacterIsAUsageError() throws IOException {
    CliRun run = ingest(write("a.csv", "id\n1\n"), "--delimiter", "::");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Invalid --delimiter: '::'");
  }

  @Test
  void badValueAfterAQuotedLineBreakNamesTheLineItStartsOn() throws IOException {
    Path csv = write("a.csv", "id,name,score\n1,\"two\nlines\",1\n2,x,abc\n");

    CliRun run = ingest(csv);

    assertThat(run.exitCode()).isOne();
    assertThat(run.err()).contains(csv + ":4: column 'score' cannot convert abc");
  }

  @Test
  void columnNamedTwiceInTheHeaderIsRefused() throws IOException {
    Path csv = write("a.csv", "\nid,name,name\n1,a,b\n");

    CliRun run = ingest(csv);

    assertThat(run.exitCode()).isOne();
    assertThat(run.err())
        .contains(csv + ":2: column 'name' is named twice in the header (columns 2 and 3)");
  }

  private Map<Long, String> names() {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Map<Long, String> names = new TreeMap<>();
      for (Record row : GenericData.read(floe.tables().load("db.t"), "main")) {
        names.put((Long) row.getField("id"), (String) row.getField("name"));
      }
      return names;
    }
  }

  private CliRun ingest(Path file, String... options) {
    List<String> all =
        new ArrayList<>(List.of("ingest", "-w", warehouse.toString(), "--table", "db.t"));
    all.addAll(List.of(options));
    all.add(file.toString());
    return CliRun.floe(all.toArray(String[]::new));
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}

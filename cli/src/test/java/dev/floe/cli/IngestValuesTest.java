package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values never change on the way in: what a column cannot hold is refused naming the file, line,
 * column and rule, and nothing of the file is committed. Errors that used to lose their context
 * name the file and line.
 */
class IngestValuesTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "score", Types.DoubleType.get()),
          Types.NestedField.optional(3, "ts", Types.TimestampType.withZone()),
          Types.NestedField.optional(
              4, "embedding", Types.ListType.ofOptional(5, Types.FloatType.get())));

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
  void integerBeyondLongIsRefusedNotWrapped() throws IOException {
    Path file = write("a.jsonl", "{\"id\": 1}\n{\"id\": 18446744073709551717}\n");
    assertRefused(
        ingest(file), file + ":2: column 'id' value 18446744073709551717 is out of range for long");
  }

  @Test
  void doubleBeyondItsRangeIsRefusedNotInfinity() throws IOException {
    Path file = write("a.jsonl", "{\"id\": 1, \"score\": 1e999}\n");
    assertRefused(
        ingest(file), file + ":1: column 'score' value 1E+999 is out of range for double");

    Path csv = write("a.csv", "id,score\n1,1e999\n");
    assertRefused(ingest(csv), csv + ":2: column 'score' value 1e999 is out of range for double");
  }

  @Test
  void floatBeyondItsRangeIsRefusedNotInfinity() throws IOException {
    Path file = write("a.jsonl", "{\"id\": 1, \"embedding\": [0.5, 1e300]}\n");
    assertRefused(
        ingest(file),
        file
            + ":1: column 'embedding.element' value 1E+300 is out of range for float (it would be"
            + " stored as Infinity)");
  }

  @Test
  void duplicateJsonKeyIsRefusedNotLastWins() throws IOException {
    Path file = write("a.jsonl", "{\"id\": 1}\n{\"id\": 2, \"score\": 1, \"id\": 3}\n");
    assertRefused(
        ingest(file), file + ":2: column 'id' is given twice in one object: refusing to keep");
  }

  @Test
  void textAfterTheObjectIsRefusedNotDropped() throws IOException {
    Path file = write("a.jsonl", "{\"id\": 1} {\"id\": 2}\n");
    assertRefused(ingest(file), file + ":1: not a JSON object: Trailing token");
  }

  @Test
  void timestampBeyondMicrosecondsIsRefusedNamingLineAndColumn() throws IOException {
    Path file = write("a.jsonl", "{\"id\": 1, \"ts\": \"+300000-01-01T00:00:00Z\"}\n");
    assertRefused(
        ingest(file),
        file + ":1: column 'ts' value +300000-01-01T00:00Z is out of range for timestamptz");
  }

  @Test
  void binaryGarbageNamesFileAndLine() throws IOException {
    Path file = dir.resolve("a.jsonl");
    Files.write(file, new byte[] {'{', '}', '\n', (byte) 0xC3, (byte) 0x28, 0, 1, (byte) 0xFF});
    assertRefused(
        ingest(file), file + ":2: not UTF-8 text: byte 0xC3 at column 1 is not valid UTF-8");
  }

  @Test
  void missingFileIsNamedAndNothingIsCommittedFromTheOthers() throws IOException {
    Path good = write("a.jsonl", "{\"id\": 1}\n");
    Path missing = dir.resolve("nosuch.jsonl");
    assertRefused(ingest(good, missing), missing + ": no such file");
  }

  @Test
  void warehousePathThatIsAFileIsNamed() throws IOException {
    Path file = write("a.jsonl", "{\"id\": 1}\n");
    Path notAFolder = write("wh-file", "x");
    CliRun run =
        CliRun.floe("ingest", "-w", notAFolder.toString(), "--table", "db.t", file.toString());
    assertThat(run.exitCode()).isOne();
    assertThat(run.err().lines().findFirst().orElse(""))
        .startsWith("floe: ")
        .contains(notAFolder.toString())
        .contains("is a file, not a folder");
  }

  private void assertRefused(CliRun run, String expected) {
    assertThat(run.exitCode()).as(run.out()).isOne();
    assertThat(run.err().lines().findFirst().orElse("")).startsWith("floe: ").contains(expected);
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      assertThat(floe.tables().load("db.t").currentSnapshot()).as("nothing committed").isNull();
    }
  }

  private CliRun ingest(Path... files) {
    List<String> all =
        new ArrayList<>(List.of("ingest", "-w", warehouse.toString(), "--table", "db.t"));
    for (Path file : files) {
      all.add(file.toString());
    }
    return CliRun.floe(all.toArray(String[]::new));
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}

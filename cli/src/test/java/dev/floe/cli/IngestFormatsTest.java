package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The input forms the README's "Input formats" promises, each through {@code floe ingest}. */
class IngestFormatsTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "ts", Types.TimestampType.withZone()),
          Types.NestedField.optional(3, "local", Types.TimestampType.withoutZone()),
          Types.NestedField.optional(4, "day", Types.DateType.get()),
          Types.NestedField.optional(5, "label", Types.StringType.get()),
          Types.NestedField.optional(6, "score", Types.DoubleType.get()),
          Types.NestedField.optional(
              7, "embedding", Types.ListType.ofOptional(8, Types.FloatType.get())));
  private static final OffsetDateTime NOV_21 =
      OffsetDateTime.of(2026, 11, 21, 0, 0, 0, 0, ZoneOffset.UTC);
  private static final LocalDateTime LOCAL_NOV_21 = NOV_21.toLocalDateTime();

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  @TempDir Path dir;
  private Table table;

  @BeforeEach
  void createTable() {
    Map<String, String> dimension = Map.of("floe.column.embedding.dimension", "2");
    table =
        temp.floe()
            .tables()
            .createIfAbsent("db.t", SCHEMA, PartitionSpec.unpartitioned(), dimension);
  }

  @Test
  void csvTimestampsWithASpaceAndDates() throws IOException {
    Path csv =
        write(
            "a.csv",
            "id,ts,local,day\n"
                + "1,2026-11-21 00:00:00Z,2026-11-21 00:00:00,2026-11-21\n"
                + "2,2026-11-21 02:00:00+02:00,2026-11-21,\n");
    assertThat(ingest(csv).exitCode()).isZero();
    Map<Long, Record> rows = read();
    assertThat(rows.values()).extracting(r -> r.getField("ts")).containsOnly(NOV_21);
    assertThat(rows.values()).extracting(r -> r.getField("local")).containsOnly(LOCAL_NOV_21);
    assertThat(rows.get(1L).getField("day")).isEqualTo(LOCAL_NOV_21.toLocalDate());
    assertThat(rows.get(2L).getField("day")).isNull();
  }

  @Test
  void epochMillisecondsInJsonAndCsv() throws IOException {
    long millis = NOV_21.toEpochSecond() * 1000;
    Path json =
        write("a.jsonl", "{\"id\": 1, \"ts\": " + millis + ", \"local\": " + millis + "}\n");
    Path csv = write("b.csv", "id,ts,local\n2," + millis + "," + millis + "\n");
    assertThat(ingest(json, csv).exitCode()).isZero();
    assertThat(read().values()).extracting(r -> r.getField("ts")).containsOnly(NOV_21);
    assertThat(read().values()).extracting(r -> r.getField("local")).containsOnly(LOCAL_NOV_21);
  }

  @Test
  void epochSecondsWhereTheTableSaysSoAndRefusedWhereItDoesNot() throws IOException {
    Path csv = write("a.csv", "id,ts\n1," + NOV_21.toEpochSecond() + "\n");
    assertRefused(
        ingest(csv),
        csv
            + ":2: column 'ts' epoch number 1795219200 in ms (table property"
            + " floe.ingest.epoch-unit) is outside the epoch window (epoch numbers must land"
            + " between 1973-03-03 and 2286-11-20); it looks like s");
    table.updateProperties().set("floe.ingest.epoch-unit", "s").commit();
    assertThat(ingest(csv).exitCode()).isZero();
    assertThat(read().get(1L).getField("ts")).isEqualTo(NOV_21);
  }

  @Test
  void csvQuotedEmptyStringSpacesAndJsonNegativeZeroAreKept() throws IOException {
    Path csv = write("a.csv", "id,label,score\n1,\"\",-0.0\n2,,\n3, a ,1\n");
    Path json = write("b.jsonl", "{\"id\": 4, \"score\": -0.0}\n");
    assertThat(ingest(csv, json).exitCode()).isZero();
    Map<Long, Record> rows = read();
    assertThat(rows.get(1L).getField("label")).isEqualTo("");
    assertThat(rows.get(2L).getField("label")).isNull();
    assertThat(rows.get(3L).getField("label")).isEqualTo(" a ");
    assertThat(Double.compare((Double) rows.get(1L).getField("score"), 0.0)).isNegative();
    assertThat(rows.get(2L).getField("score")).isNull();
    assertThat(Double.compare((Double) rows.get(4L).getField("score"), 0.0)).isNegative();
  }

  @Test
  void anEmbeddingOfAnotherDimensionFailsTheIngestNamingColumnAndLengths() throws IOException {
    Path json =
        write("a.jsonl", "{\"id\": 1, \"embedding\": [1, 2]}\n{\"id\": 2, \"embedding\": [1]}\n");
    assertRefused(
        ingest(json),
        json
            + ":2: column 'embedding' has length 1 but the table declares dimension 2"
            + " (floe.column.embedding.dimension)");
  }

  /** One line naming file, line, column and rule; exit 1; nothing committed. */
  private void assertRefused(CliRun run, String expected) {
    assertThat(run.exitCode()).isOne();
    assertThat(run.err().lines().findFirst().orElse("")).isEqualTo("floe: " + expected);
    assertThat(read()).isEmpty();
  }

  private Map<Long, Record> read() {
    Map<Long, Record> rows = new TreeMap<>();
    for (Record row : GenericData.read(temp.floe().tables().load("db.t"), "main")) {
      rows.put((Long) row.getField("id"), row);
    }
    return rows;
  }

  private CliRun ingest(Path... files) {
    List<String> all = new ArrayList<>(List.of("ingest", "-w", temp.path().toString()));
    all.addAll(List.of("--table", "db.t"));
    for (Path file : files) {
      all.add(file.toString());
    }
    return CliRun.floe(all.toArray(String[]::new));
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}

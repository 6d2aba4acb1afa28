package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.GenericData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineageCommandTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "name", Types.StringType.get()));

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
  void namesTheSourceFilesOfALocksRowsAndTheirCounts() throws Exception {
    Path a = Files.writeString(dir.resolve("a.csv"), "id,name\n1,x\n2,y\n3,z\n");
    Path b = Files.writeString(dir.resolve("b.csv"), "id,name\n4,x\n5,y\n");
    CliRun ingest =
        CliRun.floe(
            "ingest", "-w", warehouse.toString(), "--table", "db.t", a.toString(), b.toString());
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    Path lock = dir.resolve("run-42.floe.lock.json");
    CliRun pin = CliRun.floe("pin", "db.t", "--out", lock.toString(), "-w", warehouse.toString());
    assertThat(pin.exitCode()).as(pin.err()).isZero();

    CliRun text = CliRun.floe("lineage", lock.toString(), "-w", warehouse.toString());
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out()).contains("db.t snapshot", "a.csv", "b.csv", "rows 1-3", "exact:");

    CliRun json = CliRun.floe("lineage", lock.toString(), "--json", "-w", warehouse.toString());
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertThat(doc.get("exact").asBoolean()).isTrue();
    JsonNode table = doc.get("tables").get(0);
    assertThat(table.get("counted_rows").asLong())
        .isEqualTo(5)
        .isEqualTo(table.get("records").asLong());
    List<String> sources = new ArrayList<>();
    long rows = 0;
    for (JsonNode origin : table.get("origins")) {
      sources.add(origin.get("source").asText());
      rows += origin.get("rows").asLong();
      assertThat(origin.get("producer").asText()).contains(":sha256:");
    }
    assertThat(sources).containsExactlyInAnyOrder("a.csv", "b.csv");
    assertThat(rows).isEqualTo(5);
  }

  @Test
  void flagsFilesWithoutProvenanceForASnapshot() throws Exception {
    long snapshot;
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table table = floe.tables().load("db.t");
      List<Record> rows = new ArrayList<>();
      for (long id = 1; id <= 4; id++) {
        Record r = GenericRecord.create(SCHEMA);
        r.set(0, id);
        rows.add(r);
      }
      snapshot = GenericData.append(table, "main", FileFormat.PARQUET, rows);
    }
    CliRun json =
        CliRun.floe(
            "lineage",
            "db.t",
            "--snapshot",
            Long.toString(snapshot),
            "--json",
            "-w",
            warehouse.toString());
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode table = new ObjectMapper().readTree(json.out()).get("tables").get(0);
    assertThat(table.get("exact").asBoolean()).isFalse();
    assertThat(table.get("files").get(0).get("flag").asText()).isEqualTo("no-provenance");
    assertThat(table.get("files").get(0).get("rows_in_provenance").asLong()).isZero();
    assertThat(table.get("origins").get(0).get("producer").isNull()).isTrue();
    assertThat(table.get("origins").get(0).get("rows").asLong()).isEqualTo(4);
  }
}

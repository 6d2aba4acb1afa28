package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.ResolvedTable;
import dev.floe.catalog.testing.GenericData;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** floe branch / table / tag in embedded mode, human and --json output. */
class BranchCommandTest {
  static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "label", Types.StringType.get()));
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path warehouse;

  @Test
  void createsDiffsMergesAndListsBranchesAsJson() throws Exception {
    FloeConfig config = FloeConfig.embedded(warehouse);
    try (Floe floe = Floe.open(config)) {
      append(
          floe.tables().createIfAbsent("ml.events", SCHEMA, PartitionSpec.unpartitioned()),
          "main",
          1,
          2);
    }
    String w = warehouse.toString();

    CliRun created = CliRun.floe("branch", "create", "exp-1", "-w", w, "--owner", "ada", "--json");
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(JSON.readTree(created.out()).get("owner").asText()).isEqualTo("ada");

    try (Floe floe = Floe.open(config)) {
      ResolvedTable onBranch = floe.tables().resolve("ml.events@exp-1");
      append(onBranch.table(), onBranch.ref(), 3, 4, 5);
    }

    JsonNode sized =
        JSON.readTree(CliRun.floe("branch", "list", "--sizes", "-w", w, "--json").out());
    assertThat(sized.get(0).get("diff").get("bytes_added").asLong()).isPositive();
    assertThat(CliRun.floe("branch", "list", "--sizes", "-w", w).out()).contains("BYTES");
    JsonNode diff = JSON.readTree(CliRun.floe("branch", "diff", "exp-1", "-w", w, "--json").out());
    assertThat(diff.get("rows_added").asLong()).isEqualTo(3);
    assertThat(diff.get("tables").get(0).get("table").asText()).isEqualTo("ml.events");
    assertThat(CliRun.floe("branch", "diff", "exp-1", "-w", w).out()).contains("ml.events");

    CliRun merged = CliRun.floe("branch", "merge", "exp-1", "-w", w);
    assertThat(merged.exitCode()).as(merged.err()).isZero();
    assertThat(merged.out()).contains("Merged branch exp-1 into main: 1 table(s), 3 rows");

    JsonNode list = JSON.readTree(CliRun.floe("branch", "list", "-w", w, "--json").out());
    assertThat(list.get(0).get("name").asText()).isEqualTo("exp-1");
    assertThat(list.get(0).get("last_commit_at").isNull()).isFalse();

    JsonNode tables = JSON.readTree(CliRun.floe("table", "list", "-w", w, "--json").out());
    assertThat(tables.get(0).get("rows").asLong()).isEqualTo(5);
    JsonNode history =
        JSON.readTree(CliRun.floe("table", "history", "ml.events", "-w", w, "--json").out());
    assertThat(history).hasSize(2);
    assertThat(history.get(0).get("added_rows").asLong()).isEqualTo(3);
    CliRun described = CliRun.floe("table", "describe", "ml.events", "-w", w);
    assertThat(described.out()).contains("5 rows").contains("id: required long");

    JsonNode tag =
        JSON.readTree(CliRun.floe("tag", "ml.events", "train-1", "-w", w, "--json").out());
    assertThat(tag.get("snapshot_id").asLong())
        .isEqualTo(history.get(0).get("snapshot_id").asLong());
  }

  @Test
  void mergeConflictIsAClearErrorWithExitCodeOne() {
    FloeConfig config = FloeConfig.embedded(warehouse);
    try (Floe floe = Floe.open(config)) {
      Table table =
          floe.tables().createIfAbsent("ml.events", SCHEMA, PartitionSpec.unpartitioned());
      append(table, "main", 1);
      floe.experiments().create("exp-1").commit();
      append(table, "exp-1", 2);
      append(table, "main", 3);
    }

    CliRun merged = CliRun.floe("branch", "merge", "exp-1", "-w", warehouse.toString());

    assertThat(merged.exitCode()).isEqualTo(1);
    assertThat(merged.err()).contains("Cannot merge experiment exp-1: main changed ml.events");
  }

  @Test
  void dropExpiredKeepsBranchesWithoutTtlOrTimeLeft() throws Exception {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      append(
          floe.tables().createIfAbsent("ml.events", SCHEMA, PartitionSpec.unpartitioned()),
          "main",
          1);
    }
    String w = warehouse.toString();
    CliRun created = CliRun.floe("branch", "create", "exp-ttl", "-w", w, "--ttl", "7d", "--json");
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(JSON.readTree(created.out()).get("expires_at").isNull()).isFalse();

    CliRun dropped = CliRun.floe("branch", "drop", "--expired", "-w", w);

    assertThat(dropped.out()).contains("No expired branches");
    assertThat(CliRun.floe("branch", "list", "-w", w).out()).contains("exp-ttl");
    assertThat(CliRun.floe("branch", "drop", "-w", w).exitCode()).isEqualTo(2);
  }

  static void append(Table table, String branch, long... ids) {
    List<Record> rows =
        LongStream.of(ids)
            .mapToObj(
                id -> {
                  Record row = GenericRecord.create(table.schema());
                  row.setField("id", id);
                  row.setField("label", "row-" + id);
                  return row;
                })
            .toList();
    GenericData.append(table, branch, FileFormat.PARQUET, rows);
  }
}

package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe table create} in embedded mode: every transform, the JSON it prints, every error. */
class TableCreateCommandTest {
  static final String SCHEMA_JSON =
      "{\"columns\": [{\"name\": \"id\", \"type\": \"long\", \"required\": true},"
          + " {\"name\": \"user_id\", \"type\": \"long\"},"
          + " {\"name\": \"event_ts\", \"type\": \"timestamptz\"},"
          + " {\"name\": \"label\", \"type\": \"string\"},"
          + " {\"name\": \"amount\", \"type\": \"decimal(10,2)\"},"
          + " {\"name\": \"embedding\", \"type\": \"list<float>\"}]}";

  @TempDir Path dir;
  private String warehouse;
  private Path schema;

  @BeforeEach
  void schemaFile() throws Exception {
    warehouse = dir.resolve("wh").toString();
    schema = Files.writeString(dir.resolve("schema.json"), SCHEMA_JSON);
  }

  @Test
  void createsATablePrintingItsLayoutAsJson() throws Exception {
    CliRun run =
        create(
            "demo.events",
            "--partition-by",
            "day(event_ts), bucket(user_id, 16)",
            "--sort-by",
            "user_id, event_ts desc nulls last",
            "--property",
            "owner=ml",
            "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = BranchCommandTest.JSON.readTree(run.out());
    assertThat(json.get("table").asText()).isEqualTo("demo.events");
    assertThat(json.get("format").asText()).isEqualTo("parquet");
    assertThat(json.get("location").asText()).contains("events");
    assertThat(json.get("columns").get(0).get("name").asText()).isEqualTo("id");
    assertThat(json.get("columns").get(0).get("required").asBoolean()).isTrue();
    assertThat(json.get("columns").get(5).get("type").asText()).isEqualTo("list<float>");
    JsonNode partition = json.get("partition_fields");
    assertThat(partition.get(0).get("transform").asText()).isEqualTo("day");
    assertThat(partition.get(0).get("source_column").asText()).isEqualTo("event_ts");
    assertThat(partition.get(1).get("transform").asText()).isEqualTo("bucket[16]");
    assertThat(partition.get(1).get("source_column").asText()).isEqualTo("user_id");
    JsonNode sort = json.get("sort_order");
    assertThat(sort.get(1).get("source_column").asText()).isEqualTo("event_ts");
    assertThat(sort.get(1).get("direction").asText()).isEqualTo("desc");
    assertThat(sort.get(1).get("null_order").asText()).isEqualTo("nulls_last");
    try (Floe floe = Floe.open(FloeConfig.embedded(Path.of(warehouse)))) {
      Table table = floe.tables().load("demo.events");
      assertThat(table.properties()).containsEntry("owner", "ml");
      assertThat(table.spec().fields()).hasSize(2);
      assertThat(table.sortOrder().fields()).hasSize(2);
    }
  }

  @Test
  void takesEveryTransformAndOrc() {
    CliRun run =
        create(
            "demo.all",
            "--partition-by",
            "label, year(event_ts), truncate(label, 4), bucket(16, id), void(amount)",
            "--format",
            "ORC");
    CliRun hours = create("demo.hours", "--partition-by", "hour(event_ts)");
    CliRun months = create("demo.months", "--partition-by", "month(event_ts)");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Created table demo.all (orc)")
        .contains(
            "Partitioned by  label, year(event_ts), truncate(label, 4), bucket(id, 16),"
                + " void(amount)");
    assertThat(hours.out()).contains("Partitioned by  hour(event_ts)");
    assertThat(months.out()).contains("Partitioned by  month(event_ts)");
  }

  @Test
  void takesTheColumnsOfAnArrowFile() throws Exception {
    Path arrow = IngestCreateTest.arrowFile(dir.resolve("rows.arrows"));

    CliRun run =
        CliRun.floe(
            "table",
            "create",
            "demo.a",
            "-w",
            warehouse,
            "--schema-from",
            arrow.toString(),
            "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode columns = BranchCommandTest.JSON.readTree(run.out()).get("columns");
    assertThat(columns.get(1).get("type").asText()).isEqualTo("timestamptz");
  }

  @Test
  void refusesAnExistingTableUnlessIfNotExists() {
    assertThat(create("demo.events").exitCode()).isZero();

    CliRun again = create("demo.events");
    CliRun kept = create("demo.events", "--if-not-exists");

    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err().lines().findFirst().orElse(""))
        .isEqualTo(
            "floe: Table already exists: demo.events (--if-not-exists keeps it; floe table"
                + " evolve changes it)");
    assertThat(kept.exitCode()).isZero();
    assertThat(kept.out()).contains("Kept existing table demo.events");
  }

  @Test
  void malformedSpecsAreUsageErrorsNamingTheTermOrColumn() {
    assertUsage(
        create("demo.t", "--partition-by", "dy(event_ts)"),
        "floe: Invalid --partition-by: Unknown transform 'dy' in 'dy(event_ts)'");
    assertUsage(
        create("demo.t", "--partition-by", "bucket(nope, 4)"),
        "floe: Invalid --partition-by: Unknown column 'nope' in 'bucket(nope, 4)'");
    assertUsage(
        create("demo.t", "--partition-by", "day(label)"),
        "floe: Invalid --partition-by: Cannot partition by day(label)");
    assertUsage(
        create("demo.t", "--sort-by", "label sideways"),
        "floe: Invalid --sort-by: Invalid term 'label sideways'");
    assertUsage(create("demo.t", "--format", "avro"), "floe: Invalid --format: avro");
    assertUsage(create("demo.t@dev"), "floe: Cannot create demo.t@dev: a table is created on main");
  }

  @Test
  void badSchemaFilesAreUsageErrorsNamingTheColumn() throws Exception {
    Path bad =
        Files.writeString(
            dir.resolve("bad.json"),
            "{\"columns\": [{\"name\": \"score\", \"type\": \"dubble\"}]}");

    assertUsage(
        CliRun.floe("table", "create", "demo.t", "-w", warehouse, "--schema", bad.toString()),
        "Invalid type of column score: unknown type 'dubble'");
    assertUsage(
        CliRun.floe("table", "create", "demo.t", "-w", warehouse),
        "floe: A new table needs its columns");
    assertUsage(
        create("demo.t", "--schema-from", "x.parquet"),
        "floe: Give --schema or --schema-from, not both");
  }

  private CliRun create(String table, String... more) {
    String[] args = {"table", "create", table, "-w", warehouse, "--schema", schema.toString()};
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return CliRun.floe(all);
  }

  static void assertUsage(CliRun run, String firstLine) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err().lines().findFirst().orElse("")).contains(firstLine);
    assertThat(run.err()).doesNotContain("\tat ");
  }
}

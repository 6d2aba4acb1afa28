package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe table evolve}: the safe changes in one commit, the unsafe ones refused by name. */
class TableEvolveCommandTest {
  @TempDir Path dir;
  private String warehouse;

  @BeforeEach
  void table() throws Exception {
    warehouse = dir.resolve("wh").toString();
    Path schema =
        Files.writeString(
            dir.resolve("s.json"),
            "{\"columns\": [{\"name\": \"id\", \"type\": \"long\", \"required\": true},"
                + " {\"name\": \"clicks\", \"type\": \"int\"},"
                + " {\"name\": \"score\", \"type\": \"float\"},"
                + " {\"name\": \"amount\", \"type\": \"decimal(9,2)\"},"
                + " {\"name\": \"label\", \"type\": \"string\"},"
                + " {\"name\": \"geo\", \"type\": \"struct<lat: double>\"},"
                + " {\"name\": \"event_ts\", \"type\": \"timestamptz\"}]}");
    CliRun created =
        CliRun.floe(
            "table",
            "create",
            "demo.t",
            "-w",
            warehouse,
            "--schema",
            schema.toString(),
            "--partition-by",
            "day(event_ts), label");
    assertThat(created.exitCode()).as(created.err()).isZero();
  }

  @Test
  void appliesEverySafeChangeInOneCommit() {
    long before = metadataVersion();

    CliRun run =
        evolve(
            "--add-column",
            "note string",
            "--add-column",
            "tags list<string>",
            "--add-column",
            "geo.alt float",
            "--widen",
            "clicks long",
            "--widen",
            "score double",
            "--widen",
            "amount decimal(12,2)",
            "--rename",
            "label=category",
            "--make-optional",
            "id",
            "--partition-by",
            "hour(event_ts), category",
            "--sort-by",
            "id desc",
            "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(metadataVersion()).isEqualTo(before + 1);
    try (Floe floe = open()) {
      Table table = floe.tables().load("demo.t");
      assertThat(table.schema().findType("clicks")).isEqualTo(Types.LongType.get());
      assertThat(table.schema().findType("score")).isEqualTo(Types.DoubleType.get());
      assertThat(table.schema().findType("amount")).isEqualTo(Types.DecimalType.of(12, 2));
      assertThat(table.schema().findField("category")).isNotNull();
      assertThat(table.schema().findField("note").isOptional()).isTrue();
      assertThat(table.schema().findType("tags").toString()).isEqualTo("list<string>");
      assertThat(table.schema().findField("id").isOptional()).isTrue();
      assertThat(table.schema().findType("geo.alt")).isEqualTo(Types.FloatType.get());
      // The identity field on the renamed column is kept, day becomes hour.
      assertThat(table.spec().fields())
          .extracting(f -> f.transform().toString())
          .containsExactlyInAnyOrder("identity", "hour");
      assertThat(table.sortOrder().fields().get(0).direction().toString()).isEqualTo("DESC");
    }
    assertThat(run.out()).contains("\"source_column\" : \"category\"");
  }

  @Test
  void refusesUnsafeChangesNamingColumnAndRule() {
    assertError(
        evolve("--widen", "clicks string"), "Cannot widen column clicks from int to string");
    assertError(
        evolve("--widen", "amount decimal(7,2)"),
        "Cannot widen column amount from decimal(9, 2) to decimal(7, 2)");
    assertError(evolve("--widen", "nope long"), "Cannot widen column nope: no such column");
    assertError(evolve("--add-column", "label int"), "Cannot add column label: the table has");
    assertError(evolve("--rename", "label=id"), "Cannot rename column label to id");
    assertError(evolve("--make-optional", "nope"), "Cannot make optional column nope");
    TableCreateCommandTest.assertUsage(
        evolve("--add-column", "x int", "--required"), "floe: Cannot add a required column");
    TableCreateCommandTest.assertUsage(
        CliRun.floe("table", "evolve", "demo.t@b", "-w", warehouse, "--add-column", "x int"),
        "floe: Cannot evolve demo.t@b: a schema is table-wide");
    TableCreateCommandTest.assertUsage(
        evolve("--partition-by", "bucket(label)"), "floe: Invalid --partition-by:");
    TableCreateCommandTest.assertUsage(evolve("--add-column", "x"), "floe: Invalid --add-column");
    TableCreateCommandTest.assertUsage(evolve(), "floe: Nothing to change");
  }

  @Test
  void aRefusedChangeLeavesTheTableAsItWas() {
    long before = metadataVersion();

    CliRun run = evolve("--add-column", "ok string", "--widen", "clicks string");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(metadataVersion()).isEqualTo(before);
    try (Floe floe = open()) {
      assertThat(floe.tables().load("demo.t").schema().findField("ok")).isNull();
    }
  }

  private void assertError(CliRun run, String message) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err().lines().findFirst().orElse("")).startsWith("floe: ").contains(message);
  }

  private long metadataVersion() {
    try (Floe floe = open()) {
      return ((org.apache.iceberg.HasTableOperations) floe.tables().load("demo.t"))
          .operations()
          .current()
          .previousFiles()
          .size();
    }
  }

  private Floe open() {
    return Floe.open(FloeConfig.embedded(Path.of(warehouse)));
  }

  private CliRun evolve(String... more) {
    String[] args = {"table", "evolve", "demo.t", "-w", warehouse};
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return CliRun.floe(all);
  }
}

package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe ingest --create}: the table from the input's own columns, or from --schema. */
class IngestCreateTest {
  @TempDir Path dir;

  @Test
  void createsThePartitionedTableFromArrowInputThenAppends() throws Exception {
    String warehouse = dir.resolve("wh").toString();
    Path input = arrowFile(dir.resolve("rows.arrows"));

    CliRun run =
        CliRun.floe(
            "ingest",
            "--table",
            "demo.events",
            "-w",
            warehouse,
            "--create",
            "--partition-by",
            "day(event_ts), bucket(id, 4)",
            "--sort-by",
            "id",
            input.toString());
    CliRun again =
        CliRun.floe(
            "ingest", "--table", "demo.events", "-w", warehouse, "--create", input.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Ingested 3 rows");
    assertThat(again.exitCode()).as(again.err()).isZero();
    try (Floe floe = Floe.open(FloeConfig.embedded(Path.of(warehouse)))) {
      Table table = floe.tables().load("demo.events");
      assertThat(table.schema().findType("event_ts")).isEqualTo(Types.TimestampType.withZone());
      assertThat(table.spec().fields())
          .extracting(f -> f.transform().toString())
          .containsExactly("day", "bucket[4]");
      assertThat(table.sortOrder().fields()).hasSize(1);
      assertThat(table.currentSnapshot().summary().get("total-records")).isEqualTo("3");
    }
  }

  @Test
  void textInputNeedsAnExplicitSchema() throws Exception {
    String warehouse = dir.resolve("wh").toString();
    Path jsonl = Files.writeString(dir.resolve("a.jsonl"), "{\"id\": 1, \"label\": \"x\"}\n");
    Path schema =
        Files.writeString(
            dir.resolve("s.json"),
            "{\"columns\": [{\"name\": \"id\", \"type\": \"long\", \"required\": true},"
                + " {\"name\": \"label\", \"type\": \"string\"}]}");

    CliRun refused =
        CliRun.floe("ingest", "--table", "demo.t", "-w", warehouse, "--create", jsonl.toString());
    CliRun created =
        CliRun.floe(
            "ingest",
            "--table",
            "demo.t",
            "-w",
            warehouse,
            "--create",
            "--schema",
            schema.toString(),
            jsonl.toString());

    TableCreateCommandTest.assertUsage(
        refused, "floe: Cannot infer column types from " + jsonl + ": CSV and JSON lines");
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.out()).contains("Ingested 1 rows");
  }

  @Test
  void tableOptionsWithoutCreateAreAUsageError() throws Exception {
    Path jsonl = Files.writeString(dir.resolve("a.jsonl"), "{\"id\": 1}\n");

    TableCreateCommandTest.assertUsage(
        CliRun.floe(
            "ingest",
            "--table",
            "demo.t",
            "-w",
            dir.resolve("wh").toString(),
            "--partition-by",
            "id",
            jsonl.toString()),
        "need --create");
  }

  /** An Arrow IPC stream of 3 rows: id (long, not null) and event_ts (timestamptz). */
  static Path arrowFile(Path file) throws IOException {
    org.apache.arrow.vector.types.pojo.Schema schema =
        new org.apache.arrow.vector.types.pojo.Schema(
            List.of(
                Field.notNullable("id", new ArrowType.Int(64, true)),
                Field.nullable("event_ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"))));
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        OutputStream out = Files.newOutputStream(file);
        ArrowStreamWriter writer = new ArrowStreamWriter(root, null, out)) {
      writer.start();
      root.allocateNew();
      for (int row = 0; row < 3; row++) {
        ((BigIntVector) root.getVector("id")).setSafe(row, row);
        ((TimeStampMicroTZVector) root.getVector("event_ts"))
            .setSafe(row, 1_793_000_000_000_000L + row * 86_400_000_000L);
      }
      root.setRowCount(3);
      writer.writeBatch();
      writer.end();
    }
    return file;
  }
}

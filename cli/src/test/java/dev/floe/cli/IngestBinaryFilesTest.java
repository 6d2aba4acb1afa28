package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.GenericData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe ingest} of Parquet and Arrow IPC files, as other tools write them. */
class IngestBinaryFilesTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "name", Types.StringType.get()),
          Types.NestedField.optional(3, "score", Types.DoubleType.get()),
          Types.NestedField.optional(4, "ts", Types.TimestampType.withZone()),
          Types.NestedField.optional(
              5, "embedding", Types.ListType.ofOptional(6, Types.FloatType.get())));

  /** No field ids: what pyarrow, pandas or Spark write by default. */
  private static final MessageType PARQUET =
      MessageTypeParser.parseMessageType(
          "message row {"
              + " required int64 id;"
              + " optional binary name (STRING);"
              + " optional double score;"
              + " optional int64 ts (TIMESTAMP(MICROS,true));"
              + " optional group embedding (LIST) { repeated group list { optional float element; } }"
              + "}");

  private static final OffsetDateTime TS =
      OffsetDateTime.of(2026, 11, 1, 8, 0, 0, 0, ZoneOffset.UTC);

  @TempDir Path dir;
  private String warehouse;
  private BufferAllocator allocator;

  @BeforeEach
  void createTable() {
    warehouse = dir.resolve("wh").toString();
    try (Floe floe = Floe.open(FloeConfig.embedded(Path.of(warehouse)))) {
      floe.tables().createIfAbsent("db.t", SCHEMA, PartitionSpec.unpartitioned());
    }
    allocator = new RootAllocator();
  }

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  @Test
  void ingestsParquetInBatchesOnceEvenWhenRunTwice() throws IOException {
    Path file = parquet("events.parquet", 0, 5);

    CliRun first = ingest(file.toString(), "--batch-rows", "2");
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).contains("Ingested 5 rows from 1 file(s) into db.t in 3 batch(es)");
    assertRows(read(), 0, 5);

    CliRun again = ingest(file.toString(), "--batch-rows", "2");
    assertThat(again.out()).contains("Ingested 0 rows", "(3 already committed)");
  }

  @Test
  void ingestsArrowIpcFilesAndStreams() throws IOException {
    Path file = arrow("a.arrow", true, 0);
    Path stream = arrow("b.arrows", false, 10);
    Path ipc = arrow("c.ipc", false, 20); // a stream, told apart from a file by its magic bytes

    CliRun run = ingest(file.toString(), stream.toString(), ipc.toString(), "--batch-rows", "2");
    assertThat(run.exitCode()).as(run.err()).isZero();
    // Each file: record batches of 3 and 2 rows, the first sliced in two: 3 batches.
    assertThat(run.out()).contains("Ingested 15 rows from 3 file(s) into db.t in 9 batch(es)");
    List<Record> rows = read();
    assertThat(GenericData.ids(rows))
        .containsExactlyInAnyOrder(
            0L, 1L, 2L, 3L, 4L, 10L, 11L, 12L, 13L, 14L, 20L, 21L, 22L, 23L, 24L);
    assertRows(rows.stream().filter(r -> (Long) r.getField("id") < 5).toList(), 0, 5);
  }

  @Test
  void inputFormatOptionOverridesTheExtension() throws IOException {
    Path file = parquet("events.data", 0, 3);
    CliRun run = ingest(file.toString(), "--input-format", "parquet");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertRows(read(), 0, 3);
  }

  @Test
  void badParquetAndArrowFilesReportFileRowAndWhatIsWrong() throws IOException {
    MessageType textScore =
        MessageTypeParser.parseMessageType(
            "message row { required int64 id; optional binary score (STRING); }");
    Path bad = dir.resolve("bad.parquet");
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new LocalOutputFile(bad)).withType(textScore).build()) {
      SimpleGroupFactory groups = new SimpleGroupFactory(textScore);
      writer.write(groups.newGroup().append("id", 1L).append("score", "1.5"));
      writer.write(groups.newGroup().append("id", 2L).append("score", "2.5"));
      writer.write(groups.newGroup().append("id", 3L).append("score", "abc"));
    }
    CliRun run = ingest(bad.toString(), "--batch-rows", "2");
    assertThat(run.exitCode()).isOne();
    assertThat(run.err())
        .contains(bad + ": row 2: column 'score' cannot convert abc (java.lang.String) to double");

    Path notParquet = dir.resolve("text.parquet");
    Files.writeString(notParquet, "id,name\n1,a\n");
    assertThat(ingest(notParquet.toString()).err())
        .contains(notParquet + ": not a readable Parquet file");

    Path notArrow = dir.resolve("text.arrows");
    Files.writeString(notArrow, "id,name\n1,a\n");
    assertThat(ingest(notArrow.toString()).err())
        .contains(notArrow + ": not a readable Arrow IPC stream");
  }

  private Path parquet(String name, long firstId, int count) throws IOException {
    Path file = dir.resolve(name);
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(PARQUET).build()) {
      SimpleGroupFactory groups = new SimpleGroupFactory(PARQUET);
      for (long id = firstId; id < firstId + count; id++) {
        Group row = groups.newGroup().append("id", id).append("score", id * 1.5);
        if (id % 2 == 0) {
          row.append("name", "name-" + id);
        }
        row.append("ts", micros(TS.plusHours(id)));
        Group list = row.addGroup("embedding");
        for (float value : embedding(id)) {
          list.addGroup("list").append("element", value);
        }
        writer.write(row);
      }
    }
    return file;
  }

  /** Two record batches, of 3 and 2 rows, with ids from {@code firstId}. */
  private Path arrow(String name, boolean fileFormat, long firstId) throws IOException {
    Path file = dir.resolve(name);
    Field embedding =
        new Field(
            "embedding",
            FieldType.nullable(ArrowType.List.INSTANCE),
            List.of(
                Field.nullable(
                    "element", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))));
    org.apache.arrow.vector.types.pojo.Schema schema =
        new org.apache.arrow.vector.types.pojo.Schema(
            List.of(
                Field.notNullable("id", new ArrowType.Int(64, true)),
                Field.nullable("name", ArrowType.Utf8.INSTANCE),
                Field.nullable("score", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                Field.nullable("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
                embedding));
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        OutputStream out = Files.newOutputStream(file);
        ArrowWriter writer =
            fileFormat
                ? new ArrowFileWriter(root, null, java.nio.channels.Channels.newChannel(out))
                : new ArrowStreamWriter(root, null, out)) {
      writer.start();
      long id = firstId;
      for (int size : new int[] {3, 2}) {
        root.allocateNew();
        ListVector lists = (ListVector) root.getVector("embedding");
        for (int row = 0; row < size; row++, id++) {
          ((BigIntVector) root.getVector("id")).setSafe(row, id);
          if (id % 2 == 0) {
            ((VarCharVector) root.getVector("name"))
                .setSafe(row, ("name-" + id).getBytes(StandardCharsets.UTF_8));
          }
          ((Float8Vector) root.getVector("score")).setSafe(row, id * 1.5);
          ((TimeStampMicroTZVector) root.getVector("ts")).setSafe(row, micros(TS.plusHours(id)));
          int start = lists.startNewValue(row);
          List<Float> values = embedding(id);
          for (int i = 0; i < values.size(); i++) {
            ((Float4Vector) lists.getDataVector()).setSafe(start + i, values.get(i));
          }
          lists.endValue(row, values.size());
        }
        root.setRowCount(size);
        writer.writeBatch();
      }
      writer.end();
    }
    return file;
  }

  private static List<Float> embedding(long id) {
    return List.of((float) id, 0.5f, -1.25f);
  }

  private static long micros(OffsetDateTime ts) {
    return ts.toInstant().getEpochSecond() * 1_000_000L;
  }

  /**
   * Rows with ids {@code firstId..firstId+count-1}, as {@link #parquet} and {@link #arrow} write.
   */
  private static void assertRows(List<Record> rows, long firstId, int count) {
    List<Record> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing(r -> (Long) r.getField("id")));
    assertThat(sorted).hasSize(count);
    for (int i = 0; i < count; i++) {
      Record row = sorted.get(i);
      long id = firstId + i;
      assertThat(row.getField("id")).isEqualTo(id);
      assertThat(row.getField("name")).isEqualTo(id % 2 == 0 ? "name-" + id : null);
      assertThat(row.getField("score")).isEqualTo(id * 1.5);
      assertThat(row.getField("ts")).isEqualTo(TS.plusHours(id));
      assertThat(row.getField("embedding")).isEqualTo(embedding(id));
    }
  }

  private CliRun ingest(String... args) {
    List<String> all = new ArrayList<>(List.of("ingest", "-w", warehouse, "--table", "db.t"));
    all.addAll(List.of(args));
    return CliRun.floe(all.toArray(new String[0]));
  }

  private List<Record> read() {
    try (Floe floe = Floe.open(FloeConfig.embedded(Path.of(warehouse)))) {
      Table table = floe.tables().load("db.t");
      return table.currentSnapshot() == null ? List.of() : GenericData.read(table, "main");
    }
  }
}

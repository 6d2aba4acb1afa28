package dev.floe.ingest.files;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.ingest.ArrowInput;
import dev.floe.ingest.Batch;
import dev.floe.ingest.DeadLetter;
import dev.floe.ingest.TableWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text of every column type map rows convert, read straight into Arrow columns ({@link ArrowInput})
 * and, for the same file, as map rows: the two tables hold the same values, and a batch with a
 * value either path refuses is the very map rows read without Arrow, so its errors and dead letters
 * are the map-row path's. Random values from {@link TextValues}, fixed seeds.
 */
class ArrowTextTypesTest {
  static final Schema TABLE =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "ok", Types.BooleanType.get()),
          optional(3, "n", Types.IntegerType.get()),
          optional(4, "big", Types.LongType.get()),
          optional(5, "f", Types.FloatType.get()),
          optional(6, "d", Types.DoubleType.get()),
          optional(7, "price", Types.DecimalType.of(9, 2)),
          optional(8, "wide", Types.DecimalType.of(38, 10)),
          optional(9, "day", Types.DateType.get()),
          optional(10, "at_time", Types.TimeType.get()),
          optional(11, "at", Types.TimestampType.withZone()),
          optional(12, "local", Types.TimestampType.withoutZone()),
          optional(13, "word", Types.StringType.get()),
          optional(14, "uid", Types.UUIDType.get()),
          optional(15, "bin", Types.BinaryType.get()),
          optional(16, "fx", Types.FixedType.ofLength(4)),
          optional(17, "tags", Types.ListType.ofRequired(18, Types.StringType.get())),
          optional(19, "vec", Types.ListType.ofOptional(20, Types.FloatType.get())),
          optional(
              21,
              "point",
              Types.StructType.of(
                  required(22, "x", Types.DoubleType.get()),
                  optional(23, "name", Types.StringType.get()),
                  optional(24, "cost", Types.DecimalType.of(5, 1)))),
          optional(
              25,
              "counts",
              Types.MapType.ofRequired(26, 27, Types.StringType.get(), Types.LongType.get())),
          optional(
              28,
              "spans",
              Types.ListType.ofOptional(
                  29,
                  Types.StructType.of(
                      optional(30, "from", Types.TimeType.get()),
                      optional(
                          31,
                          "ids",
                          Types.MapType.ofOptional(
                              32, 33, Types.IntegerType.get(), Types.UUIDType.get()))))));

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  @TempDir Path dir;

  @Test
  void randomCsvOfEveryTextTypeLandsAsItsMapRowsDo() throws IOException {
    for (long seed = 1; seed <= 3; seed++) {
      Path file =
          Files.writeString(dir.resolve(seed + ".csv"), TextValues.csv(new Random(seed), 300));
      assertSameTables(file, "csv_" + seed, 300);
    }
  }

  @Test
  void randomJsonLinesOfEveryTypeNestedOnesIncludedLandAsTheirMapRowsDo() throws IOException {
    for (long seed = 1; seed <= 3; seed++) {
      Path file =
          Files.writeString(
              dir.resolve(seed + ".jsonl"), TextValues.jsonLines(new Random(seed), 300));
      assertSameTables(file, "json_" + seed, 300);
    }
  }

  @Test
  void aValueEitherPathRefusesSendsItsBatchAsTheSameMapRows() throws IOException {
    List<String> bad =
        List.of(
            "\"price\": 1.234", // three decimals for a scale of 2: refused, never rounded
            "\"price\": 12345678.9", // 10 digits for a precision of 9
            "\"uid\": \"not-a-uuid\"",
            "\"at_time\": \"25:00\"",
            "\"bin\": \"aGVsbG8=\"", // text is no binary value for map rows either
            "\"fx\": \"abcd\"",
            "\"tags\": [\"a\", null]", // required elements
            "\"counts\": {\"a\": null}", // required map values
            "\"point\": {\"name\": \"no x\"}", // required struct field
            "\"point\": {\"x\": 1, \"colour\": \"red\"}", // not a field of the struct
            "\"spans\": [{\"ids\": {\"x\": \"" + java.util.UUID.randomUUID() + "\"}}]",
            "\"vec\": \"1,2\"", // text for a list
            "\"wide\": 1e400");
    BufferAllocator allocator = temp.resource(BufferAllocator.class);
    for (int i = 0; i < bad.size(); i++) {
      Path file =
          Files.writeString(
              dir.resolve("bad" + i + ".jsonl"),
              "{\"id\": 1, \"price\": 1.5}\n{\"id\": 2, " + bad.get(i) + "}\n");
      try (RowBatches rows = InputFiles.open(file, arrow(allocator));
          RowBatches plain = InputFiles.open(file, InputOptions.defaults())) {
        Batch batch = rows.next(0, 10);
        assertThat(allocator.getAllocatedMemory()).as(bad.get(i)).isZero();
        assertThat(batch.rows()).as(bad.get(i)).isEqualTo(plain.next(0, 10).rows());
      }
    }
  }

  @Test
  void badRowsBecomeTheSameDeadLettersAndGoodBatchesTheSameRows() throws IOException {
    StringBuilder text = new StringBuilder(TextValues.jsonLines(new Random(9), 100));
    text.append("{\"id\": 1000, \"price\": 1.234}\n{\"id\": 1001, \"counts\": {\"a\": null}}\n");
    text.append(TextValues.jsonLines(new Random(10), 100).replace("\"id\": ", "\"id\": 2"));
    Path file = Files.writeString(dir.resolve("mixed.jsonl"), text);
    Table arrowLetters = letters("arrow_letters");
    Table plainLetters = letters("plain_letters");
    Table viaArrow = write(file, "dead_arrow", true, arrowLetters);
    Table viaRows = write(file, "dead_rows", false, plainLetters);
    assertThat(normal(GenericData.read(viaArrow, "main")))
        .hasSize(200)
        .isEqualTo(normal(GenericData.read(viaRows, "main")));
    assertThat(normal(GenericData.read(arrowLetters, "main")))
        .hasSize(2)
        .isEqualTo(normal(GenericData.read(plainLetters, "main")));
  }

  private void assertSameTables(Path file, String name, int rows) {
    Table viaArrow = write(file, name + "_arrow", true, null);
    Table viaRows = write(file, name + "_rows", false, null);
    List<String> arrowRows = normal(GenericData.read(viaArrow, "main"));
    assertThat(arrowRows).hasSize(rows).isEqualTo(normal(GenericData.read(viaRows, "main")));
  }

  /** Appends {@code file} batch by batch, checking that each batch came as Arrow when asked. */
  private Table write(Path file, String name, boolean arrow, Table deadLetters) {
    Table table =
        temp.floe()
            .tables()
            .createIfAbsent(
                "ml." + name, TABLE, PartitionSpec.builderFor(TABLE).bucket("id", 2).build());
    BufferAllocator allocator = temp.resource(BufferAllocator.class);
    InputOptions options = arrow ? arrow(allocator) : InputOptions.defaults();
    TableWriter.Builder builder = TableWriter.forTable(table).producerId("p").allocator(allocator);
    if (deadLetters != null) {
      builder.deadLetter(DeadLetter.table(deadLetters));
    }
    int arrowBatches = 0;
    try (RowBatches rows = InputFiles.open(file, options);
        TableWriter writer = builder.build()) {
      for (long sequence = 0; ; sequence++) {
        long before = allocator.getAllocatedMemory();
        Batch batch = rows.next(sequence, 100);
        if (batch == null) {
          break;
        }
        arrowBatches += allocator.getAllocatedMemory() > before ? 1 : 0;
        try {
          writer.append(batch);
        } finally {
          ArrowInput.release(batch);
        }
      }
    }
    if (arrow) {
      // Every batch of good rows comes as Arrow (the mixed file's one with bad rows does not).
      assertThat(arrowBatches).as("batches read as Arrow").isEqualTo(deadLetters == null ? 3 : 2);
    }
    return table;
  }

  private static InputOptions arrow(BufferAllocator allocator) {
    return InputOptions.defaults()
        .withAllocator(allocator)
        .withArrowInput(ArrowInput.forTable(TABLE, Map.of()));
  }

  private Table letters(String name) {
    return temp.floe()
        .tables()
        .createIfAbsent("ml." + name, DeadLetter.SCHEMA, PartitionSpec.unpartitioned());
  }

  /** Rows as text, in a fixed order; binary values by their bytes. */
  private static List<String> normal(List<Record> records) {
    return records.stream().map(TextValues::describe).sorted(Comparator.naturalOrder()).toList();
  }
}

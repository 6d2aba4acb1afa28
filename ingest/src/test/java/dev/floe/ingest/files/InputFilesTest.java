package dev.floe.ingest.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.ingest.Batch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.InternalData;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every input format read through {@link InputFiles}, as a Java batch job would, without the CLI.
 */
class InputFilesTest {
  @TempDir Path dir;
  private final BufferAllocator allocator = new RootAllocator();
  // Of the Parquet file; the Arrow files have the same columns.
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "label", Types.StringType.get()));

  @AfterEach
  void closeAllocator() {
    allocator.close(); // also a leak check of the Arrow readers
  }

  @Test
  void readsCsvWithItsDelimiterInBatchesAndNamesTheLineOfARow() throws IOException {
    Path file = Files.writeString(dir.resolve("rows.csv"), "id;label\n1;a\n\n2;\n3;c\n");
    InputOptions options = InputOptions.defaults().withDelimiter(';');

    try (RowBatches rows = InputFiles.open(file, options)) {
      Batch first = rows.next(0, 2);
      assertThat(first.sequence()).isZero();
      assertThat(first.producerId()).isNull();
      assertThat(first.rows())
          .containsExactly(row("id", "1", "label", "a"), row("id", "2", "label", null));
      assertThat(rows.at(1, "bad value")).hasMessage(file + ":4: bad value");
      assertThat(rows.next(1, 2).rows()).containsExactly(row("id", "3", "label", "c"));
      assertThat(rows.next(2, 2)).isNull();
    }
  }

  @Test
  void readsJsonLinesByExtensionAndRefusesATextThatIsNotAnObject() throws IOException {
    Path file =
        Files.writeString(dir.resolve("rows.jsonl"), "{\"id\": 1, \"label\": \"a\"}\n\nnope\n");

    try (RowBatches rows = InputFiles.open(file, InputOptions.defaults())) {
      assertThat(rows.next(0, 1).rows()).containsExactly(row("id", 1, "label", "a"));
      assertThatThrownBy(() -> rows.next(1, 1))
          .isInstanceOf(BadInputException.class)
          .hasMessageStartingWith(file + ":3: not a JSON object");
    }
  }

  @Test
  void csvKeepsSpacesAndTellsAQuotedEmptyStringFromAnEmptyValue() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("rows.csv"),
            "id, label\n 1 ,\"\"\n  \n2,\n3, a b \n4,\" \"\n5,  \"x \"\"y\"\"\" \n");

    try (RowBatches rows = InputFiles.open(file, InputOptions.defaults())) {
      assertThat(rows.next(0, 10).rows())
          .containsExactly(
              row("id", " 1 ", "label", ""),
              row("id", "2", "label", null),
              row("id", "3", "label", " a b "),
              row("id", "4", "label", " "),
              row("id", "5", "label", "x \"y\""));
    }
  }

  @Test
  void jsonKeepsTheSignOfNegativeZeroAndExactFractionsAndNesting() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("rows.jsonl"),
            "{\"id\": 1, \"x\": -0.0, \"y\": 0.10000000000000000001, \"v\": [-0.0, 2],"
                + " \"s\": {\"m\": null}}\n");

    try (RowBatches rows = InputFiles.open(file, InputOptions.defaults())) {
      Map<String, Object> row = rows.next(0, 1).rows().get(0);
      assertThat(row.get("x")).isInstanceOf(Double.class);
      assertThat(Double.compare((Double) row.get("x"), 0.0)).isNegative(); // -0.0, not 0.0
      assertThat(row.get("y")).isEqualTo(new java.math.BigDecimal("0.10000000000000000001"));
      assertThat((List<?>) row.get("v")).hasSize(2).last().isEqualTo(2);
      assertThat(Double.compare((Double) ((List<?>) row.get("v")).get(0), 0.0)).isNegative();
      assertThat(row.get("s")).isEqualTo(java.util.Collections.singletonMap("m", null));
    }
  }

  @Test
  void jsonRefusesTrailingTokensAndKeysGivenTwice() throws IOException {
    Path file =
        Files.writeString(dir.resolve("rows.jsonl"), "{\"id\": 1} {}\n{\"id\": 1, \"id\": 2}\n");

    try (RowBatches rows = InputFiles.open(file, InputOptions.defaults())) {
      assertThatThrownBy(() -> rows.next(0, 1))
          .hasMessageStartingWith(file + ":1: not a JSON object: Trailing token");
      assertThatThrownBy(() -> rows.next(0, 1))
          .hasMessage(
              file + ":2: column 'id' is given twice in one object: refusing to keep either value");
    }
  }

  @Test
  void readsParquetRowsByColumnName() throws IOException {
    Path file = dir.resolve("rows.parquet");
    try (FileAppender<Record> out =
        InternalData.write(FileFormat.PARQUET, org.apache.iceberg.Files.localOutput(file.toFile()))
            .schema(SCHEMA)
            .build()) {
      out.addAll(records(3));
    }

    try (RowBatches rows = InputFiles.open(file, InputOptions.defaults())) {
      assertThat(rows.next(0, 2).rows())
          .containsExactly(row("id", 0L, "label", "l0"), row("id", 1L, "label", "l1"));
      Batch last = rows.next(1, 2);
      assertThat(last.rows()).containsExactly(row("id", 2L, "label", "l2"));
      assertThat(rows.at(0, "row 0 bad")).hasMessage(file + ": row 2: bad");
      assertThat(rows.next(2, 2)).isNull();
    }
  }

  @Test
  void readsArrowFilesAndStreamsInSlicesOfTheBatchSize() throws IOException {
    Path file = dir.resolve("rows.arrow");
    Path stream = dir.resolve("rows.arrows");
    try (VectorSchemaRoot root = root(3)) {
      write(file, root, true);
      write(stream, root, false);
    }
    InputOptions options = InputOptions.defaults().withAllocator(allocator);

    for (Path input : List.of(file, stream)) {
      try (RowBatches rows = InputFiles.open(input, options)) {
        assertThat(rows.next(0, 2).rows())
            .containsExactly(row("id", 0L, "label", "l0"), row("id", 1L, "label", "l1"));
        assertThat(rows.next(1, 2).rows()).containsExactly(row("id", 2L, "label", "l2"));
        assertThat(rows.next(2, 2)).isNull();
      }
    }
  }

  @Test
  void refusesAnUnknownFormatAndArrowWithoutAnAllocator() throws IOException {
    Path file = Files.writeString(dir.resolve("rows.txt"), "id\n1\n");
    Path arrow = Files.writeString(dir.resolve("rows.arrows"), "text");

    assertThatThrownBy(() -> InputFiles.open(file, InputOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(file + ": unknown file type");
    assertThatThrownBy(() -> InputFiles.open(file, InputOptions.defaults().withFormat("xml")))
        .hasMessage(file + ": unknown input format xml (use " + InputFiles.FORMATS + ")");
    assertThatThrownBy(() -> InputFiles.open(arrow, InputOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read Arrow input " + arrow + ": no allocator given");
  }

  private static Map<String, Object> row(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> row = new java.util.LinkedHashMap<>();
    row.put(k1, v1);
    row.put(k2, v2); // an empty CSV value is a null, kept in the row
    return row;
  }

  private static List<Record> records(int count) {
    List<Record> records = new ArrayList<>();
    for (long id = 0; id < count; id++) {
      Record record = GenericRecord.create(SCHEMA);
      record.setField("id", id);
      record.setField("label", "l" + id);
      records.add(record);
    }
    return records;
  }

  private VectorSchemaRoot root(int count) {
    BigIntVector ids = new BigIntVector("id", allocator);
    VarCharVector labels = new VarCharVector("label", allocator);
    for (int i = 0; i < count; i++) {
      ids.setSafe(i, i);
      labels.setSafe(i, ("l" + i).getBytes(StandardCharsets.UTF_8));
    }
    VectorSchemaRoot root = VectorSchemaRoot.of(ids, labels);
    root.setRowCount(count);
    return root;
  }

  private static void write(Path path, VectorSchemaRoot root, boolean fileFormat)
      throws IOException {
    try (OutputStream out = Files.newOutputStream(path);
        ArrowWriter writer =
            fileFormat
                ? new ArrowFileWriter(root, null, Channels.newChannel(out))
                : new ArrowStreamWriter(root, null, out)) {
      writer.start();
      writer.writeBatch();
      writer.end();
    }
  }
}

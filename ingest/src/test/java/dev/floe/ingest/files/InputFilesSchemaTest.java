package dev.floe.ingest.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
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

/** {@link InputFiles#schemaOf}: the columns a table is created with from an input file. */
class InputFilesSchemaTest {
  @TempDir Path dir;
  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void closeAllocator() {
    allocator.close(); // the schema read closes its reader
  }

  @Test
  void readsTheColumnsOfAParquetFooter() throws IOException {
    Schema schema =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "ts", Types.TimestampType.withZone()),
            Types.NestedField.optional(
                3, "v", Types.ListType.ofOptional(4, Types.FloatType.get())));
    Path file = dir.resolve("rows.parquet");
    try (FileAppender<Record> appender =
        InternalData.write(FileFormat.PARQUET, org.apache.iceberg.Files.localOutput(file.toFile()))
            .schema(schema)
            .build()) {
      Record row = GenericRecord.create(schema);
      row.setField("id", 1L);
      appender.add(row);
    }

    assertThat(InputFiles.schemaOf(file, InputOptions.defaults()).sameSchema(schema)).isTrue();
  }

  @Test
  void convertsArrowTypesOfFilesAndStreams() throws IOException {
    org.apache.arrow.vector.types.pojo.Schema arrow =
        new org.apache.arrow.vector.types.pojo.Schema(
            List.of(
                Field.notNullable("id", new ArrowType.Int(64, true)),
                Field.nullable("small", new ArrowType.Int(16, true)),
                Field.nullable("unsigned", new ArrowType.Int(32, false)),
                Field.nullable("f", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                Field.nullable("d", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                Field.nullable("s", ArrowType.Utf8.INSTANCE),
                Field.nullable("b", ArrowType.Binary.INSTANCE),
                Field.nullable("ok", ArrowType.Bool.INSTANCE),
                Field.nullable("day", new ArrowType.Date(DateUnit.DAY)),
                Field.nullable("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
                Field.nullable("local", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
                Field.nullable("amount", new ArrowType.Decimal(10, 2, 128)),
                new Field(
                    "v",
                    FieldType.nullable(ArrowType.List.INSTANCE),
                    List.of(
                        Field.nullable(
                            "element",
                            new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)))),
                new Field(
                    "geo",
                    FieldType.nullable(ArrowType.Struct.INSTANCE),
                    List.of(
                        Field.nullable(
                            "lat", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))))));
    Schema expected =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "small", Types.IntegerType.get()),
            Types.NestedField.optional(3, "unsigned", Types.LongType.get()),
            Types.NestedField.optional(4, "f", Types.FloatType.get()),
            Types.NestedField.optional(5, "d", Types.DoubleType.get()),
            Types.NestedField.optional(6, "s", Types.StringType.get()),
            Types.NestedField.optional(7, "b", Types.BinaryType.get()),
            Types.NestedField.optional(8, "ok", Types.BooleanType.get()),
            Types.NestedField.optional(9, "day", Types.DateType.get()),
            Types.NestedField.optional(10, "ts", Types.TimestampType.withZone()),
            Types.NestedField.optional(11, "local", Types.TimestampType.withoutZone()),
            Types.NestedField.optional(12, "amount", Types.DecimalType.of(10, 2)),
            Types.NestedField.optional(
                13, "v", Types.ListType.ofOptional(14, Types.FloatType.get())),
            Types.NestedField.optional(
                15,
                "geo",
                Types.StructType.of(
                    Types.NestedField.optional(16, "lat", Types.DoubleType.get()))));
    InputOptions options = InputOptions.defaults().withAllocator(allocator);

    for (boolean fileFormat : new boolean[] {true, false}) {
      Path file = dir.resolve(fileFormat ? "rows.arrow" : "rows.arrows");
      write(file, arrow, fileFormat);
      assertThat(InputFiles.schemaOf(file, options).asStruct())
          .as(file.toString())
          .isEqualTo(expected.asStruct());
    }
  }

  @Test
  void refusesTextInputWhoseValuesDoNotSayTheirTypes() throws IOException {
    Path csv = Files.writeString(dir.resolve("rows.csv"), "id\n1\n");

    assertThatThrownBy(() -> InputFiles.schemaOf(csv, InputOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("rows.csv: cannot infer column types from csv input");
  }

  private void write(Path path, org.apache.arrow.vector.types.pojo.Schema schema, boolean file)
      throws IOException {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        OutputStream out = Files.newOutputStream(path);
        ArrowWriter writer =
            file
                ? new ArrowFileWriter(root, null, Channels.newChannel(out))
                : new ArrowStreamWriter(root, null, out)) {
      writer.start();
      writer.end();
    }
  }
}

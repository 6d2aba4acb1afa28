package dev.floe.ingest;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/** Arrow roots for the ingest tests: a column of every type Floe takes, and its table schema. */
final class ArrowRoots {
  static final Schema ALL_TYPES =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "count", Types.IntegerType.get()),
          Types.NestedField.optional(3, "ok", Types.BooleanType.get()),
          Types.NestedField.optional(4, "score", Types.FloatType.get()),
          Types.NestedField.optional(5, "amount", Types.DoubleType.get()),
          Types.NestedField.optional(6, "label", Types.StringType.get()),
          Types.NestedField.optional(7, "payload", Types.BinaryType.get()),
          Types.NestedField.optional(8, "day", Types.DateType.get()),
          Types.NestedField.optional(9, "event_ts", Types.TimestampType.withZone()),
          Types.NestedField.optional(10, "local_ts", Types.TimestampType.withoutZone()),
          Types.NestedField.optional(11, "price", Types.DecimalType.of(10, 2)),
          Types.NestedField.optional(
              12, "embedding", Types.ListType.ofOptional(13, Types.FloatType.get())),
          Types.NestedField.optional(
              14,
              "device",
              Types.StructType.of(
                  Types.NestedField.optional(15, "os", Types.StringType.get()),
                  Types.NestedField.optional(16, "version", Types.IntegerType.get()))),
          Types.NestedField.optional(
              17,
              "attrs",
              Types.MapType.ofOptional(18, 19, Types.StringType.get(), Types.LongType.get())));

  static final OffsetDateTime TS = OffsetDateTime.of(2026, 11, 1, 8, 30, 0, 0, ZoneOffset.UTC);

  private ArrowRoots() {}

  static ArrowType floatType() {
    return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
  }

  /** A root of {@code count} rows with a column of every supported type; row 1 has some nulls. */
  static VectorSchemaRoot allTypes(BufferAllocator allocator, int count) {
    Field list =
        new Field(
            "embedding",
            FieldType.nullable(ArrowType.List.INSTANCE),
            List.of(Field.nullable("element", floatType())));
    Field device =
        new Field(
            "device",
            FieldType.nullable(ArrowType.Struct.INSTANCE),
            List.of(
                Field.nullable("os", ArrowType.Utf8.INSTANCE),
                Field.nullable("version", new ArrowType.Int(32, true))));
    Field attrs =
        new Field(
            "attrs",
            FieldType.nullable(new ArrowType.Map(false)),
            List.of(
                new Field(
                    MapVector.DATA_VECTOR_NAME,
                    FieldType.notNullable(ArrowType.Struct.INSTANCE),
                    List.of(
                        Field.notNullable(MapVector.KEY_NAME, ArrowType.Utf8.INSTANCE),
                        Field.nullable(MapVector.VALUE_NAME, new ArrowType.Int(64, true))))));
    org.apache.arrow.vector.types.pojo.Schema schema =
        new org.apache.arrow.vector.types.pojo.Schema(
            List.of(
                Field.notNullable("id", new ArrowType.Int(64, true)),
                Field.nullable("count", new ArrowType.Int(32, true)),
                Field.nullable("ok", ArrowType.Bool.INSTANCE),
                Field.nullable("score", floatType()),
                Field.nullable(
                    "amount", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                Field.nullable("label", ArrowType.Utf8.INSTANCE),
                Field.nullable("payload", ArrowType.Binary.INSTANCE),
                Field.nullable(
                    "day", new ArrowType.Date(org.apache.arrow.vector.types.DateUnit.DAY)),
                Field.nullable("event_ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
                Field.nullable("local_ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
                Field.nullable("price", new ArrowType.Decimal(10, 2, 128)),
                list,
                device,
                attrs));
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    long micros = TS.toInstant().getEpochSecond() * 1_000_000L;
    for (int row = 0; row < count; row++) {
      ((BigIntVector) root.getVector("id")).setSafe(row, row);
      ((IntVector) root.getVector("count")).setSafe(row, row);
      ((BitVector) root.getVector("ok")).setSafe(row, row % 2 == 0 ? 1 : 0);
      ((Float4Vector) root.getVector("score")).setSafe(row, row + 0.5f);
      ((Float8Vector) root.getVector("amount")).setSafe(row, row + 1.25);
      if (row == 0) {
        ((VarCharVector) root.getVector("label"))
            .setSafe(row, ("label-" + row).getBytes(StandardCharsets.UTF_8));
      }
      ((VarBinaryVector) root.getVector("payload"))
          .setSafe(row, new byte[] {0, 1, (byte) (row + 2)});
      ((DateDayVector) root.getVector("day"))
          .setSafe(row, (int) LocalDate.of(2026, 11, 1).toEpochDay() + row);
      ((TimeStampMicroTZVector) root.getVector("event_ts"))
          .setSafe(row, micros + row * 3_600_000_000L);
      ((TimeStampMicroVector) root.getVector("local_ts"))
          .setSafe(row, micros + row * 3_600_000_000L);
      ((DecimalVector) root.getVector("price"))
          .setSafe(row, new BigDecimal("12.34").add(BigDecimal.valueOf(row)));
      ListVector embedding = (ListVector) root.getVector("embedding");
      Float4Vector floats = (Float4Vector) embedding.getDataVector();
      int start = embedding.startNewValue(row);
      floats.setSafe(start, row);
      floats.setSafe(start + 1, 0.5f);
      floats.setSafe(start + 2, -1.25f);
      embedding.endValue(row, 3);
      StructVector struct = (StructVector) root.getVector("device");
      ((VarCharVector) struct.getChild("os"))
          .setSafe(row, "linux".getBytes(StandardCharsets.UTF_8));
      ((IntVector) struct.getChild("version")).setSafe(row, 6 + row);
      struct.setIndexDefined(row);
      MapVector map = (MapVector) root.getVector("attrs");
      StructVector entries = (StructVector) map.getDataVector();
      int at = map.startNewValue(row);
      VarCharVector keys = (VarCharVector) entries.getChild(MapVector.KEY_NAME);
      BigIntVector values = (BigIntVector) entries.getChild(MapVector.VALUE_NAME);
      keys.setSafe(at, "clicks".getBytes(StandardCharsets.UTF_8));
      values.setSafe(at, row);
      entries.setIndexDefined(at);
      keys.setSafe(at + 1, "views".getBytes(StandardCharsets.UTF_8));
      values.setSafe(at + 1, 10 + row);
      entries.setIndexDefined(at + 1);
      map.endValue(row, 2);
    }
    root.setRowCount(count);
    return root;
  }
}

package dev.floe.ingest.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.columnar.ArrowLayout;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every primitive type Floe's layout has: the vector path agrees with the row path. */
class VectorTypesProfileTest {
  static final Schema SCHEMA =
      new Schema(
          Types.NestedField.optional(1, "count", Types.IntegerType.get()),
          Types.NestedField.optional(2, "ok", Types.BooleanType.get()),
          Types.NestedField.optional(3, "score", Types.FloatType.get()),
          Types.NestedField.optional(4, "day", Types.DateType.get()),
          Types.NestedField.optional(5, "at", Types.TimeType.get()),
          Types.NestedField.optional(6, "price", Types.DecimalType.of(10, 2)),
          Types.NestedField.optional(7, "payload", Types.BinaryType.get()),
          Types.NestedField.optional(8, "key", Types.UUIDType.get()),
          Types.NestedField.optional(9, "code", Types.FixedType.ofLength(4)),
          Types.NestedField.optional(10, "local_ts", Types.TimestampType.withoutZone()));
  private static final int ROWS = 300;

  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    allocator.close();
  }

  @Test
  void everyPrimitiveTypeGivesTheSameProfileFromVectorsAsFromRows() {
    List<Record> rows = new ArrayList<>();
    try (VectorSchemaRoot root = VectorSchemaRoot.create(ArrowLayout.of(SCHEMA), allocator)) {
      for (int i = 0; i < ROWS; i++) {
        Record row = GenericRecord.create(SCHEMA);
        rows.add(row);
        if (i % 11 == 0) {
          for (FieldVector v : root.getFieldVectors()) {
            v.setNull(i);
          }
          continue;
        }
        int v = (i * 37) % 101 - 50; // negatives too, out of order
        row.setField("count", v);
        ((IntVector) root.getVector("count")).setSafe(i, v);
        row.setField("ok", v % 3 == 0);
        ((BitVector) root.getVector("ok")).setSafe(i, v % 3 == 0 ? 1 : 0);
        float score = i == 5 ? Float.NaN : v / 4f;
        row.setField("score", score);
        ((Float4Vector) root.getVector("score")).setSafe(i, score);
        LocalDate day = LocalDate.of(2026, 1, 1).plusDays(v);
        row.setField("day", day);
        ((DateDayVector) root.getVector("day")).setSafe(i, (int) day.toEpochDay());
        LocalTime at = LocalTime.of(12, 0).plusSeconds(v * 61L);
        row.setField("at", at);
        ((TimeMicroVector) root.getVector("at")).setSafe(i, DateTimeUtil.microsFromTime(at));
        BigDecimal price = BigDecimal.valueOf(v * 125L, 2);
        row.setField("price", price);
        ((DecimalVector) root.getVector("price")).setSafe(i, price);
        byte[] payload = {(byte) v, 1, (byte) (v >> 3)};
        row.setField("payload", ByteBuffer.wrap(payload));
        ((VarBinaryVector) root.getVector("payload")).setSafe(i, payload);
        UUID key = new UUID(v, v * 7L);
        row.setField("key", key);
        ByteBuffer keyBytes = ByteBuffer.allocate(16);
        keyBytes.putLong(key.getMostSignificantBits()).putLong(key.getLeastSignificantBits());
        ((FixedSizeBinaryVector) root.getVector("key")).setSafe(i, keyBytes.array());
        byte[] code = {(byte) v, 0, 0, (byte) -v};
        row.setField("code", code);
        ((FixedSizeBinaryVector) root.getVector("code")).setSafe(i, code);
        LocalDateTime ts = LocalDateTime.of(2026, 11, 1, 8, 0).plusMinutes(v * 13L);
        row.setField("local_ts", ts);
        ((TimeStampMicroVector) root.getVector("local_ts"))
            .setSafe(i, DateTimeUtil.microsFromTimestamp(ts));
      }
      root.setRowCount(ROWS);

      Profile fromVectors = Profile.of(SCHEMA, root);
      Profile fromRows = Profile.of(SCHEMA, rows);

      for (ColumnProfile expected : fromRows.columns().values()) {
        ColumnProfile actual = fromVectors.columns().get(expected.fieldId());
        String name = expected.name();
        assertThat(actual.nulls()).as(name).isEqualTo(28).isEqualTo(expected.nulls());
        assertThat(actual.nans()).as(name).isEqualTo(expected.nans());
        assertThat(actual.min()).as(name).isEqualTo(expected.min()).isNotNull();
        assertThat(actual.max()).as(name).isEqualTo(expected.max());
        assertThat(actual.theta().toByteArray()).as(name).isEqualTo(expected.theta().toByteArray());
        assertThat(actual.ndv()).as(name).isGreaterThan(1);
        if (expected.quantiles() != null) {
          assertThat(actual.quantile(0.5)).as(name).isEqualTo(expected.quantile(0.5));
        }
      }
      assertThat(fromVectors.column("score").nans()).isEqualTo(1);
      assertThat(fromVectors.column("count").min()).isEqualTo(-50);
      assertThat(fromVectors.column("price").max()).isEqualTo(new BigDecimal("62.50"));
      assertThat(fromVectors.column("day").quantiles()).isNotNull();
      assertThat(fromVectors.column("ok").quantiles()).isNull();
    }
  }
}

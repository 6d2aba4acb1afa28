package dev.floe.ingest.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.columnar.ArrowLayout;
import dev.floe.columnar.RowAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.datasketches.theta.UpdateSketch;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The profiler hashes values without encoding them (one-element arrays, UTF-8 bytes from vectors,
 * strings counted once per distinct value): its theta sketches must still be byte for byte the
 * sketch of Iceberg's single-value encoding, as the Puffin spec says, from rows and from vectors,
 * past the sketch's exact range, with -0.0 apart from 0.0 and repeated and non-ASCII strings.
 */
class ThetaEncodingTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.optional(1, "i", Types.IntegerType.get()),
          Types.NestedField.optional(2, "l", Types.LongType.get()),
          Types.NestedField.optional(3, "f", Types.FloatType.get()),
          Types.NestedField.optional(4, "d", Types.DoubleType.get()),
          Types.NestedField.optional(5, "day", Types.DateType.get()),
          Types.NestedField.optional(6, "ts", Types.TimestampType.withZone()),
          Types.NestedField.optional(7, "s", Types.StringType.get()));
  private static final int ROWS = 20_000;

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
  void thetaSketchesEqualTheSketchOfIcebergsEncodingFromRowsAndFromVectors() {
    Random random = new Random(7);
    List<Record> rows = new ArrayList<>();
    List<List<Object>> internal = new ArrayList<>();
    SCHEMA.columns().forEach(c -> internal.add(new ArrayList<>()));
    for (int r = 0; r < ROWS; r++) {
      Record row = GenericRecord.create(SCHEMA);
      int i = r % 3 == 0 ? -r : random.nextInt();
      long l = random.nextLong();
      float f = r == 1 ? -0.0f : r == 2 ? 0.0f : random.nextFloat() * 1e6f - 5e5f;
      double d = r == 1 ? -0.0 : r == 2 ? 0.0 : random.nextGaussian() * 1e9;
      int day = random.nextInt(40_000);
      long micros = random.nextLong() >>> 12;
      // Many repeats (a few labels) and, in between, many distinct values, some not ASCII.
      String s = r % 2 == 0 ? "label-" + (r % 7) : "wert-ä€😀-" + random.nextInt(500_000);
      row.set(0, i);
      row.set(1, l);
      row.set(2, f);
      row.set(3, d);
      row.set(4, DateTimeUtil.dateFromDays(day));
      row.set(5, DateTimeUtil.timestamptzFromMicros(micros));
      row.set(6, s);
      rows.add(row);
      Object[] values = {i, l, f, d, day, micros, s};
      for (int c = 0; c < values.length; c++) {
        internal.get(c).add(values[c]);
      }
    }
    Profile fromRows = Profile.of(SCHEMA, rows);
    Profile fromVectors;
    try (VectorSchemaRoot root = VectorSchemaRoot.create(ArrowLayout.of(SCHEMA), allocator)) {
      RowAppender appender = RowAppender.into(root, SCHEMA);
      rows.forEach(appender::append);
      appender.finish();
      fromVectors = Profile.of(SCHEMA, root);
    }

    for (int c = 0; c < SCHEMA.columns().size(); c++) {
      Types.NestedField field = SCHEMA.columns().get(c);
      byte[] expected = encoded(field.type(), internal.get(c));
      String name = field.name();
      assertThat(fromRows.column(name).theta().toByteArray()).as(name).isEqualTo(expected);
      assertThat(fromVectors.column(name).theta().toByteArray()).as(name).isEqualTo(expected);
      assertThat(fromVectors.column(name).theta().isEstimationMode()).as(name).isTrue();
    }
    ColumnProfile strings = fromVectors.column("s");
    assertThat(strings.min()).isEqualTo(fromRows.column("s").min()).isEqualTo("label-0");
    assertThat(strings.max()).isEqualTo(fromRows.column("s").max());
    assertThat(strings.max().toString()).startsWith("wert-ä€😀-");
    // Counted once per distinct value, the frequent-items sketch still counts every row.
    assertThat(strings.frequent().getStreamLength()).isEqualTo(ROWS);
    assertThat(strings.frequentItems()).extracting(r -> r.getItem()).contains("label-0");
  }

  private static byte[] encoded(Type type, List<Object> values) {
    UpdateSketch sketch = UpdateSketch.builder().build();
    for (Object v : values) {
      sketch.update(Conversions.toByteBuffer(type, v));
    }
    return sketch.compact().toByteArray();
  }
}

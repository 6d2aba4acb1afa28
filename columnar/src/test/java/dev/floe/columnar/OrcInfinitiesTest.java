package dev.floe.columnar;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.testing.TempWarehouse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.InclusiveMetricsEvaluator;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * +/-Infinity in float and double columns (top level and list elements): Floe's ORC writer gives
 * Iceberg's metrics exactly (bounds of +/-Infinity, NaN counts), so a filter such as {@code d >
 * 1e300} keeps a file holding +Infinity; the files differ at most in the sign of ORC's NaN sum.
 */
class OrcInfinitiesTest {
  private static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "f", Types.FloatType.get()),
          optional(3, "d", Types.DoubleType.get()),
          optional(4, "vec", Types.ListType.ofOptional(5, Types.DoubleType.get())));
  private static final float[] FLOATS = {
    Float.POSITIVE_INFINITY, 1.5f, Float.NaN, -2.5f, Float.NEGATIVE_INFINITY, Float.MAX_VALUE
  };
  private static final double[] DOUBLES = {
    -1e300, Double.NEGATIVE_INFINITY, Double.NaN, 0.25, Double.POSITIVE_INFINITY, -0.0
  };

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private BufferAllocator allocator;
  private OrcTwins twins;

  @BeforeEach
  void open() {
    allocator = temp.resource(BufferAllocator.class);
    twins = new OrcTwins(temp.floe(), SCHEMA, PartitionSpec.unpartitioned(), Map.of());
  }

  @Test
  void infinitiesGiveIcebergsBoundsAndNaNCounts() {
    List<Record> records = rows(3000, true);
    List<DataFile> expected = twins.writeIceberg(records, Long.MAX_VALUE);
    List<DataFile> actual = write(records);

    OrcTwins.assertSameFiles(expected, actual);
    DataFile file = actual.get(0);
    for (String column : List.of("f", "d")) { // Iceberg keeps no bounds of list elements
      Types.NestedField field = SCHEMA.findField(column);
      assertThat(bound(field, file.lowerBounds().get(field.fieldId())))
          .as("lower bound of %s", column)
          .isEqualTo(Double.NEGATIVE_INFINITY);
      assertThat(bound(field, file.upperBounds().get(field.fieldId())))
          .as("upper bound of %s", column)
          .isEqualTo(Double.POSITIVE_INFINITY);
    }
    assertThat(file.nanValueCounts())
        .containsEntry(2, nans(records, "f"))
        .containsEntry(3, nans(records, "d"));
    assertThat(evaluate(Expressions.greaterThan("d", 1e300), file)).isTrue();
    assertThat(evaluate(Expressions.lessThan("f", -Float.MAX_VALUE), file)).isTrue();
    assertThat(evaluate(Expressions.greaterThan("vec.element", 1e300), file)).isTrue();
  }

  @Test
  void oneSignOfInfinityWritesIcebergsBytes() {
    // Without both infinities no sum is NaN, and the files are the same to the byte.
    List<Record> records = rows(3000, false);
    List<DataFile> expected = twins.writeIceberg(records, Long.MAX_VALUE);
    List<DataFile> actual = write(records);

    OrcTwins.assertSameFiles(expected, actual);
    assertThat(OrcTwins.bytes(actual.get(0))).isEqualTo(OrcTwins.bytes(expected.get(0)));
    assertThat(evaluate(Expressions.greaterThan("d", 1e300), actual.get(0))).isTrue();
  }

  @Test
  void aChangedValueIsNotTakenForANaNSum() {
    List<Record> records = rows(3000, true);
    List<DataFile> expected = twins.writeIceberg(records, Long.MAX_VALUE);
    records.get(1500).setField("id", 99_999L); // outside the bounds of id
    List<DataFile> changedMetrics = write(records);
    records.get(1500).setField("id", 1500L);
    records.get(1501).setField("id", 1502L); // inside them
    List<DataFile> changedData = write(records);

    assertThatThrownBy(() -> OrcTwins.assertSameFiles(expected, changedMetrics))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> OrcTwins.assertSameFiles(expected, changedData))
        .isInstanceOf(AssertionError.class);
  }

  private List<DataFile> write(List<Record> records) {
    try (VectorSchemaRoot root = RecordsToArrow.of(SCHEMA, records, allocator)) {
      return twins.writeFloe(root, null, 0, records.size(), Long.MAX_VALUE);
    }
  }

  private static boolean evaluate(org.apache.iceberg.expressions.Expression filter, DataFile file) {
    return new InclusiveMetricsEvaluator(SCHEMA, filter).eval(file);
  }

  private static double bound(Types.NestedField field, java.nio.ByteBuffer bytes) {
    Type type = field.type();
    return ((Number) Conversions.fromByteBuffer(type, bytes)).doubleValue();
  }

  private static long nans(List<Record> records, String column) {
    return records.stream()
        .map(row -> row.getField(column))
        .filter(v -> v instanceof Number n && Double.isNaN(n.doubleValue()))
        .count();
  }

  // Both infinities, NaN and nulls; or (bothSigns false) +Infinity only, with no NaN.
  private static List<Record> rows(int count, boolean bothSigns) {
    List<Record> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Record row = GenericRecord.create(SCHEMA);
      row.setField("id", (long) i);
      float f = FLOATS[i % FLOATS.length];
      double d = DOUBLES[(i / 2) % DOUBLES.length];
      if (!bothSigns) {
        f = Float.isNaN(f) || f == Float.NEGATIVE_INFINITY ? 3f : f;
        d = Double.isNaN(d) || d == Double.NEGATIVE_INFINITY ? 7d : d;
      }
      row.setField("f", i % 13 == 0 ? null : f);
      row.setField("d", i % 17 == 0 ? null : d);
      double[] vec = {d, DOUBLES[(i + 1) % DOUBLES.length], i};
      if (!bothSigns) {
        vec[1] = Math.abs(vec[1]);
        vec[1] = Double.isNaN(vec[1]) ? 1 : vec[1];
      }
      row.setField("vec", i % 11 == 0 ? null : Arrays.stream(vec).boxed().toList());
      rows.add(row);
    }
    return rows;
  }
}

package dev.floe.ingest;

import dev.floe.columnar.ArrowLayout;
import dev.floe.columnar.VectorValues;
import dev.floe.ingest.profile.Profile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.VectorBatchAppender;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The fast path of {@link Batch#ofArrow}: when every column of the root already has the Arrow type
 * the table's layout gives it ({@link ArrowLayout#of}), its vectors are copied buffer by buffer
 * instead of being read into map rows and converted value by value. Only columns whose conversion
 * as map rows could not change a value qualify (booleans, ints, longs, floats, doubles, dates,
 * microsecond timestamps with the UTC zone for timestamptz or none for timestamp, strings, binary,
 * and lists of those).
 *
 * <p>The same checks apply (required columns and list elements non-null, list dimensions, row
 * rules); a batch that fails any of them, or has any column that needs a conversion, goes through
 * the map-row path whole instead, which then reports the same error, or writes the same dead
 * letters, as it always has. So both paths give the same results and the same messages.
 */
final class ArrowColumns {
  private ArrowColumns() {}

  /**
   * Whether {@code view}'s root can be copied into {@code schema}'s layout and passes the checks.
   */
  static boolean fits(
      Schema schema, ArrowRows.View view, List<RowRule> rules, ListDimensions dimensions) {
    VectorSchemaRoot root = view.root();
    org.apache.arrow.vector.types.pojo.Schema layout = ArrowLayout.of(schema);
    Map<String, FieldVector> byName = new HashMap<>();
    for (FieldVector vector : root.getFieldVectors()) {
      String name = vector.getName();
      Types.NestedField column = schema.asStruct().field(name);
      if (column == null
          || byName.put(name, vector) != null
          || vector.getValueCount() != root.getRowCount()
          || !copies(column.type())
          || !sameType(vector.getField(), layout.findField(name))
          || hasForbiddenNull(column, vector)) {
        return false;
      }
    }
    for (Types.NestedField column : schema.columns()) {
      if (column.isRequired() && !byName.containsKey(column.name())) {
        return false;
      }
    }
    for (Map.Entry<String, Integer> dimension : dimensions.lengths().entrySet()) {
      if (byName.get(dimension.getKey()) instanceof ListVector list
          && !allOfLength(list, dimension.getValue())) {
        return false;
      }
    }
    for (RowRule rule : rules) {
      if (!passes(schema, rule, byName.get(rule.column()), root.getRowCount())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Copies the columns of a batch {@link #fits} accepted into vectors from {@code allocator},
   * columns the root lacks as nulls; the profile, if asked for, is computed from them.
   */
  static BatchColumns copy(
      Schema schema, ArrowRows.View view, BufferAllocator allocator, boolean profile) {
    VectorSchemaRoot source = view.root();
    int rows = source.getRowCount();
    VectorSchemaRoot target = VectorSchemaRoot.create(ArrowLayout.of(schema), allocator);
    try {
      long bytes = 0;
      for (int c = 0; c < schema.columns().size(); c++) {
        FieldVector to = target.getVector(c);
        FieldVector from = source.getVector(schema.columns().get(c).name());
        if (from == null) {
          for (int row = 0; row < rows; row++) {
            while (to.getValueCapacity() <= row) {
              to.reAlloc();
            }
            to.setNull(row);
          }
          to.setValueCount(rows);
        } else {
          to.allocateNew(); // the appender grows buffers, it does not create them
          VectorBatchAppender.batchAppend(to, from);
        }
        bytes += to.getBufferSize();
      }
      target.setRowCount(rows);
      Profile profiled = profile ? Profile.of(schema, records(schema, target)) : null;
      return new BatchColumns(target, profiled, bytes);
    } catch (RuntimeException | Error e) {
      target.close();
      throw e;
    }
  }

  /** The rows of {@code root} (in {@code schema}'s layout) as generic records. */
  static List<Record> records(Schema schema, VectorSchemaRoot root) {
    List<Types.NestedField> columns = schema.columns();
    VectorValues.Reader[] readers = new VectorValues.Reader[columns.size()];
    for (int c = 0; c < readers.length; c++) {
      Types.NestedField column = columns.get(c);
      FieldVector vector = root.getVector(column.name());
      readers[c] =
          vector == null ? row -> null : VectorValues.of(vector, column.type(), column.name());
    }
    List<Record> records = new ArrayList<>(root.getRowCount());
    for (int row = 0; row < root.getRowCount(); row++) {
      GenericRecord record = GenericRecord.create(schema);
      for (int c = 0; c < readers.length; c++) {
        record.set(c, readers[c].read(row));
      }
      records.add(record);
    }
    return records;
  }

  // Types whose map-row conversion keeps every value as the vector holds it.
  private static boolean copies(Type type) {
    return switch (type.typeId()) {
      case BOOLEAN, INTEGER, LONG, FLOAT, DOUBLE, DATE, TIMESTAMP, STRING, BINARY -> true;
      case LIST ->
          type.asListType().elementType().isPrimitiveType()
              && copies(type.asListType().elementType());
      default -> false;
    };
  }

  // Arrow types, children included; names and nullability may differ (nulls are checked).
  private static boolean sameType(Field sent, Field layout) {
    if (!sent.getType().equals(layout.getType())
        || sent.getChildren().size() != layout.getChildren().size()) {
      return false;
    }
    for (int i = 0; i < sent.getChildren().size(); i++) {
      if (!sameType(sent.getChildren().get(i), layout.getChildren().get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasForbiddenNull(Types.NestedField column, FieldVector vector) {
    if (column.isRequired() && vector.getNullCount() > 0) {
      return true;
    }
    return vector instanceof ListVector list
        && column.type().asListType().isElementRequired()
        && list.getDataVector().getNullCount() > 0;
  }

  private static boolean allOfLength(ListVector list, int length) {
    for (int row = 0; row < list.getValueCount(); row++) {
      if (!list.isNull(row)
          && list.getElementEndIndex(row) - list.getElementStartIndex(row) != length) {
        return false;
      }
    }
    return true;
  }

  // Rules see the values the map-row path would give them: the table's Java types.
  private static boolean passes(Schema schema, RowRule rule, FieldVector vector, int rows) {
    Types.NestedField column = schema.asStruct().field(rule.column());
    VectorValues.Reader values =
        vector == null || column == null
            ? row -> null
            : VectorValues.of(vector, column.type(), column.name());
    for (int row = 0; row < rows; row++) {
      if (!rule.test().test(values.read(row))) {
        return false;
      }
    }
    return true;
  }
}

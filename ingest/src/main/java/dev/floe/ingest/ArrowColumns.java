package dev.floe.ingest;

import dev.floe.catalog.exceptions.SchemaEvolutionException;
import dev.floe.columnar.ArrowLayout;
import dev.floe.columnar.RowAppender;
import dev.floe.columnar.VectorValues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.VectorBatchAppender;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The column path of {@link Batch#ofArrow}: a column whose Arrow type already is the one the
 * table's layout gives it ({@link ArrowLayout#of}) is copied buffer by buffer; any other column is
 * converted value by value as map rows convert it ({@link MapRows#convertField}), straight into its
 * vector. Only columns whose map-row conversion could not change a value are copied (booleans,
 * ints, longs, floats, doubles, dates, microsecond timestamps with the UTC zone for timestamptz or
 * none for timestamp, strings, binary, and lists of those), and columns of any type that {@link
 * ArrowInput} filled with map rows' own conversion of the values read.
 *
 * <p>The same checks apply (conversions, required columns and list elements non-null, list
 * dimensions, row rules); a batch with any row that fails one goes through the map-row path whole
 * instead, which reports the same error, or writes the same dead letters, as it always has. So both
 * paths give the same results and the same messages.
 */
final class ArrowColumns {
  private ArrowColumns() {}

  /**
   * Whether {@code view}'s root can go into {@code schema}'s layout column by column and every row
   * passes the checks; false sends the batch through the map-row path whole. Columns that need a
   * conversion are converted here to check them (and again when copied, rather than kept).
   */
  static boolean fits(
      Schema schema,
      ArrowRows.View view,
      List<RowRule> rules,
      ListDimensions dimensions,
      Timestamps.EpochUnit epochUnit,
      String batch) {
    view.convertedAs(epochUnit, batch);
    VectorSchemaRoot root = view.root();
    int rows = root.getRowCount();
    org.apache.arrow.vector.types.pojo.Schema layout = ArrowLayout.of(schema);
    Map<String, VectorValues.Reader> values = new HashMap<>();
    for (FieldVector vector : root.getFieldVectors()) {
      String name = vector.getName();
      Types.NestedField column = schema.asStruct().field(name);
      if (column == null || values.containsKey(name) || vector.getValueCount() != rows) {
        return false;
      }
      if (copies(column, vector, layout, view)) {
        if (hasForbiddenNull(column, vector)) {
          return false;
        }
        values.put(name, VectorValues.of(vector, column.type(), name));
      } else {
        Object[] converted = convert(column, vector, rows, view);
        if (converted == null) {
          return false;
        }
        values.put(name, row -> converted[row]);
      }
    }
    for (Types.NestedField column : schema.columns()) {
      if (column.isRequired() && !values.containsKey(column.name())) {
        return false;
      }
    }
    for (Map.Entry<String, Integer> dimension : dimensions.lengths().entrySet()) {
      VectorValues.Reader lists = values.get(dimension.getKey());
      for (int row = 0; lists != null && row < rows; row++) {
        if (lists.read(row) instanceof List<?> list && list.size() != dimension.getValue()) {
          return false;
        }
      }
    }
    for (RowRule rule : rules) {
      VectorValues.Reader column = values.getOrDefault(rule.column(), row -> null);
      for (int row = 0; row < rows; row++) {
        if (!rule.test().test(column.read(row))) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Copies (or, for columns that need it, converts) the columns of a batch {@link #fits} accepted
   * into vectors from {@code allocator}, columns the root lacks as nulls.
   */
  static BatchColumns copy(Schema schema, ArrowRows.View view, BufferAllocator allocator) {
    VectorSchemaRoot source = view.root();
    int rows = source.getRowCount();
    org.apache.arrow.vector.types.pojo.Schema layout = ArrowLayout.of(schema);
    VectorSchemaRoot target = VectorSchemaRoot.create(layout, allocator);
    try {
      long bytes = 0;
      for (int c = 0; c < schema.columns().size(); c++) {
        Types.NestedField column = schema.columns().get(c);
        FieldVector to = target.getVector(c);
        FieldVector from = source.getVector(column.name());
        if (from == null) {
          for (int row = 0; row < rows; row++) {
            while (to.getValueCapacity() <= row) {
              to.reAlloc();
            }
            to.setNull(row);
          }
          to.setValueCount(rows);
        } else if (copies(column, from, layout, view)) {
          to.allocateNew(); // the appender grows buffers, it does not create them
          VectorBatchAppender.batchAppend(to, from);
        } else {
          appendConverted(column, from, to, rows, view);
        }
        bytes += to.getBufferSize();
      }
      target.setRowCount(rows);
      return new BatchColumns(target, bytes);
    } catch (RuntimeException | Error e) {
      target.close();
      throw e;
    }
  }

  // Values as map rows would convert them: null if any fails (the map-row path then says why).
  private static Object[] convert(
      Types.NestedField column, FieldVector vector, int rows, ArrowRows.View view) {
    ArrowValues.Reader reader = ArrowValues.reader(vector);
    Object[] converted = new Object[rows];
    try {
      for (int row = 0; row < rows; row++) {
        converted[row] =
            MapRows.convertField(column, reader.read(row), row, view.batch(), view.epochUnit());
      }
    } catch (SchemaEvolutionException e) {
      return null;
    }
    return converted;
  }

  private static void appendConverted(
      Types.NestedField column, FieldVector from, FieldVector to, int rows, ArrowRows.View view) {
    Schema one = new Schema(column);
    // A root over the target's own vector, to append into it; not closed: the target owns it.
    RowAppender appender = RowAppender.into(new VectorSchemaRoot(List.of(to)), one);
    GenericRecord value = GenericRecord.create(one);
    ArrowValues.Reader reader = ArrowValues.reader(from);
    for (int row = 0; row < rows; row++) {
      value.set(
          0, MapRows.convertField(column, reader.read(row), row, view.batch(), view.epochUnit()));
      appender.append(value);
    }
    appender.finish();
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

  // Copied buffer by buffer: the layout's own type, of a kind map rows keep as the vector holds it
  // or converted by map rows already (ArrowInput).
  private static boolean copies(
      Types.NestedField column,
      FieldVector vector,
      org.apache.arrow.vector.types.pojo.Schema layout,
      ArrowRows.View view) {
    return (copies(column.type()) || view.converted(column, view.epochUnit()))
        && sameType(vector.getField(), layout.findField(column.name()));
  }

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
    // A MapVector is a ListVector too: its values sit in the entries struct's second child.
    if (column.type().isMapType()) {
      return vector instanceof MapVector map
          && column.type().asMapType().isValueRequired()
          && ((StructVector) map.getDataVector()).getChildByOrdinal(1).getNullCount() > 0;
    }
    return vector instanceof ListVector list
        && column.type().isListType()
        && column.type().asListType().isElementRequired()
        && list.getDataVector().getNullCount() > 0;
  }
}

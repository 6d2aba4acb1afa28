package dev.floe.columnar;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.vector.ValueVector;
import org.apache.iceberg.FieldMetrics;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.orc.storage.ql.exec.vector.ColumnVector;

/**
 * Copies one Iceberg column from its Arrow vector into an ORC column vector, a run of rows at a
 * time: the type is dispatched once, when the tree of columns is built, never per value.
 *
 * <p>A row index below zero stands for a row whose parent struct is null: ORC skips children there,
 * and so do the metrics (as Iceberg's ORC writers, which never visit them).
 */
abstract class OrcColumn {
  private final String name;
  private final boolean required;

  OrcColumn(String name, boolean required) {
    this.name = name;
    this.required = required;
  }

  /** The column's dotted path in the write schema, for messages. */
  final String name() {
    return name;
  }

  /**
   * Copies rows {@code rows[0..n)} of {@code source} into {@code target} at positions {@code at..at
   * + n - 1}.
   */
  abstract void copy(ValueVector source, int[] rows, int n, ColumnVector target, int at);

  /** NaN counts and bounds this column tracks (floating point columns), for OrcMetrics. */
  Stream<FieldMetrics<?>> metrics() {
    return Stream.empty();
  }

  /**
   * Marks {@code target[pos]} null when the row is skipped or its value is null; true when so.
   * Refuses a null in a required column, which would otherwise land as a silent null.
   */
  final boolean isNull(ValueVector source, int row, ColumnVector target, int pos) {
    if (row >= 0 && !source.isNull(row)) {
      target.isNull[pos] = false;
      return false;
    }
    if (row >= 0 && required) {
      throw new BadValue(name, row, "is required but null");
    }
    target.noNulls = false;
    target.isNull[pos] = true;
    return true;
  }

  /**
   * A bad value at {@code row} of its vector. Inside a list or a map that is an element's index,
   * not a row of the batch: the list or map above names the row that holds it ({@link #in}).
   */
  static final class BadValue extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String column;
    private final int row;
    private final String problem;

    BadValue(String column, int row, String problem) {
      super(String.format("Cannot write row %s: column %s %s", row, column, problem));
      this.column = column;
      this.row = row;
      this.problem = problem;
    }

    int row() {
      return row;
    }

    /** The same value, named by the row {@code parentRow} of the vector above. */
    BadValue in(int parentRow) {
      return new BadValue(column, parentRow, problem);
    }
  }

  /** The columns of {@code struct}'s fields, in field order, named under {@code prefix}. */
  static List<OrcColumn> of(String prefix, Types.StructType struct) {
    List<OrcColumn> columns = new ArrayList<>();
    for (Types.NestedField field : struct.fields()) {
      columns.add(of(prefix.isEmpty() ? field.name() : prefix + "." + field.name(), field));
    }
    return columns;
  }

  static OrcColumn of(String name, Types.NestedField field) {
    boolean required = field.isRequired();
    Type type = field.type();
    return switch (type.typeId()) {
      case STRUCT ->
          new OrcNestedColumns.StructColumn(name, required, of(name, type.asStructType()));
      case LIST -> {
        Types.NestedField element = type.asListType().fields().get(0);
        yield new OrcNestedColumns.ListColumn(name, required, of(name + ".element", element));
      }
      case MAP -> {
        Types.MapType map = type.asMapType();
        yield new OrcNestedColumns.MapColumn(
            name,
            required,
            of(name + ".key", map.fields().get(0)),
            of(name + ".value", map.fields().get(1)));
      }
      case BOOLEAN -> new OrcPrimitiveColumns.BoolColumn(name, required);
      case INTEGER, DATE -> new OrcPrimitiveColumns.IntColumn(name, required);
      case LONG, TIME -> new OrcPrimitiveColumns.LongColumn(name, required);
      case FLOAT -> new OrcPrimitiveColumns.FloatColumn(name, required, field.fieldId());
      case DOUBLE -> new OrcPrimitiveColumns.DoubleColumn(name, required, field.fieldId());
      case TIMESTAMP ->
          new OrcLogicalColumns.TimestampColumn(
              name, required, ((Types.TimestampType) type).shouldAdjustToUTC(), false);
      case TIMESTAMP_NANO ->
          new OrcLogicalColumns.TimestampColumn(
              name, required, ((Types.TimestampNanoType) type).shouldAdjustToUTC(), true);
      case DECIMAL -> OrcLogicalColumns.decimal(name, required, (Types.DecimalType) type);
      case STRING, BINARY -> new OrcPrimitiveColumns.BytesColumn(name, required);
      case UUID, FIXED -> new OrcPrimitiveColumns.FixedColumn(name, required);
      default ->
          throw new UnsupportedOperationException(
              String.format("Cannot write column %s of type %s as ORC columns yet", name, type));
    };
  }
}

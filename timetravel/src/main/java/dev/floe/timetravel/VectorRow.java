package dev.floe.timetravel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Some columns of one row of a root, as an Iceberg {@link StructLike} of Iceberg's internal values
 * (longs for timestamps, ints for dates, char sequences, byte buffers), so a row can be looked up
 * in a {@link org.apache.iceberg.util.StructLikeSet} of equality-delete keys.
 */
final class VectorRow implements StructLike {
  private final int[] columns; // of the root, one per key field
  private final List<Type> types;
  private VectorSchemaRoot root;
  private int row;

  /** The fields of {@code key}, found in {@code projection}'s (the root's) columns. */
  VectorRow(Schema projection, Schema key) {
    this.columns =
        key.columns().stream()
            .mapToInt(f -> projection.columns().indexOf(projection.findField(f.fieldId())))
            .toArray();
    this.types = key.columns().stream().map(Types.NestedField::type).toList();
  }

  /** Whether every column {@code filter} refers to is one this view can read. */
  static boolean evaluates(Schema projection, Expression filter) {
    try {
      return Binder.boundReferences(projection.asStruct(), List.of(filter), true).stream()
          .allMatch(id -> reads(projection, id));
    } catch (ValidationException e) {
      return false; // refers to a column the projection lacks
    }
  }

  /** Whether field {@code id} is a top-level column of {@code projection} this view can read. */
  static boolean reads(Schema projection, int id) {
    Types.NestedField field = projection.findField(id);
    if (field == null || !projection.columns().contains(field)) {
      return false;
    }
    return switch (field.type().typeId()) {
      case BOOLEAN, INTEGER, LONG, FLOAT, DOUBLE, DATE, TIME, TIMESTAMP, STRING, BINARY -> true;
      default -> false;
    };
  }

  /** This view, moved to {@code row} of {@code root}. */
  VectorRow at(VectorSchemaRoot batch, int index) {
    this.root = batch;
    this.row = index;
    return this;
  }

  @Override
  public int size() {
    return columns.length;
  }

  @Override
  public <T> T get(int pos, Class<T> javaClass) {
    FieldVector vector = root.getVector(columns[pos]);
    if (vector.isNull(row)) {
      return null;
    }
    Object value =
        switch (types.get(pos).typeId()) {
          case BOOLEAN -> ((BitVector) vector).get(row) == 1;
          case INTEGER -> ((IntVector) vector).get(row);
          case DATE -> ((DateDayVector) vector).get(row);
          case LONG -> ((BigIntVector) vector).get(row);
          case TIME -> ((TimeMicroVector) vector).get(row);
          case TIMESTAMP -> ((TimeStampVector) vector).get(row);
          case FLOAT -> ((Float4Vector) vector).get(row);
          case DOUBLE -> ((Float8Vector) vector).get(row);
          case STRING -> new String(((VarCharVector) vector).get(row), StandardCharsets.UTF_8);
          case BINARY -> ByteBuffer.wrap(((VarBinaryVector) vector).get(row));
          default ->
              throw new IllegalStateException(
                  "Cannot compare " + types.get(pos) + " with equality deletes");
        };
    return javaClass.cast(value);
  }

  @Override
  public <T> void set(int pos, T value) {
    throw new UnsupportedOperationException("A row of vectors is read-only");
  }
}

package dev.floe.timetravel;

import dev.floe.columnar.InternalRow;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.types.Types;

/**
 * Some columns of one row of a root, as an Iceberg {@link StructLike} of Iceberg's internal values
 * (columnar's {@link InternalRow}), so a row can be looked up in a {@link
 * org.apache.iceberg.util.StructLikeSet} of equality-delete keys or tested by an evaluator.
 */
final class VectorRow {
  private final int[] columns; // of the root, one per key field
  private final Types.StructType key;
  private VectorSchemaRoot root;
  private InternalRow values;

  /** The fields of {@code key}, found in {@code projection}'s (the root's) columns. */
  VectorRow(Schema projection, Schema key) {
    this.columns =
        key.columns().stream()
            .mapToInt(f -> projection.columns().indexOf(projection.findField(f.fieldId())))
            .toArray();
    this.key = key.asStruct();
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

  /** Whether field {@code id} is a flat top-level column of {@code projection} this view reads. */
  static boolean reads(Schema projection, int id) {
    Types.NestedField field = projection.findField(id);
    return field != null
        && projection.columns().contains(field)
        && field.type().isPrimitiveType()
        && InternalRow.reads(field.type());
  }

  /** The key's values at {@code row} of {@code batch}; valid until the next call. */
  StructLike at(VectorSchemaRoot batch, int index) {
    if (batch != root) { // readers are bound to a root's vectors
      root = batch;
      values = InternalRow.of(Arrays.stream(columns).mapToObj(batch::getVector).toList(), key);
    }
    return values.at(index);
  }
}

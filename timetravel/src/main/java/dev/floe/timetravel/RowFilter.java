package dev.floe.timetravel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.BoundPredicate;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.ExpressionVisitors;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.UnboundPredicate;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * Row-level filtering for the row path. File readers only skip whole row groups, so every row is
 * checked against its file's residual, as Iceberg's own generic reader does. Columns the filter
 * needs but the projection lacks are read after the projection's columns and dropped again.
 */
final class RowFilter {
  private RowFilter() {}

  /**
   * The projection, followed by the top-level columns of {@code base} that {@code filter} needs and
   * the projection lacks.
   */
  static Schema readSchema(Schema projection, Schema base, Expression filter, String keyColumn) {
    if (filter.equals(Expressions.alwaysTrue()) && keyColumn == null) {
      return projection;
    }
    Set<Integer> ids =
        new HashSet<>(Binder.boundReferences(base.asStruct(), List.of(filter), true));
    if (keyColumn != null) {
      Types.NestedField key = base.findField(keyColumn);
      Preconditions.checkArgument(
          key != null && base.asStruct().field(key.fieldId()) != null,
          "Cannot split on column %s: not a top-level column",
          keyColumn);
      ids.add(key.fieldId());
    }
    Schema needed = TypeUtil.select(base, ids);
    List<Types.NestedField> columns = new ArrayList<>(projection.columns());
    for (Types.NestedField column : needed.columns()) {
      if (projection.findField(column.fieldId()) == null) {
        columns.add(base.findField(column.fieldId()));
      }
    }
    return columns.size() == projection.columns().size() ? projection : new Schema(columns);
  }

  /** Keeps the rows of {@code rows} (read with {@code schema}) that match {@code residual}. */
  static CloseableIterable<Record> filter(
      CloseableIterable<Record> rows, Schema schema, Expression residual) {
    if (residual == null || residual.equals(Expressions.alwaysTrue())) {
      return rows;
    }
    // The evaluator compares Iceberg's internal values (micros, days), not java.time objects.
    InternalRecordWrapper wrapper = new InternalRecordWrapper(schema.asStruct());
    Evaluator evaluator = evaluator(schema, residual);
    return CloseableIterable.filter(rows, row -> evaluator.eval(wrapper.wrap(row)));
  }

  /** An evaluator of {@code filter} over rows of {@code schema} in Iceberg's internal values. */
  static Evaluator evaluator(Schema schema, Expression filter) {
    return new Evaluator(schema.asStruct(), nullSafe(filter), true);
  }

  /**
   * {@code filter} with its set predicates made safe for null values: Iceberg's evaluator looks a
   * null up in the value set and throws. A null is never in a set and always not in one, as a null
   * is never equal and always not equal to a value.
   */
  static Expression nullSafe(Expression filter) {
    return ExpressionVisitors.visit(
        filter,
        new ExpressionVisitors.ExpressionVisitor<>() {
          @Override
          public Expression alwaysTrue() {
            return Expressions.alwaysTrue();
          }

          @Override
          public Expression alwaysFalse() {
            return Expressions.alwaysFalse();
          }

          @Override
          public Expression not(Expression result) {
            return Expressions.not(result);
          }

          @Override
          public Expression and(Expression left, Expression right) {
            return Expressions.and(left, right);
          }

          @Override
          public Expression or(Expression left, Expression right) {
            return Expressions.or(left, right);
          }

          @Override
          public <T> Expression predicate(BoundPredicate<T> pred) {
            return pred;
          }

          @Override
          public <T> Expression predicate(UnboundPredicate<T> pred) {
            return switch (pred.op()) {
              case IN -> Expressions.and(Expressions.notNull(pred.term()), pred);
              case NOT_IN -> Expressions.or(Expressions.isNull(pred.term()), pred);
              default -> pred;
            };
          }
        });
  }

  /**
   * Drops columns read only for the filter or for delete files again, for callers that get whole
   * records: the projection's columns come first.
   */
  static CloseableIterable<Record> project(CloseableIterable<Record> rows, Schema projection) {
    int width = projection.columns().size();
    return CloseableIterable.transform(
        rows,
        row -> {
          GenericRecord copy = GenericRecord.create(projection);
          for (int i = 0; i < width; i++) {
            copy.set(i, row.get(i));
          }
          return copy;
        });
  }
}

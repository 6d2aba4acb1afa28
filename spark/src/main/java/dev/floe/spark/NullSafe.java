package dev.floe.spark;

import org.apache.iceberg.expressions.BoundPredicate;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.ExpressionVisitors;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.UnboundPredicate;

/**
 * A filter whose set predicates hold on null values: Iceberg's {@code Evaluator} looks a null up in
 * the set and throws. Floe's row path rewrites filters the same way (a null is in no set), so both
 * engines keep the same rows.
 */
final class NullSafe extends ExpressionVisitors.ExpressionVisitor<Expression> {
  private NullSafe() {}

  static Expression of(Expression filter) {
    return ExpressionVisitors.visit(filter, new NullSafe());
  }

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
}

package dev.floe.ingest.profile;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.iceberg.types.Types;

/**
 * Accumulates one {@code list<float>} column's profile list by list: the dimension, NaN elements,
 * KLL quantiles of the L2 norms (a list holding NaN has no norm; null elements add nothing to it)
 * and per-dimension sums for the mean-shift test (over lists with no null or NaN element). The row
 * path and the vector path both feed this class.
 */
final class VectorSketcher {
  private final Types.NestedField field;
  private final KllDoublesSketch norms = KllDoublesSketch.newHeapInstance();
  private long rows;
  private long nulls;
  private long nans;
  private int dimension = -1;
  private long momentRows;
  private double[] sums;
  private double[] squares;

  VectorSketcher(Types.NestedField field) {
    this.field = field;
  }

  void addNull() {
    rows++;
    nulls++;
  }

  /**
   * One non-null list: {@code length} elements in {@code values} (null elements given as 0, with
   * {@code anyNull} set).
   */
  void add(float[] values, int length, boolean anyNull) {
    rows++;
    dimension = dimension == -1 || dimension == length ? length : -2;
    double sum = 0;
    boolean nan = false;
    for (int i = 0; i < length; i++) {
      float x = values[i];
      if (Float.isNaN(x)) {
        nans++;
        nan = true;
      } else {
        sum += (double) x * x;
      }
    }
    if (!nan) {
      norms.update(Math.sqrt(sum));
    }
    if (nan || anyNull || dimension < 0) {
      return;
    }
    if (sums == null) {
      sums = new double[length];
      squares = new double[length];
    }
    momentRows++;
    for (int i = 0; i < length; i++) {
      double x = values[i];
      sums[i] += x;
      squares[i] += x * x;
    }
  }

  ColumnProfile profile() {
    Moments moments = null;
    if (dimension >= 0) {
      moments =
          sums == null
              ? new Moments(0, new double[dimension], new double[dimension])
              : new Moments(momentRows, sums.clone(), squares.clone());
    }
    return new ColumnProfile(
        field.fieldId(),
        field.name(),
        field.type(),
        new long[] {rows, nulls, nans},
        null,
        null,
        null,
        null,
        null,
        dimension,
        norms,
        moments);
  }
}

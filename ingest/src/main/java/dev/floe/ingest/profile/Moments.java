package dev.floe.ingest.profile;

/**
 * Per-dimension sums and sums of squares of the {@code list<float>} rows of one dimension that hold
 * no null or NaN element: enough to merge, and to give each dimension's mean and standard deviation
 * for a mean-shift drift test. Never changed once built (the arrays are not handed out).
 */
final class Moments {
  private final long rows;
  private final double[] sums;
  private final double[] squares;

  Moments(long rows, double[] sums, double[] squares) {
    this.rows = rows;
    this.sums = sums;
    this.squares = squares;
  }

  long rows() {
    return rows;
  }

  int dimension() {
    return sums.length;
  }

  double sum(int d) {
    return sums[d];
  }

  double square(int d) {
    return squares[d];
  }

  double[] means() {
    double[] means = new double[sums.length];
    for (int d = 0; d < means.length; d++) {
      means[d] = rows == 0 ? Double.NaN : sums[d] / rows;
    }
    return means;
  }

  /** Population standard deviations per dimension; NaN with no rows. */
  double[] stdDevs() {
    double[] sd = new double[sums.length];
    for (int d = 0; d < sd.length; d++) {
      double mean = sums[d] / rows;
      sd[d] = rows == 0 ? Double.NaN : Math.sqrt(Math.max(0, squares[d] / rows - mean * mean));
    }
    return sd;
  }

  /** Both sets of rows; null (unknown) when either side is unknown or the dimensions differ. */
  static Moments merge(Moments a, Moments b) {
    if (a == null || b == null || a.sums.length != b.sums.length) {
      return null;
    }
    double[] sums = new double[a.sums.length];
    double[] squares = new double[a.sums.length];
    for (int d = 0; d < sums.length; d++) {
      sums[d] = a.sums[d] + b.sums[d];
      squares[d] = a.squares[d] + b.squares[d];
    }
    return new Moments(a.rows + b.rows, sums, squares);
  }
}

package dev.floe.ingest.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.KolmogorovSmirnov;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * Distribution shift between two profiles of a column, from their sketches only (no data file is
 * read): PSI over the baseline's KLL quantile bins, the two-sample Kolmogorov-Smirnov distance and
 * its rejection threshold with both sketches' rank error added (so sketch noise alone is not called
 * drift), the largest per-dimension mean shift of embeddings in baseline standard deviations, and
 * frequent categories that vanish. Each method takes the baseline first.
 */
public final class Drift {
  /** Bins of the PSI: the baseline's deciles. */
  public static final int PSI_BINS = 10;

  // A bin one side never saw counts as this share, so PSI stays finite and a gap still scores high.
  private static final double EMPTY_BIN = 1e-4;

  private Drift() {}

  /**
   * The population stability index of {@code current} against {@code baseline}: sum over the
   * baseline's decile bins of {@code (c - b) * ln(c / b)}. Bins collapse where the baseline repeats
   * a value (a discrete column has fewer). NaN when either side is empty.
   */
  public static double psi(KllDoublesSketch baseline, KllDoublesSketch current) {
    if (empty(baseline) || empty(current)) {
      return Double.NaN;
    }
    double[] splits = splits(baseline);
    if (splits.length == 0) {
      // One value in the baseline: one bin below-or-at it and one above.
      splits = new double[] {baseline.getMaxItem()};
    }
    double[] b = masses(baseline, splits);
    double[] c = masses(current, splits);
    double psi = 0;
    for (int i = 0; i < b.length; i++) {
      double bi = Math.max(b[i], EMPTY_BIN);
      double ci = Math.max(c[i], EMPTY_BIN);
      psi += (ci - bi) * Math.log(ci / bi);
    }
    return psi;
  }

  /** The largest gap between the two sketches' CDFs (the KS statistic D); NaN when one is empty. */
  public static double ksDistance(KllDoublesSketch baseline, KllDoublesSketch current) {
    return empty(baseline) || empty(current)
        ? Double.NaN
        : KolmogorovSmirnov.computeKSDelta(baseline, current);
  }

  /**
   * The distance above which the two samples differ at {@code pValue}: the asymptotic two-sample
   * critical value {@code sqrt(-ln(p / 2) / 2) * sqrt((n + m) / (n m))}, plus each sketch's
   * single-sided normalized rank error (a 99% bound on how far its CDF may be off), so that sketch
   * error alone is never reported as drift.
   */
  public static double ksThreshold(
      KllDoublesSketch baseline, KllDoublesSketch current, double pValue) {
    Preconditions.checkArgument(
        pValue > 0 && pValue < 1, "Invalid p-value: %s (must be in (0, 1))", pValue);
    double n = baseline.getN();
    double m = current.getN();
    double critical = Math.sqrt(-Math.log(pValue / 2) / 2) * Math.sqrt((n + m) / (n * m));
    return critical
        + baseline.getNormalizedRankError(false)
        + current.getNormalizedRankError(false);
  }

  /**
   * The largest per-dimension mean shift of an embedding column, in baseline standard deviations,
   * or null when either side has no means (mixed dimensions, or profiles written without them). A
   * dimension constant in the baseline scores its shift over 1e-9, so any move is large.
   */
  public static MeanShift meanShift(ColumnProfile baseline, ColumnProfile current) {
    double[] bm = baseline.dimensionMeans();
    double[] cm = current.dimensionMeans();
    if (bm == null
        || cm == null
        || bm.length != cm.length
        || baseline.dimensionRows() == 0
        || current.dimensionRows() == 0) {
      return null;
    }
    double[] sd = baseline.dimensionStdDevs();
    MeanShift worst = new MeanShift(-1, 0);
    for (int d = 0; d < bm.length; d++) {
      double sigmas = Math.abs(cm[d] - bm[d]) / Math.max(sd[d], 1e-9);
      if (sigmas > worst.sigmas()) {
        worst = new MeanShift(d, sigmas);
      }
    }
    return worst;
  }

  /** The largest mean shift: at {@code dimension} (-1 when none moved), by {@code sigmas}. */
  public record MeanShift(int dimension, double sigmas) {}

  /**
   * Strings: the baseline's categories holding at least {@code share} of its non-null values whose
   * share in {@code current} fell below a tenth of that (by the sketch's upper bound, so an item
   * the sketch may have lost is never reported). Empty when the current side has too few values to
   * tell (fewer than {@code 10 / share}).
   */
  public static List<String> vanished(ColumnProfile baseline, ColumnProfile current, double share) {
    Preconditions.checkArgument(
        share > 0 && share <= 1, "Invalid category share: %s (must be in (0, 1])", share);
    ItemsSketch<String> before = baseline.frequent();
    ItemsSketch<String> now = current.frequent();
    long baseValues = baseline.rows() - baseline.nulls();
    long values = current.rows() - current.nulls();
    List<String> gone = new ArrayList<>();
    if (before == null || now == null || baseValues == 0 || values * share < 10) {
      return gone;
    }
    for (ItemsSketch.Row<String> row : before.getFrequentItems(ErrorType.NO_FALSE_POSITIVES)) {
      boolean frequent = (double) row.getLowerBound() / baseValues >= share;
      if (frequent && now.getUpperBound(row.getItem()) < 0.1 * share * values) {
        gone.add(row.getItem());
      }
    }
    return gone;
  }

  /** Whether {@code current} has too few values for {@link #vanished} to tell. */
  public static boolean tooFewForCategories(ColumnProfile current, double share) {
    return (current.rows() - current.nulls()) * share < 10;
  }

  private static boolean empty(KllDoublesSketch sketch) {
    return sketch == null || sketch.isEmpty();
  }

  private static double[] splits(KllDoublesSketch baseline) {
    double[] splits = new double[PSI_BINS - 1];
    for (int i = 1; i < PSI_BINS; i++) {
      splits[i - 1] = baseline.getQuantile((double) i / PSI_BINS);
    }
    double[] unique = Arrays.stream(splits).filter(Double::isFinite).distinct().sorted().toArray();
    // The top split at the maximum would leave an always-empty last bin.
    if (unique.length > 0 && unique[unique.length - 1] >= baseline.getMaxItem()) {
      unique = Arrays.copyOf(unique, unique.length - 1);
    }
    return unique;
  }

  /** The share of the sketch's values in each bin: (-inf, s0], (s0, s1], ..., (s_last, inf). */
  private static double[] masses(KllDoublesSketch sketch, double[] splits) {
    double[] cdf = sketch.getCDF(splits, QuantileSearchCriteria.INCLUSIVE);
    double[] pmf = new double[cdf.length];
    double previous = 0;
    for (int i = 0; i < cdf.length; i++) {
      pmf[i] = cdf[i] - previous;
      previous = cdf[i];
    }
    return pmf;
  }
}

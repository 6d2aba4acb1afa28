package dev.floe.ingest.profile;

import java.util.Comparator;
import java.util.Objects;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.theta.CompactSketch;
import org.apache.datasketches.theta.SetOperation;
import org.apache.datasketches.theta.Union;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Type;

/**
 * One column's profile over some rows: counts, min/max (Iceberg's internal representation, as
 * {@code Conversions} takes it), a theta sketch of distinct values (fed Iceberg's single-value
 * serialization, so it merges with Spark's and Trino's), KLL quantiles for numbers, dates and
 * times, frequent items for strings, and for {@code list<float>} the dimension, the NaN elements,
 * quantiles of the L2 norms and per-dimension means (for mean-shift drift). Sketches this holds are
 * never changed: {@link #merge} builds new ones, so a profile can be shared between threads.
 */
public final class ColumnProfile {
  static final int FREQUENT_ITEMS_MAP_SIZE = 64;

  private final int fieldId;
  private final String name;
  private final Type type;
  private final long rows;
  private final long nulls;
  private final long nans;
  private final Object min;
  private final Object max;
  private final CompactSketch theta; // null for list<float>
  private final KllDoublesSketch quantiles; // null unless a number, date, time or timestamp
  private final ItemsSketch<String> frequent; // null unless a string
  private final int dimension; // list<float>: -1 none yet, -2 mixed
  private final KllDoublesSketch norms; // list<float> only
  private final Moments moments; // list<float> only; null when unknown

  ColumnProfile(
      int fieldId,
      String name,
      Type type,
      long[] counts,
      Object min,
      Object max,
      CompactSketch theta,
      KllDoublesSketch quantiles,
      ItemsSketch<String> frequent,
      int dimension,
      KllDoublesSketch norms,
      Moments moments) {
    this.fieldId = fieldId;
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
    this.rows = counts[0];
    this.nulls = counts[1];
    this.nans = counts[2];
    this.min = min;
    this.max = max;
    this.theta = theta;
    this.quantiles = quantiles;
    this.frequent = frequent;
    this.dimension = dimension;
    this.norms = norms;
    this.moments = moments;
  }

  public int fieldId() {
    return fieldId;
  }

  public String name() {
    return name;
  }

  public Type type() {
    return type;
  }

  public long rows() {
    return rows;
  }

  public long nulls() {
    return nulls;
  }

  /** NaN values; for {@code list<float>}, NaN elements. */
  public long nans() {
    return nans;
  }

  /** The smallest non-null, non-NaN value (Iceberg's internal representation); null if none. */
  public Object min() {
    return min;
  }

  public Object max() {
    return max;
  }

  /** Distinct non-null values, estimated; -1 when this column keeps no theta sketch. */
  public long ndv() {
    return theta == null ? -1 : Math.round(theta.getEstimate());
  }

  /** The theta sketch of distinct values, or null ({@code list<float>}). */
  public CompactSketch theta() {
    return theta;
  }

  /** The quantile at rank {@code rank} (0..1) of the values; NaN when none were seen. */
  public double quantile(double rank) {
    return quantiles == null || quantiles.isEmpty() ? Double.NaN : quantiles.getQuantile(rank);
  }

  public KllDoublesSketch quantiles() {
    return quantiles;
  }

  /** Strings: the items seen more often than the sketch's error, most frequent first. */
  public ItemsSketch.Row<String>[] frequentItems() {
    return frequent == null ? null : frequent.getFrequentItems(ErrorType.NO_FALSE_POSITIVES);
  }

  public ItemsSketch<String> frequent() {
    return frequent;
  }

  /** {@code list<float>}: the one length of every non-null list, -1 when none, -2 when mixed. */
  public int dimension() {
    return dimension;
  }

  /** {@code list<float>}: quantile at {@code rank} of the lists' L2 norms; NaN when none. */
  public double normQuantile(double rank) {
    return norms == null || norms.isEmpty() ? Double.NaN : norms.getQuantile(rank);
  }

  public KllDoublesSketch norms() {
    return norms;
  }

  /**
   * {@code list<float>}: each dimension's mean over the lists without a null or NaN element; null
   * when unknown (mixed dimensions, no such list, or a profile written before Floe kept means).
   */
  public double[] dimensionMeans() {
    return moments == null ? null : moments.means();
  }

  /** {@code list<float>}: each dimension's standard deviation, as {@link #dimensionMeans}. */
  public double[] dimensionStdDevs() {
    return moments == null ? null : moments.stdDevs();
  }

  /** {@code list<float>}: how many lists the means are over; 0 when unknown. */
  public long dimensionRows() {
    return moments == null ? 0 : moments.rows();
  }

  Moments moments() {
    return moments;
  }

  /** The profile of both sets of rows; {@code other} must be the same field with the same type. */
  public ColumnProfile merge(ColumnProfile other) {
    Preconditions.checkArgument(
        other.fieldId == fieldId && other.type.equals(type),
        "Cannot merge profiles of %s (%s, id %s) and %s (%s, id %s)",
        name,
        type,
        fieldId,
        other.name,
        other.type,
        other.fieldId);
    Comparator<Object> order = type.isPrimitiveType() ? comparator(type) : null;
    return new ColumnProfile(
        fieldId,
        other.name,
        type,
        new long[] {rows + other.rows, nulls + other.nulls, nans + other.nans},
        pick(min, other.min, order, true),
        pick(max, other.max, order, false),
        union(theta, other.theta),
        kll(quantiles, other.quantiles),
        items(frequent, other.frequent),
        dimension == -1
            ? other.dimension
            : other.dimension == -1 || other.dimension == dimension ? dimension : -2,
        kll(norms, other.norms),
        dimension == -1
            ? other.moments
            : other.dimension == -1 ? moments : Moments.merge(moments, other.moments));
  }

  static CompactSketch union(CompactSketch a, CompactSketch b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    Union union = SetOperation.builder().buildUnion();
    union.union(a);
    union.union(b);
    return union.getResult();
  }

  private static Object pick(Object a, Object b, Comparator<Object> order, boolean smaller) {
    if (a == null || b == null || order == null) {
      return a == null ? b : a;
    }
    int cmp = order.compare(a, b);
    return smaller == (cmp <= 0) ? a : b;
  }

  private static KllDoublesSketch kll(KllDoublesSketch a, KllDoublesSketch b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    KllDoublesSketch merged =
        KllDoublesSketch.heapify(org.apache.datasketches.memory.Memory.wrap(a.toByteArray()));
    merged.merge(b);
    return merged;
  }

  private static ItemsSketch<String> items(ItemsSketch<String> a, ItemsSketch<String> b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    ArrayOfStringsSerDe serDe = new ArrayOfStringsSerDe();
    ItemsSketch<String> merged =
        ItemsSketch.getInstance(
            org.apache.datasketches.memory.Memory.wrap(a.toByteArray(serDe)), serDe);
    return merged.merge(b);
  }

  static Comparator<Object> comparator(Type type) {
    @SuppressWarnings("unchecked")
    Comparator<Object> order =
        (Comparator<Object>) (Comparator<?>) Comparators.forType(type.asPrimitiveType());
    return order;
  }
}

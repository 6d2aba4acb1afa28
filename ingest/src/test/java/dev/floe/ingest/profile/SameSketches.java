package dev.floe.ingest.profile;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Asserts two profiles hold the same sketches: counts, bounds, theta (bytes, or estimates when
 * merged in another order) and frequent items exactly; KLL, which compacts at random, by its count
 * and its exact min and max.
 */
public final class SameSketches {
  private SameSketches() {}

  /** {@code actual} was built from the same values in the same order as {@code expected}. */
  public static void assertSame(Profile expected, Profile actual) {
    assertSame(expected, actual, true);
  }

  /** {@code actual} holds the same rows, maybe merged in another order: theta by estimate. */
  public static void assertSameMerged(Profile expected, Profile actual) {
    assertSame(expected, actual, false);
  }

  private static void assertSame(Profile expected, Profile actual, boolean sameOrder) {
    assertThat(actual.rows()).isEqualTo(expected.rows());
    assertThat(actual.columns().keySet()).isEqualTo(expected.columns().keySet());
    for (ColumnProfile want : expected.columns().values()) {
      ColumnProfile got = actual.columns().get(want.fieldId());
      String name = want.name();
      assertThat(got.rows()).as(name).isEqualTo(want.rows());
      assertThat(got.nulls()).as(name).isEqualTo(want.nulls());
      assertThat(got.nans()).as(name).isEqualTo(want.nans());
      assertThat(got.min()).as(name).isEqualTo(want.min());
      assertThat(got.max()).as(name).isEqualTo(want.max());
      if (want.theta() == null) {
        assertThat(got.theta()).as(name).isNull();
      } else if (sameOrder) {
        assertThat(got.theta().toByteArray()).as(name).isEqualTo(want.theta().toByteArray());
      } else {
        assertThat(got.theta().getEstimate()).as(name).isEqualTo(want.theta().getEstimate());
      }
      sameKll(name, want.quantiles(), got.quantiles());
      sameKll(name + " norms", want.norms(), got.norms());
      assertThat(got.dimension()).as(name).isEqualTo(want.dimension());
      if (want.frequent() != null) {
        assertThat(rows(got.frequentItems())).as(name).isEqualTo(rows(want.frequentItems()));
      }
    }
  }

  private static void sameKll(String name, KllDoublesSketch want, KllDoublesSketch got) {
    if (want == null) {
      assertThat(got).as(name).isNull();
      return;
    }
    assertThat(got.getN()).as(name).isEqualTo(want.getN());
    if (!want.isEmpty()) {
      assertThat(got.getMinItem()).as(name).isEqualTo(want.getMinItem());
      assertThat(got.getMaxItem()).as(name).isEqualTo(want.getMaxItem());
    }
  }

  private static java.util.List<String> rows(ItemsSketch.Row<String>[] items) {
    return java.util.Arrays.stream(items)
        .map(r -> r.getItem() + "=" + r.getEstimate())
        .sorted()
        .toList();
  }
}

package dev.floe.cli;

import dev.floe.ingest.profile.ColumnProfile;
import dev.floe.ingest.profile.Drift;
import dev.floe.ingest.profile.Profile;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * The change from a baseline profile to another, per column both have: row counts, null rates,
 * distinct counts, medians, and the drift measures contracts use ({@link Drift}): PSI, the KS
 * distance with its threshold at p {@value #KS_P}, the largest embedding mean shift, and categories
 * holding at least {@value #SHARE} of the baseline that vanished.
 */
final class ProfileDiff {
  static final double KS_P = 0.01;
  static final double SHARE = 0.05;

  private final Profile baseline;
  private final Profile current;

  ProfileDiff(Profile baseline, Profile current) {
    this.baseline = baseline;
    this.current = current;
  }

  private List<ColumnProfile[]> pairs() {
    List<ColumnProfile[]> pairs = new ArrayList<>();
    for (ColumnProfile now : current.columns().values()) {
      ColumnProfile then = baseline.columns().get(now.fieldId());
      if (then != null && then.type().equals(now.type())) {
        pairs.add(new ColumnProfile[] {then, now});
      }
    }
    return pairs;
  }

  void print(PrintWriter out) {
    TextTable table =
        new TextTable()
            .text("column")
            .number("rows", "null rate", "distinct")
            .text("p50", "psi", "ks d (threshold)", "notes");
    for (ColumnProfile[] p : pairs()) {
      ColumnProfile then = p[0];
      ColumnProfile now = p[1];
      KllDoublesSketch a = sketch(then);
      KllDoublesSketch b = sketch(now);
      String ks = "";
      if (a != null && b != null && !a.isEmpty() && !b.isEmpty()) {
        ks =
            String.format(
                Locale.ROOT,
                "%.4f (%.4f)%s",
                Drift.ksDistance(a, b),
                Drift.ksThreshold(a, b, KS_P),
                Drift.ksDistance(a, b) > Drift.ksThreshold(a, b, KS_P) ? " DRIFT" : "");
      }
      table.row(
          now.name(),
          Format.count(then.rows()) + " -> " + Format.count(now.rows()),
          String.format(Locale.ROOT, "%.4f -> %.4f", nullRate(then), nullRate(now)),
          then.ndv() < 0 ? "" : Format.count(then.ndv()) + " -> " + Format.count(now.ndv()),
          now.norms() != null || now.quantiles() == null
              ? ""
              : ProfileView.quantileText(then.type(), then.quantile(0.5))
                  + " -> "
                  + ProfileView.quantileText(now.type(), now.quantile(0.5)),
          a == null ? "" : String.format(Locale.ROOT, "%.4f", Drift.psi(a, b)),
          ks,
          notes(then, now));
    }
    table.print(out);
  }

  private static String notes(ColumnProfile then, ColumnProfile now) {
    List<String> notes = new ArrayList<>();
    Drift.MeanShift shift = Drift.meanShift(then, now);
    if (shift != null) {
      notes.add(
          String.format(
              Locale.ROOT,
              "mean shift %.3f sigma at dimension %d",
              shift.sigmas(),
              shift.dimension()));
    }
    if (then.frequent() != null && !Drift.tooFewForCategories(now, SHARE)) {
      List<String> gone = Drift.vanished(then, now, SHARE);
      if (!gone.isEmpty()) {
        notes.add("vanished " + gone);
      }
    }
    return String.join(", ", notes);
  }

  List<Map<String, Object>> json() {
    List<Map<String, Object>> columns = new ArrayList<>();
    for (ColumnProfile[] p : pairs()) {
      ColumnProfile then = p[0];
      ColumnProfile now = p[1];
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("column", now.name());
      m.put("type", now.type().toString());
      m.put("rows", List.of(then.rows(), now.rows()));
      m.put("null_rate", List.of(nullRate(then), nullRate(now)));
      m.put("distinct", then.ndv() < 0 ? null : List.of(then.ndv(), now.ndv()));
      KllDoublesSketch a = sketch(then);
      KllDoublesSketch b = sketch(now);
      boolean comparable = a != null && b != null && !a.isEmpty() && !b.isEmpty();
      m.put("psi", comparable ? Drift.psi(a, b) : null);
      m.put("ks_distance", comparable ? Drift.ksDistance(a, b) : null);
      m.put("ks_threshold", comparable ? Drift.ksThreshold(a, b, KS_P) : null);
      Drift.MeanShift shift = Drift.meanShift(then, now);
      m.put("mean_shift_sigmas", shift == null ? null : shift.sigmas());
      m.put("mean_shift_dimension", shift == null ? null : shift.dimension());
      m.put(
          "vanished",
          then.frequent() == null || Drift.tooFewForCategories(now, SHARE)
              ? null
              : Drift.vanished(then, now, SHARE));
      columns.add(m);
    }
    return columns;
  }

  /** Quantiles of the values, or of the norms for embeddings; null when the column has none. */
  private static KllDoublesSketch sketch(ColumnProfile c) {
    return c.norms() != null ? c.norms() : c.quantiles();
  }

  private static double nullRate(ColumnProfile c) {
    return c.rows() == 0 ? 0 : (double) c.nulls() / c.rows();
  }
}

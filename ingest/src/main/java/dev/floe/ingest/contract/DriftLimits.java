package dev.floe.ingest.contract;

import java.util.Set;

/**
 * What a {@code drift} rule compares with and how much change it allows; a null limit is not
 * checked. The baseline is a branch or tag ({@code baseline}) or the appends right before the
 * checked one ({@code baselineCommits}); with neither, the check's own baseline must be given
 * ({@link ContractCheck#baseline}).
 *
 * @param psi the most population stability index allowed (numbers, dates, timestamps; embedding
 *     norms)
 * @param ksPValue the p-value at which a two-sample Kolmogorov-Smirnov test calls the two samples
 *     different (sketch error included)
 * @param meanShift the most any embedding dimension's mean may move, in baseline standard
 *     deviations
 * @param vanishedShare strings: a category with at least this share of the baseline's values must
 *     not fall under a tenth of it
 */
public record DriftLimits(
    String baseline,
    Integer baselineCommits,
    Double psi,
    Double ksPValue,
    Double meanShift,
    Double vanishedShare) {
  /** The fields a drift rule takes in a contract file (besides rule, severity, description). */
  static final Set<String> FIELDS =
      Set.of(
          "column",
          "baseline",
          "baseline_commits",
          "psi",
          "ks_p_value",
          "mean_shift",
          "vanished_share");
}

package dev.floe.timetravel;

import dev.floe.lockformat.SplitHash;
import java.util.Objects;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * A deterministic train/validation/test split: a row's part depends only on its key value and the
 * seed (SHA-256 of the seed and the key's bytes, {@link SplitHash}, which Spark executors call
 * too), never on file layout or read order, so compaction or a rerun cannot move a row between
 * parts.
 *
 * <pre>{@code
 * Split split = Split.by("user_id").train(0.8).validation(0.1).test(0.1).seed(42).build();
 * }</pre>
 *
 * @param keyColumn a top-level column (long, int, string or binary) identifying a row or group
 * @param train the fraction of keys in the training part; the three fractions sum to 1
 */
public record Split(String keyColumn, double train, double validation, double test, long seed) {
  /** The three parts of a split. */
  public enum Part {
    TRAIN,
    VALIDATION,
    TEST
  }

  public Split {
    Objects.requireNonNull(keyColumn, "keyColumn");
    Preconditions.checkArgument(
        train >= 0
            && validation >= 0
            && test >= 0
            && Math.abs(train + validation + test - 1) <= 1e-9,
        "Invalid split %s/%s/%s: fractions must be non-negative and sum to 1",
        train,
        validation,
        test);
  }

  /**
   * Starts a split by a hash of {@code keyColumn}; name each part's fraction (unnamed parts get
   * none) and the seed, then {@link Builder#build()}.
   */
  public static Builder by(String keyColumn) {
    return new Builder(Objects.requireNonNull(keyColumn, "keyColumn"));
  }

  /** Names the fractions one by one, so three numbers in a row cannot be swapped unnoticed. */
  public static final class Builder {
    private final String keyColumn;
    private double train;
    private double validation;
    private double test;
    private Long seed;

    private Builder(String keyColumn) {
      this.keyColumn = keyColumn;
    }

    /** The fraction of keys in the training part; default 0. */
    public Builder train(double fraction) {
      this.train = fraction;
      return this;
    }

    /** The fraction of keys in the validation part; default 0. */
    public Builder validation(double fraction) {
      this.validation = fraction;
      return this;
    }

    /** The fraction of keys in the test part; default 0. */
    public Builder test(double fraction) {
      this.test = fraction;
      return this;
    }

    /** The seed hashed with each key; required, since it decides every key's part. */
    public Builder seed(long newSeed) {
      this.seed = newSeed;
      return this;
    }

    /** The split; throws if the fractions are negative or do not sum to 1, or no seed is set. */
    public Split build() {
      Preconditions.checkState(seed != null, "Cannot build a split on %s: no seed set", keyColumn);
      return new Split(keyColumn, train, validation, test, seed);
    }
  }

  /** The part a row with this key value falls in; a null key always goes to training. */
  public Part partOf(Object key) {
    if (key == null) {
      return Part.TRAIN;
    }
    double position = SplitHash.position(seed, keyColumn, key);
    if (position < train) {
      return Part.TRAIN;
    }
    return position < train + validation ? Part.VALIDATION : Part.TEST;
  }
}

package dev.floe.columnar;

import java.util.Objects;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * The rows of a data file that one origin contributed: a producer's batches of one writer run (and,
 * for {@code floe ingest}, one input file). An unknown origin (a file written before Floe kept
 * provenance, or by another engine) has a null producer, run and source and sequences of -1.
 *
 * @param producer the producer id of the batches, or null when unknown
 * @param run the writer run (ingest run or writer id) that wrote them, or null
 * @param source the input file the rows were read from ({@code floe ingest}), or null
 * @param firstSeq the lowest batch sequence among the rows, -1 when unknown
 * @param lastSeq the highest batch sequence among the rows, -1 when unknown
 * @param rows how many rows of the file came from this origin
 */
public record Contribution(
    String producer, String run, String source, long firstSeq, long lastSeq, long rows) {
  public Contribution {
    Preconditions.checkArgument(rows >= 0, "Invalid contribution: %s rows", rows);
    Preconditions.checkArgument(
        firstSeq <= lastSeq, "Invalid contribution: sequences %s..%s", firstSeq, lastSeq);
  }

  /**
   * Rows of a producer's batch {@code sequence} written by {@code run}, read from {@code source}.
   */
  public static Contribution of(
      String producer, String run, String source, long sequence, long rows) {
    Objects.requireNonNull(producer, "producer");
    return new Contribution(producer, run, source, sequence, sequence, rows);
  }

  /** Rows whose origin nobody recorded. */
  public static Contribution unknown(long rows) {
    return new Contribution(null, null, null, -1, -1, rows);
  }

  public boolean isKnown() {
    return producer != null;
  }

  /** The same origin with another row count. */
  public Contribution withRows(long count) {
    return new Contribution(producer, run, source, firstSeq, lastSeq, count);
  }

  /** Whether {@code other} has the same producer, run and source (sequences may differ). */
  public boolean sameOrigin(Contribution other) {
    return Objects.equals(producer, other.producer)
        && Objects.equals(run, other.run)
        && Objects.equals(source, other.source);
  }

  /** Both as one: the sequence span covering both, the rows added up; same origin only. */
  public Contribution merge(Contribution other) {
    Preconditions.checkArgument(sameOrigin(other), "Cannot merge %s and %s", this, other);
    return new Contribution(
        producer,
        run,
        source,
        Math.min(firstSeq, other.firstSeq),
        Math.max(lastSeq, other.lastSeq),
        rows + other.rows);
  }
}

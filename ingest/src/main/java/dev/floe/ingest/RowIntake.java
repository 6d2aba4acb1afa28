package dev.floe.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.iceberg.Table;

/**
 * Turns what a producer sent into a batch ready to write: converts map rows, applies the writer's
 * row rules and sends failing rows to the dead letters (or fails the batch without them).
 */
final class RowIntake implements AutoCloseable {
  private final BatchAppender appender;
  private final List<RowRule> rules;
  private final ListDimensions dimensions;
  private final Timestamps.EpochUnit epochUnit;
  private final DeadLetterWriter deadLetters;

  /** The writer's {@code rules}, and the epoch unit and dimensions {@code table} declares. */
  RowIntake(
      BatchAppender appender, Table table, List<RowRule> rules, DeadLetterWriter deadLetters) {
    this.appender = appender;
    this.rules = List.copyOf(rules);
    this.dimensions = ListDimensions.of(table.properties(), table.schema(), table.name());
    this.epochUnit = Timestamps.EpochUnit.of(table.properties(), table.name());
    this.deadLetters = deadLetters;
  }

  PendingBatch pending(Batch sent, String producer) {
    Batch batch = sent;
    long start = System.nanoTime();
    List<DeadLetter.Letter> letters = new ArrayList<>();
    int[] rowIndex = null;
    if (batch.rows() instanceof ArrowRows.View view
        && ArrowColumns.fits(
            appender.schema(),
            view,
            rules,
            dimensions,
            epochUnit,
            BatchFiles.describe(batch, producer))) {
      return new PendingBatch(batch.asColumnsOf(appender.schema()), producer, start);
    }
    if (batch.isMapRows()) {
      MapBatch converted =
          MapBatch.convert(appender.schema(), batch, producer, epochUnit, deadLetters.enabled());
      batch = converted.batch();
      rowIndex = converted.rowIndex();
      letters.addAll(converted.letters());
    }
    if (rules.isEmpty() && dimensions.isEmpty() && letters.isEmpty()) {
      return new PendingBatch(batch, producer, start);
    }
    RowCheck.Split split =
        RowCheck.split(
            appender.schema(), batch, producer, rules, dimensions, deadLetters.enabled(), rowIndex);
    letters.addAll(split.letters());
    letters.sort(Comparator.comparingLong(DeadLetter.Letter::row));
    // Written before the good rows commit: a crash in between re-sends the same letters, never
    // loses them. A batch known committed already wrote its letters then.
    if (!letters.isEmpty() && !appender.isCommitted(producer, batch.sequence())) {
      deadLetters.write(producer, batch.sequence(), letters);
    }
    return new PendingBatch(split.good(), producer, start, letters.size());
  }

  @Override
  public void close() {
    deadLetters.close();
  }
}

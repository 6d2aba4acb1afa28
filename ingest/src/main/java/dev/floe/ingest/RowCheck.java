package dev.floe.ingest;

import dev.floe.catalog.exceptions.SchemaEvolutionException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.ValidationException;

/**
 * Splits a batch into the rows that pass the type, required, list dimension and declared row
 * checks, and dead letters for the rest. Without a dead-letter destination the first failing row
 * fails the batch.
 */
final class RowCheck {
  private static final Pattern COLUMN = Pattern.compile("column '([^']*)'");

  private RowCheck() {}

  record Split(Batch good, List<DeadLetter.Letter> letters) {}

  /** {@code rowIndex[i]}, if not null, is the index row i had in what the producer sent. */
  static Split split(
      Schema tableSchema,
      Batch batch,
      String producer,
      List<RowRule> rules,
      ListDimensions dimensions,
      boolean deadLetter,
      int[] rowIndex) {
    String who = BatchFiles.describe(batch, producer);
    RowConverter converter;
    try {
      converter = new RowConverter(tableSchema, batch.schema(), who);
    } catch (RuntimeException e) {
      converter = null; // the batch does not fit the table as it is: the schema check will say why
    }
    List<Record> records = batch.records();
    List<Record> good = new ArrayList<>(records.size());
    List<DeadLetter.Letter> letters = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      Record record = records.get(i);
      int row = rowIndex == null ? i : rowIndex[i];
      String reason = null;
      String column = null;
      try {
        if (converter != null) {
          converter.convert(record, row);
        }
      } catch (SchemaEvolutionException e) {
        if (!deadLetter) {
          throw e;
        }
        reason = e.getMessage();
        Matcher matcher = COLUMN.matcher(reason);
        column = matcher.find() ? matcher.group(1) : null;
      }
      String mismatch = reason == null ? dimensions.mismatch(record) : null;
      if (mismatch != null) {
        // Worded as a conversion failure: the list does not fit its column, as a fixed would not.
        reason = String.format("Cannot append %s: row %s %s", who, row, mismatch);
        if (!deadLetter) {
          throw new SchemaEvolutionException("%s", reason);
        }
        Matcher matcher = COLUMN.matcher(mismatch);
        column = matcher.find() ? matcher.group(1) : null;
      }
      for (int r = 0; reason == null && r < rules.size(); r++) {
        RowRule rule = rules.get(r);
        Object value =
            record.struct().field(rule.column()) == null ? null : record.getField(rule.column());
        if (!rule.test().test(value)) {
          column = rule.column();
          reason =
              String.format(
                  "Cannot append %s: row %s column '%s' value %s breaks rule '%s'",
                  who, row, column, value, rule.description());
          if (!deadLetter) {
            throw new ValidationException(reason);
          }
        }
      }
      if (reason == null) {
        good.add(record);
      } else {
        letters.add(
            new DeadLetter.Letter(
                producer, batch.sequence(), row, column, reason, String.valueOf(record)));
      }
    }
    if (letters.isEmpty()) {
      return new Split(batch, List.of());
    }
    return new Split(batch.withRecords(batch.schema(), good), letters);
  }
}

package dev.floe.ingest;

import dev.floe.catalog.exceptions.SchemaEvolutionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;

/**
 * A batch of map rows converted to records of the table schema; with a dead-letter destination, the
 * rows that cannot be converted become letters instead of failing the batch.
 *
 * @param rowIndex for each converted record, its index among the rows the producer sent
 */
record MapBatch(Batch batch, int[] rowIndex, List<DeadLetter.Letter> letters) {
  static MapBatch convert(
      Schema schema,
      Batch batch,
      String producer,
      Timestamps.EpochUnit epochUnit,
      boolean deadLetter) {
    String who = BatchFiles.describe(batch, producer);
    List<Map<String, Object>> rows = batch.rows();
    List<Record> records = new ArrayList<>(rows.size());
    int[] index = new int[rows.size()];
    List<DeadLetter.Letter> letters = new ArrayList<>();
    for (int row = 0; row < rows.size(); row++) {
      try {
        index[records.size()] = row;
        records.add(MapRows.convert(schema, rows.get(row), row, who, epochUnit));
      } catch (SchemaEvolutionException e) {
        if (!deadLetter) {
          throw e;
        }
        letters.add(
            new DeadLetter.Letter(
                producer,
                batch.sequence(),
                row,
                null,
                e.getMessage(),
                String.valueOf(rows.get(row))));
      }
    }
    Batch converted = batch.withRecords(schema, records);
    return new MapBatch(converted, java.util.Arrays.copyOf(index, records.size()), letters);
  }
}

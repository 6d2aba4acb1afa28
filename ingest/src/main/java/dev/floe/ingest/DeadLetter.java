package dev.floe.ingest;

import java.nio.file.Path;
import java.util.Objects;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;

/**
 * Where a {@link TableWriter} sends rows that fail its checks, so that the good rows of a batch
 * commit and nothing is lost. Each dead letter is a row of {@link #SCHEMA}: the producer, batch
 * sequence and row index, the column and reason, and the row as text.
 *
 * <p>Dead letters are written before the good rows commit, and re-sending a batch writes the same
 * ones again to the same place (a Parquet file named by producer and sequence is replaced; a table
 * appends through a writer of its own, exactly once per producer and sequence).
 */
public sealed interface DeadLetter
    permits DeadLetter.None, DeadLetter.ParquetFolder, DeadLetter.ToTable {
  Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "producer_id", Types.StringType.get()),
          Types.NestedField.required(2, "batch_sequence", Types.LongType.get()),
          Types.NestedField.required(3, "row_index", Types.LongType.get()),
          Types.NestedField.optional(4, "column_name", Types.StringType.get()),
          Types.NestedField.required(5, "reason", Types.StringType.get()),
          Types.NestedField.optional(6, "row_text", Types.StringType.get()));

  /** No destination: a batch with a failing row is rejected whole and nothing is written. */
  static DeadLetter none() {
    return None.INSTANCE;
  }

  /** One Parquet file of {@link #SCHEMA} per batch with bad rows, in {@code folder}. */
  static DeadLetter parquetFolder(Path folder) {
    return new ParquetFolder(Objects.requireNonNull(folder, "folder"));
  }

  /** Appends to {@code table}, which must have the columns of {@link #SCHEMA}. */
  static DeadLetter table(Table table) {
    return new ToTable(Objects.requireNonNull(table, "table"));
  }

  /** One failing row. */
  record Letter(
      String producer, long sequence, long row, String column, String reason, String text) {
    public Letter {
      Objects.requireNonNull(producer, "producer");
      Objects.requireNonNull(reason, "reason");
    }
  }

  enum None implements DeadLetter {
    INSTANCE
  }

  record ParquetFolder(Path folder) implements DeadLetter {}

  record ToTable(Table table) implements DeadLetter {}
}

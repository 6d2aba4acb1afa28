package dev.floe.timetravel;

import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;

/** Decodes one projected column of a Parquet file, row group by row group, into its vector. */
interface PageDecoder {
  /** The (first) Parquet leaf column whose pages this decodes. */
  ColumnDescriptor descriptor();

  /** Starts the column chunks of a new row group. */
  void start(PageReadStore group);

  /** Writes the next {@code rows} rows to {@code vector} at {@code at ..}; the vector has room. */
  void read(FieldVector vector, int at, int rows);
}

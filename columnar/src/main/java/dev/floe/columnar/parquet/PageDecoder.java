package dev.floe.columnar.parquet;

import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;

/**
 * Decodes one projected column of a Parquet file, row group by row group, into its vector. Made by
 * {@link PageDecoders#decoderFor}.
 */
public interface PageDecoder {
  /** The (first) Parquet leaf column whose pages this decodes. */
  ColumnDescriptor descriptor();

  /** Starts the column chunks of a new row group. */
  void start(PageReadStore group);

  /**
   * Writes the next {@code rows} rows to {@code vector} at {@code at ..}. The vector has room for
   * them (a variable-width vector's data buffer excepted, which grows); its value count is the
   * caller's to set.
   */
  void read(FieldVector vector, int at, int rows);
}

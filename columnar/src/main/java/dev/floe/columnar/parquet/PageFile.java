package dev.floe.columnar.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.io.InputFile;
import org.apache.parquet.hadoop.ParquetFileReader;

/**
 * A Parquet data file whose footer has been read, once, for whoever needs it: the file's key-value
 * metadata (e.g. Floe's provenance) and the page decoder ({@link #rows}). Reading the footer costs
 * as much as decoding a small file's pages, so a rewrite that needs both reads it here only.
 *
 * <p>The caller closes this; once {@link #rows} has handed the file to a {@link PageRows}, closing
 * that closes the file and closing this does nothing.
 */
public final class PageFile implements AutoCloseable {
  private final ParquetFileReader reader;
  private boolean handedOver;
  private boolean closed;

  private PageFile(ParquetFileReader reader) {
    this.reader = reader;
  }

  /**
   * Opens {@code file} ({@code length} bytes) and reads its footer; pages are decompressed with
   * {@code codecs} (null: the reader's own codecs).
   */
  public static PageFile open(InputFile file, long length, PageCodecs codecs) {
    return new PageFile(PageDecoders.open(file, 0, length, codecs));
  }

  /** The footer's key-value metadata (empty when it has none). */
  public Map<String, String> keyValueMetadata() {
    Map<String, String> metadata = reader.getFileMetaData().getKeyValueMetaData();
    return metadata == null ? Map.of() : metadata;
  }

  /**
   * Every row of the file in the columns of {@code schema}, or null when a column is not stored as
   * the decoder expects (missing, promoted, nested otherwise): the file then stays with this, and
   * the caller reads it another way.
   */
  public PageRows rows(Schema schema) {
    if (closed || handedOver) {
      throw new IllegalStateException("Cannot decode " + reader.getFile() + ": already handed on");
    }
    PageRows rows = PageRows.of(reader, schema);
    handedOver = rows != null;
    return rows;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!handedOver) {
      close(reader);
    }
  }

  static void close(ParquetFileReader reader) {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close data file " + reader.getFile(), e);
    }
  }
}

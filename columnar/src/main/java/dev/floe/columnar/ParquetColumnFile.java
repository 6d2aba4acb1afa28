package dev.floe.columnar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.ParquetCodecFactory;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.crypto.InternalFileEncryptor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;

/**
 * One Parquet data file, written row by row from Arrow vectors with the same calls, in the same
 * order, as Iceberg's ParquetWriter makes (one record per row into a {@link ColumnWriteStore}, the
 * row-group size checked at the same rows, the footer with Iceberg's key-value metadata), so for
 * the same rows and settings the bytes are the same. Metrics come from Iceberg's own footer code
 * ({@link ParquetUtil#footerMetrics}) fed with the float and double metrics its writers keep.
 */
final class ParquetColumnFile {
  private final ParquetWriteSettings settings;
  private final OutputFile output;
  private final List<ArrowFieldWriter> columns;
  private final CompressionCodecFactory.BytesInputCompressor compressor;
  private ParquetFileWriter writer;
  private ColumnChunkPageWriteStore pageStore;
  private ColumnWriteStore writeStore;
  private int rowGroupOrdinal;
  private long recordCount;
  private long nextCheckRecordCount;
  private long fileRecords;
  private boolean closed;
  private boolean ended;

  ParquetColumnFile(
      ParquetWriteSettings settings, OutputFile output, List<ArrowFieldWriter> columns) {
    this.settings = settings;
    this.output = output;
    this.columns = columns;
    this.compressor =
        new ParquetCodecFactory(settings.conf(), settings.properties().getPageSizeThreshold())
            .getCompressor(settings.codec());
    startRowGroup();
  }

  String location() {
    return output.location();
  }

  long records() {
    return fileRecords;
  }

  /** Binds the writers to this batch's top-level vectors of {@code rows} rows; checks each. */
  void bind(List<FieldVector> vectors, int rows) {
    for (int k = 0; k < columns.size(); k++) {
      columns.get(k).bind(vectors.get(k), rows);
    }
  }

  /**
   * Writes rows {@code order[from..to)} (rows {@code from..to} when {@code order} is null) column
   * by column, in runs that end where the column store or this file checks sizes. Each column
   * writer gets the same values in the same order as row by row, and every check sees the same
   * buffers, so the bytes are those of a row-by-row write; a column's dictionary and buffers stay
   * in the cache for the whole run instead of sharing it with every other column's on each row.
   */
  void write(int[] order, int from, int to) {
    int at = from;
    while (at < to) {
      int end = (int) Math.min(to, at + rowsToNextCheck());
      for (ArrowFieldWriter column : columns) {
        column.writeRows(order, at, end);
      }
      for (int k = at; k < end; k++) {
        writeStore.endRecord();
      }
      recordCount += end - at;
      fileRecords += end - at;
      checkSize();
      at = end;
    }
  }

  /** Rows until the store checks its pages or this file its row group; 1 if unknown. */
  private long rowsToNextCheck() {
    long rowGroup = nextCheckRecordCount - recordCount;
    long pages = StoreChecks.rowsToNextCheck(writeStore, recordCount);
    return Math.max(1, Math.min(rowGroup, pages));
  }

  /** Bytes written so far plus those buffered, as Iceberg's appender reports its length. */
  long length() {
    try {
      long length = writer != null ? writer.getPos() : 0L;
      if (!closed && recordCount > 0) {
        length += writeStore.getBufferedSize();
      }
      return length;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the length of " + output.location(), e);
    }
  }

  /**
   * Flushes the last row group and writes the footer, with {@code provenance} under {@link
   * Provenance#KEY} unless null; returns the file with its metrics.
   */
  DataFile close(PartitionSpec spec, StructLike partition, String provenance) {
    closed = true;
    try {
      flushRowGroup(true);
      writeStore.close();
      if (writer != null) {
        writer.end(footer(provenance));
      }
      ended = true;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot finish Parquet file " + output.location(), e);
    } finally {
      compressor.release();
    }
    Metrics metrics =
        ParquetUtil.footerMetrics(
            writer.getFooter(),
            columns.stream().flatMap(ArrowFieldWriter::metrics),
            settings.metricsConfig());
    return DataFiles.builder(spec)
        .withFormat(FileFormat.PARQUET)
        .withPath(output.location())
        .withPartition(partition)
        .withFileSizeInBytes(length())
        .withMetrics(metrics)
        .withSplitOffsets(ParquetUtil.getSplitOffsets(writer.getFooter()))
        .build();
  }

  private Map<String, String> footer(String provenance) {
    if (provenance == null) {
      return settings.footer();
    }
    Map<String, String> footer = new LinkedHashMap<>(settings.footer());
    footer.put(Provenance.KEY, provenance);
    return footer;
  }

  /**
   * Stops without a footer (unless already ended); the caller deletes the file. Buffered pages are
   * dropped, not compressed: they are on the heap.
   */
  void abort() {
    if (ended) {
      return;
    }
    ended = true;
    try {
      if (!closed) {
        compressor.release();
      }
    } finally {
      closed = true;
      if (writer != null) {
        writer.abort();
      }
    }
  }

  private void checkSize() {
    if (recordCount >= nextCheckRecordCount) {
      long bufferedSize = writeStore.getBufferedSize();
      double avgRecordSize = ((double) bufferedSize) / recordCount;
      if (bufferedSize > (settings.rowGroupSize() - 2 * avgRecordSize)) {
        flushRowGroup(false);
      } else {
        ParquetProperties props = settings.properties();
        long remainingRecords = (long) ((settings.rowGroupSize() - bufferedSize) / avgRecordSize);
        this.nextCheckRecordCount =
            recordCount
                + Math.min(
                    Math.max(remainingRecords / 2, props.getMinRowCountForPageSizeCheck()),
                    props.getMaxRowCountForPageSizeCheck());
      }
    }
  }

  private void flushRowGroup(boolean finished) {
    if (recordCount == 0) {
      return;
    }
    try {
      if (writer == null) {
        writer =
            new ParquetFileWriter(
                new ParquetOutput(output),
                settings.type(),
                ParquetFileWriter.Mode.OVERWRITE,
                settings.rowGroupSize(),
                0,
                settings.columnIndexTruncateLength(),
                ParquetProperties.DEFAULT_STATISTICS_TRUNCATE_LENGTH,
                ParquetProperties.DEFAULT_PAGE_WRITE_CHECKSUM_ENABLED,
                (InternalFileEncryptor) null);
        writer.start();
      }
      writer.startBlock(recordCount);
      writeStore.flush();
      pageStore.flushToFileWriter(writer);
      writer.endBlock();
      if (!finished) {
        writeStore.close();
        startRowGroup();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write a row group of " + output.location(), e);
    }
  }

  private void startRowGroup() {
    ParquetProperties props = settings.properties();
    this.nextCheckRecordCount =
        Math.min(
            Math.max(recordCount / 2, props.getMinRowCountForPageSizeCheck()),
            props.getMaxRowCountForPageSizeCheck());
    this.recordCount = 0;
    this.pageStore =
        new ColumnChunkPageWriteStore(
            compressor,
            settings.type(),
            props.getAllocator(),
            settings.columnIndexTruncateLength(),
            ParquetProperties.DEFAULT_PAGE_WRITE_CHECKSUM_ENABLED,
            null,
            rowGroupOrdinal);
    this.rowGroupOrdinal++;
    this.writeStore = props.newColumnWriteStore(settings.type(), pageStore, pageStore);
    for (ArrowFieldWriter column : columns) {
      column.setColumnStore(writeStore);
    }
  }
}

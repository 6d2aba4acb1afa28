package dev.floe.compaction;

import dev.floe.columnar.ColumnarFiles;
import dev.floe.columnar.Contribution;
import dev.floe.columnar.parquet.PageCodecs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;

/**
 * Reads the live rows of a group's files and writes them again as target-sized files through the
 * columnar writers: Parquet files that Floe's page decoder reads go as vectors ({@link PageFiles},
 * {@link SortedPages}), other files as Iceberg records.
 */
final class GroupRewriter {
  /** Where a group's rows go: one partition's files, deleted on close unless finished. */
  interface RowSink extends AutoCloseable {
    void write(Record row);

    /** Writes {@code row}, which came from {@code origin} (kept in the files' provenance). */
    default void write(Record row, Contribution origin) {
      write(row);
    }

    /** The files finished from now on keep provenance counts only (see ProvenanceLog). */
    default void losePositions() {}

    List<DataFile> finish();

    @Override
    void close();
  }

  private final Table table;
  private final Schema schema;
  private final long targetFileSizeBytes;
  private final FileFormat format;
  private final String runId;
  // Whether every column has an Arrow layout; v3's variant and geo types take the record path.
  private final boolean columnar;
  // Parquet files whose columns the page decoder reads skip Iceberg's records altogether.
  private final PageFiles pages;
  // Compacted files keep their group's spec; each spec's writers share one file name sequence.
  private final Map<Integer, ColumnarFiles> filesBySpec = new ConcurrentHashMap<>();
  private final RecordFiles records;
  // What a rewrite's files are written with, over the defaults: tiering's cold location and I/O.
  private final UnaryOperator<ColumnarFiles.Builder> where;
  private final FileIO io;
  private final SortOrder order;
  private final int maxRowsInMemory;
  // Whether each group is copied whole into one file (tiering): provenance is then concatenated.
  private final boolean copies;

  GroupRewriter(Table table, long targetFileSizeBytes, String runId) {
    this(table, targetFileSizeBytes, runId, null, Integer.MAX_VALUE);
  }

  /** With a sort order, rows are sorted within each output file, holding at most that many rows. */
  GroupRewriter(
      Table table, long targetFileSizeBytes, String runId, SortOrder sortOrder, int maxRows) {
    this(table, targetFileSizeBytes, runId, sortOrder, maxRows, true);
  }

  /** With {@code decodePages} false, every file takes the record path (tests compare the two). */
  GroupRewriter(
      Table table,
      long targetFileSizeBytes,
      String runId,
      SortOrder sortOrder,
      int maxRows,
      boolean decodePages) {
    this(
        table,
        targetFileSizeBytes,
        runId,
        sortOrder,
        maxRows,
        decodePages,
        b -> b,
        table.io(),
        false);
  }

  /**
   * A rewriter that copies each group, whose files have no delete files, whole into one file, with
   * {@code where} setting where the columnar writers write, through {@code io} (which must be the
   * FileIO {@code where} sets): tiering's cold files. Schemas without an Arrow layout take
   * Iceberg's writers to the table's location, so it is only for schemas that {@link
   * ColumnarFiles#takes}.
   */
  static GroupRewriter copying(
      Table table, String runId, UnaryOperator<ColumnarFiles.Builder> where, FileIO io) {
    return new GroupRewriter(
        table, Long.MAX_VALUE, runId, null, Integer.MAX_VALUE, true, where, io, true);
  }

  private GroupRewriter(
      Table table,
      long targetFileSizeBytes,
      String runId,
      SortOrder sortOrder,
      int maxRows,
      boolean decodePages,
      UnaryOperator<ColumnarFiles.Builder> where,
      FileIO io,
      boolean copies) {
    this.table = table;
    this.schema = table.schema();
    this.targetFileSizeBytes = targetFileSizeBytes;
    this.format = format(table);
    this.runId = runId;
    this.columnar = ColumnarFiles.takes(schema);
    this.pages = new PageFiles(table, schema, decodePages);
    this.records = new RecordFiles(table, schema);
    this.order = sortOrder;
    this.maxRowsInMemory = maxRows;
    this.where = where;
    this.io = io;
    this.copies = copies;
  }

  /**
   * Writes the group's live rows to new files, which are not yet part of the table: rows that the
   * group's delete files delete are dropped. Fails, deleting what it wrote, unless every row of the
   * input files was read and every live row came out again.
   */
  List<DataFile> rewrite(FileGroup group) {
    List<DataFile> written = new ArrayList<>();
    PageFiles.Tally tally = new PageFiles.Tally();
    GroupDeleteFilter.Cache deletes = new GroupDeleteFilter.Cache();
    // One allocator per group: groups rewrite in parallel, and closing it checks for leaks. The
    // codecs decompress the pages of every file of the group, one after another.
    try (BufferAllocator allocator = new RootAllocator();
        PageCodecs codecs = new PageCodecs()) {
      if (order == null) {
        try (RowSink writer = newWriter(group, allocator);
            PageFiles.Chunk chunk = pages.enabled() ? pages.newChunk(allocator) : null) {
          for (DataFile file : group.files()) {
            // A copy keeps the counts of a file without row positions; a rewrite cannot.
            boolean copy = copies && group.deletesOf(file) == null;
            try (PageFiles.Source source = pages.open(group, file, deletes, codecs, copy)) {
              RowOrigins origins = source.origins();
              if (origins.countsOnly()) {
                writer.losePositions();
              }
              if (source.decoded()) {
                source.writeTo((ChunkedWriter) writer, chunk, tally);
                continue;
              }
              try (CloseableIterable<Record> rows =
                  records.liveRows(group, file, deletes, tally, origins)) {
                for (Record row : rows) {
                  writer.write(row, origins.current());
                  tally.live++;
                }
              }
            }
          }
          written.addAll(writer.finish());
        }
      } else if (!pages.enabled()
          || !new SortedPages(pages, schema, order, maxRowsInMemory)
              .rewrite(
                  group,
                  allocator,
                  codecs,
                  () -> (ChunkedWriter) newWriter(group, allocator),
                  deletes,
                  written,
                  tally,
                  this)) {
        new SortedRecords(table, records, schema, order, maxRowsInMemory)
            .rewrite(group, () -> newWriter(group, allocator), deletes, written, tally);
      }
    } catch (IOException e) {
      deleteQuietly(written);
      throw new UncheckedIOException("Cannot rewrite files of partition " + group.partition(), e);
    } catch (RuntimeException e) {
      deleteQuietly(written);
      throw e;
    }
    long rowsWritten = written.stream().mapToLong(DataFile::recordCount).sum();
    if (tally.read != group.records() || rowsWritten != tally.live) {
      deleteQuietly(written);
      throw new ValidationException(
          "Cannot compact %d files of partition %s: their metadata counts %d rows, %d were read,"
              + " %d of them live, and %d written",
          group.files().size(),
          group.partition(),
          group.records(),
          tally.read,
          tally.live,
          rowsWritten);
    }
    return written;
  }

  /**
   * A writer of the group's partition, rolling at the target size; a failure before {@code
   * finish()} deletes what it wrote.
   */
  private RowSink newWriter(FileGroup group, BufferAllocator allocator) {
    ColumnarFiles files =
        filesBySpec.computeIfAbsent(
            group.spec().specId(),
            id ->
                where
                    .apply(
                        ColumnarFiles.forTable(table)
                            .schema(schema)
                            .spec(group.spec())
                            .format(format)
                            .targetFileSize(targetFileSizeBytes)
                            // The spec id keeps names unique: each counts its files on its own.
                            .fileIds(id, 0, runId))
                    .build());
    return columnar
        ? new ChunkedWriter(files, group.partition(), allocator)
        : new RecordWriter(files, group.partition());
  }

  /** Files read through the page decoder so far, for tests. */
  int decodedFiles() {
    return pages.decodedFiles();
  }

  void deleteQuietly(List<DataFile> written) {
    for (DataFile file : written) {
      try {
        io.deleteFile(file.location());
      } catch (RuntimeException e) {
        // Leftovers are orphans, which orphan cleanup removes; the original error matters more.
      }
    }
  }

  /** The format the table's writers use ({@code write.format.default}). */
  static FileFormat format(Table table) {
    return FileFormat.fromString(
        table
            .properties()
            .getOrDefault(
                TableProperties.DEFAULT_FILE_FORMAT, TableProperties.DEFAULT_FILE_FORMAT_DEFAULT));
  }

  /** The rows of one data file in the table schema; the caller closes the iterable. */
  CloseableIterable<Record> readRows(DataFile file) {
    return records.read(file, schema);
  }
}

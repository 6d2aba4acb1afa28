package dev.floe.compaction;

import dev.floe.columnar.ColumnarFiles;
import dev.floe.columnar.Contribution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.SortOrderComparators;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.formats.ReadBuilder;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;

/** Reads the live rows of a group's files and writes them again as target-sized files. */
final class GroupRewriter {
  private static final Set<Type.TypeID> ARROW_TYPES =
      EnumSet.complementOf(
          EnumSet.of(
              Type.TypeID.VARIANT,
              Type.TypeID.GEOMETRY,
              Type.TypeID.GEOGRAPHY,
              Type.TypeID.UNKNOWN));

  /** Where a group's rows go: one partition's files, deleted on close unless finished. */
  interface RowSink extends AutoCloseable {
    void write(Record row);

    /** Writes {@code row}, which came from {@code origin} (kept in the files' provenance). */
    default void write(Record row, Contribution origin) {
      write(row);
    }

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
  private final GenericFileWriterFactory recordWriters;
  private final OutputFileFactory recordFiles;
  // Compacted files keep their group's spec; each spec's writers share one file name sequence.
  private final Map<Integer, ColumnarFiles> filesBySpec = new ConcurrentHashMap<>();
  private final String nameMapping;
  private final SortOrder order;
  private final int maxRowsInMemory;

  GroupRewriter(Table table, long targetFileSizeBytes, String runId) {
    this(table, targetFileSizeBytes, runId, null, Integer.MAX_VALUE);
  }

  /** With a sort order, rows are sorted within each output file, holding at most that many rows. */
  GroupRewriter(
      Table table, long targetFileSizeBytes, String runId, SortOrder sortOrder, int maxRows) {
    this.table = table;
    this.schema = table.schema();
    this.targetFileSizeBytes = targetFileSizeBytes;
    this.format = format(table);
    this.runId = runId;
    this.columnar = TypeUtil.find(schema, type -> !ARROW_TYPES.contains(type.typeId())) == null;
    this.recordWriters = new GenericFileWriterFactory.Builder(table).dataFileFormat(format).build();
    this.recordFiles =
        OutputFileFactory.builderFor(table, 0, 0).format(format).operationId(runId).build();
    // Files imported without field ids can only be read through the table's name mapping.
    this.nameMapping = table.properties().get(TableProperties.DEFAULT_NAME_MAPPING);
    this.order = sortOrder;
    this.maxRowsInMemory = maxRows;
  }

  /**
   * Writes the group's live rows to new files, which are not yet part of the table: rows that the
   * group's delete files delete are dropped. Fails, deleting what it wrote, unless every row of the
   * input files was read and every live row came out again.
   */
  List<DataFile> rewrite(FileGroup group) {
    List<DataFile> written = new ArrayList<>();
    long[] read = {0};
    long live = 0;
    GroupDeleteFilter.Cache deletes = new GroupDeleteFilter.Cache();
    // One allocator per group: groups rewrite in parallel, and closing it checks for leaks.
    try (BufferAllocator allocator = new RootAllocator()) {
      if (order == null) {
        try (RowSink writer = newWriter(group, allocator)) {
          for (DataFile file : group.files()) {
            RowOrigins origins = RowOrigins.of(table.io(), file);
            try (CloseableIterable<Record> rows = liveRows(group, file, deletes, read, origins)) {
              for (Record row : rows) {
                writer.write(row, origins.current());
                live++;
              }
            }
          }
          written.addAll(writer.finish());
        }
      } else {
        List<Record> buffer = new ArrayList<>();
        List<Contribution> bufferOrigins = new ArrayList<>();
        for (DataFile file : group.files()) {
          RowOrigins origins = RowOrigins.of(table.io(), file);
          try (CloseableIterable<Record> rows = liveRows(group, file, deletes, read, origins)) {
            for (Record row : rows) {
              buffer.add(row);
              bufferOrigins.add(origins.current());
              live++;
              if (buffer.size() >= maxRowsInMemory) {
                written.addAll(writeSorted(group, buffer, bufferOrigins, allocator));
                buffer.clear();
                bufferOrigins.clear();
              }
            }
          }
        }
        if (!buffer.isEmpty()) {
          written.addAll(writeSorted(group, buffer, bufferOrigins, allocator));
        }
      }
    } catch (IOException e) {
      deleteQuietly(written);
      throw new UncheckedIOException("Cannot rewrite files of partition " + group.partition(), e);
    } catch (RuntimeException e) {
      deleteQuietly(written);
      throw e;
    }
    long rowsWritten = written.stream().mapToLong(DataFile::recordCount).sum();
    if (read[0] != group.records() || rowsWritten != live) {
      deleteQuietly(written);
      throw new ValidationException(
          "Cannot compact %d files of partition %s: their metadata counts %d rows, %d were read,"
              + " %d of them live, and %d written",
          group.files().size(), group.partition(), group.records(), read[0], live, rowsWritten);
    }
    return written;
  }

  /**
   * The rows of {@code file} that no delete file of the group deletes; {@code read[0]} counts every
   * row read, deleted or not. The one place compaction reads rows (with {@link #newWriter} the one
   * place it writes them).
   */
  private CloseableIterable<Record> liveRows(
      FileGroup group,
      DataFile file,
      GroupDeleteFilter.Cache cache,
      long[] read,
      RowOrigins origins) {
    FileScanTask task = group.deletesOf(file);
    if (task == null) {
      return counted(readRows(file, schema), read, origins);
    }
    GenericDeleteFilter deletes = new GroupDeleteFilter(table.io(), task, schema, cache);
    Schema required = deletes.requiredSchema();
    // The filter reads row positions (and equality columns) as extra columns after the table's:
    // the writers take fields by position, so the table's columns must come first, in order.
    int columns = schema.columns().size();
    if (required.columns().size() < columns
        || !required.columns().subList(0, columns).equals(schema.columns())) {
      throw new IllegalStateException(
          String.format(
              "Cannot apply the deletes of %s: the delete filter reads %s, not the table columns"
                  + " first",
              file.location(), required));
    }
    return deletes.filter(counted(readRows(file, required), read, origins));
  }

  private static CloseableIterable<Record> counted(
      CloseableIterable<Record> rows, long[] read, RowOrigins origins) {
    return CloseableIterable.transform(
        rows,
        row -> {
          read[0]++;
          origins.next();
          return row;
        });
  }

  /**
   * A writer of the group's partition, rolling at the target size; a failure before {@code
   * finish()} deletes what it wrote.
   */
  private RowSink newWriter(FileGroup group, BufferAllocator allocator) {
    if (!columnar) {
      return new RecordWriter(
          table, recordWriters, recordFiles, targetFileSizeBytes, group.spec(), group.partition());
    }
    ColumnarFiles columnar =
        filesBySpec.computeIfAbsent(
            group.spec().specId(),
            id ->
                ColumnarFiles.forTable(table)
                    .schema(schema)
                    .spec(group.spec())
                    .format(format)
                    .targetFileSize(targetFileSizeBytes)
                    // The spec id keeps names unique: each ColumnarFiles counts files on its own.
                    .fileIds(id, 0, runId)
                    .build());
    return new ChunkedWriter(columnar, group.partition(), allocator);
  }

  private List<DataFile> writeSorted(
      FileGroup group, List<Record> rows, List<Contribution> origins, BufferAllocator allocator) {
    // A comparator per call: its row wrappers are not thread-safe, and groups sort in parallel.
    Comparator<StructLike> byOrder = internalOrder(order);
    // Indexes sorted (stable, as rows.sort was), so each row keeps its origin.
    Integer[] sorted = new Integer[rows.size()];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = i;
    }
    java.util.Arrays.sort(sorted, (a, b) -> byOrder.compare(rows.get(a), rows.get(b)));
    try (RowSink writer = newWriter(group, allocator)) {
      for (int i : sorted) {
        writer.write(rows.get(i), origins.get(i));
      }
      return writer.finish();
    }
  }

  /** Compares generic rows by their internal values (timestamps as micros), as Iceberg sorts. */
  private Comparator<StructLike> internalOrder(SortOrder sortOrder) {
    Comparator<StructLike> internal = SortOrderComparators.forSchema(schema, sortOrder);
    InternalRecordWrapper left = new InternalRecordWrapper(schema.asStruct());
    InternalRecordWrapper right = new InternalRecordWrapper(schema.asStruct());
    return (a, b) -> internal.compare(left.wrap(a), right.wrap(b));
  }

  void deleteQuietly(List<DataFile> written) {
    for (DataFile file : written) {
      try {
        table.io().deleteFile(file.location());
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
    return readRows(file, schema);
  }

  private CloseableIterable<Record> readRows(DataFile file, Schema projection) {
    ReadBuilder<Record, Object> builder =
        FormatModelRegistry.<Record, Object>readBuilder(
                file.format(), Record.class, table.io().newInputFile(file))
            .project(projection);
    if (nameMapping != null) {
      builder = builder.withNameMapping(NameMappingParser.fromJson(nameMapping));
    }
    return builder.build();
  }
}

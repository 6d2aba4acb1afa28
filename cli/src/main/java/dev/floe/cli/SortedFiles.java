package dev.floe.cli;

import dev.floe.catalog.ResolvedTable;
import dev.floe.catalog.TableSpecs;
import dev.floe.catalog.internal.CarriedLedger;
import dev.floe.compaction.CompactionProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.SortOrderComparators;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.util.PropertyUtil;

/**
 * {@code floe ingest --sort-by}: rewrites the data files that the run's own snapshots added with
 * their rows sorted, one replace commit per such snapshot, so each file is sorted as a whole (the
 * writer fills a file from many batches). Files get the id of the table's sort order when the order
 * is one of the table's, else 0 (no claim). The rewrite keeps each snapshot's data sequence number,
 * so equality deletes apply as before, carries the exactly-once ledger, and fails rather than
 * replace a file that changed meanwhile (compacted, or deleted rows). Costs a second write of the
 * data, and memory for {@code floe.compaction.sort.max-rows-in-memory} rows (500,000 unless the
 * table says otherwise): a file holding more becomes several files, each sorted.
 */
final class SortedFiles {
  private final Table table;
  private final String branch;
  private final SortOrder order;
  private final SortOrder declared; // the table's equal order, or unsorted
  private final int maxRows;

  SortedFiles(ResolvedTable target, SortOrder order) {
    this.table = target.table();
    this.branch = target.ref();
    this.order = order;
    this.declared =
        table.sortOrders().values().stream()
            .filter(known -> known.sameOrder(order))
            .findFirst()
            .orElse(SortOrder.unsorted());
    this.maxRows =
        PropertyUtil.propertyAsInt(
            table.properties(),
            CompactionProperties.SORT_MAX_ROWS_IN_MEMORY,
            CompactionProperties.SORT_MAX_ROWS_IN_MEMORY_DEFAULT);
  }

  /**
   * The order to sort a run's files by: {@code text} (--sort-by), else the table's own; null for
   * none (an unsorted table, or {@code none}). Throws {@link IllegalArgumentException} for an order
   * the table's columns cannot have.
   */
  static SortOrder orderFor(Table table, String text) {
    if (text == null) {
      return table.sortOrder().isSorted() ? table.sortOrder() : null;
    }
    return "none".equalsIgnoreCase(text.trim()) ? null : TableSpecs.sortOrder(table.schema(), text);
  }

  /** Sorts the files that {@code ingests} committed; returns the replace commits made. */
  int sort(List<FileIngest> ingests) {
    return rewrite(ingests.stream().flatMap(f -> f.snapshots.stream()).toList());
  }

  /** Rewrites the files of {@code snapshotIds}, oldest first; returns the replace commits made. */
  int rewrite(List<Long> snapshotIds) {
    table.refresh();
    int commits = 0;
    for (long id : snapshotIds.stream().sorted().toList()) {
      Snapshot snapshot = table.snapshot(id);
      List<DataFile> files = new ArrayList<>();
      snapshot.addedDataFiles(table.io()).forEach(files::add);
      if (files.isEmpty()) {
        continue;
      }
      List<DataFile> sorted = new ArrayList<>();
      try {
        for (DataFile file : files) {
          sorted.addAll(sort(file));
        }
        Snapshot start = table.snapshot(branch);
        CarriedLedger.commit(
            table,
            branch,
            txn -> {
              RewriteFiles rewrite =
                  txn.newRewrite()
                      .toBranch(branch)
                      .validateFromSnapshot(start.snapshotId())
                      .dataSequenceNumber(snapshot.sequenceNumber())
                      .set("floe.ingest.sorted-snapshot", Long.toString(id));
              files.forEach(rewrite::deleteFile);
              sorted.forEach(rewrite::addFile);
              return rewrite;
            });
      } catch (RuntimeException e) {
        sorted.forEach(file -> deleteQuietly(file.location()));
        throw new IllegalStateException(
            String.format(
                "Cannot sort the files of snapshot %s (its rows are committed, unsorted): %s",
                id, FloeCli.oneLine(e)),
            e);
      }
      commits++;
    }
    return commits;
  }

  /**
   * {@code file}'s rows sorted, in files of at most {@link #maxRows} rows each (the table's {@link
   * CompactionProperties#SORT_MAX_ROWS_IN_MEMORY}, as compaction sorts): each output file sorted.
   */
  private List<DataFile> sort(DataFile file) {
    Schema schema = table.schema();
    List<DataFile> written = new ArrayList<>();
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> read =
        FormatModelRegistry.<Record, Object>readBuilder(
                file.format(), Record.class, table.io().newInputFile(file))
            .project(schema)
            .build()) {
      for (Record row : read) {
        rows.add(row.copy());
        if (rows.size() == maxRows) {
          written.add(write(file, schema, rows));
          rows.clear();
        }
      }
      if (!rows.isEmpty() || written.isEmpty()) {
        written.add(write(file, schema, rows));
      }
    } catch (IOException | RuntimeException e) {
      written.forEach(done -> deleteQuietly(done.location()));
      throw e instanceof IOException io
          ? new UncheckedIOException("Cannot read " + file.location(), io)
          : (RuntimeException) e;
    }
    return written;
  }

  private DataFile write(DataFile file, Schema schema, List<Record> rows) {
    rows.sort(internalOrder(schema));
    PartitionSpec spec = table.specs().get(file.specId());
    FileFormat format = file.format();
    GenericFileWriterFactory writers =
        new GenericFileWriterFactory.Builder(table)
            .dataFileFormat(format)
            .dataSchema(schema)
            .dataSortOrder(declared)
            .build();
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, 0, 0)
            .format(format)
            .operationId("sort-" + UUID.randomUUID())
            .build();
    EncryptedOutputFile out =
        file.partition() == null || spec.isUnpartitioned()
            ? files.newOutputFile()
            : files.newOutputFile(spec, file.partition());
    DataWriter<Record> writer = writers.newDataWriter(out, spec, file.partition());
    try (writer) {
      rows.forEach(writer::write);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(out.encryptingOutputFile().location());
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
    return writer.toDataFile();
  }

  /** Compares rows by their internal values (timestamps as micros), as Iceberg sorts them. */
  private Comparator<Record> internalOrder(Schema schema) {
    Comparator<StructLike> internal = SortOrderComparators.forSchema(schema, order);
    InternalRecordWrapper left = new InternalRecordWrapper(schema.asStruct());
    InternalRecordWrapper right = new InternalRecordWrapper(schema.asStruct());
    return (a, b) -> internal.compare(left.wrap(a), right.wrap(b));
  }

  /** {@code user_id asc nulls first, bucket(16, id) desc nulls last}. */
  static String describe(Schema schema, SortOrder order) {
    return String.join(
        ", ",
        order.fields().stream()
            .map(
                f -> {
                  String column = schema.findColumnName(f.sourceId());
                  String term =
                      f.transform().isIdentity() ? column : f.transform() + "(" + column + ")";
                  return term
                      + " "
                      + f.direction().name().toLowerCase(java.util.Locale.ROOT)
                      + (f.nullOrder() == org.apache.iceberg.NullOrder.NULLS_FIRST
                          ? " nulls first"
                          : " nulls last");
                })
            .toList());
  }

  private void deleteQuietly(String location) {
    try {
      table.io().deleteFile(location);
    } catch (RuntimeException e) {
      // An orphan at worst, which floe orphans removes; the first error matters more.
    }
  }
}

package dev.floe.ingest;

import dev.floe.ingest.profile.Profile;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FileIO;

/** Writes a batch into partitioned data files; commits nothing. */
final class BatchFiles {
  private BatchFiles() {}

  /**
   * Converts and writes every record of {@code batch} in the target's schema. If any row fails, the
   * files written so far are deleted and the error is rethrown.
   */
  static List<DataFile> write(FileTarget target, PendingBatch pending, boolean profile) {
    Batch batch = pending.batch();
    String producer = pending.producer();
    // Converted whole first: a bad row fails the batch before any file is written.
    List<Record> converted = convert(target.schema(), batch, producer);
    pending.profiled(profile ? Profile.of(target.schema(), converted) : null);
    return ClusteredFiles.write(
        target, batch.sequence(), describe(batch, producer), List.of(converted));
  }

  /**
   * Converts every record of {@code batch} to {@code schema}, checking each value; throws naming
   * the row and column of the first bad value.
   */
  static List<Record> convert(Schema schema, Batch batch, String producer) {
    RowConverter converter = new RowConverter(schema, batch.schema(), describe(batch, producer));
    List<Record> records = batch.records();
    List<Record> converted = new ArrayList<>(records.size());
    for (int row = 0; row < records.size(); row++) {
      converted.add(converter.convert(records.get(row), row));
    }
    return converted;
  }

  /** Writes the converted rows of {@code batches}; files are shared, bytes shared out by rows. */
  static List<DataFile> writeGroup(
      Table table, FileFormat format, long targetFileSize, List<PendingBatch> batches) {
    Map<Schema, List<PendingBatch>> bySchema = new IdentityHashMap<>();
    batches.forEach(p -> bySchema.computeIfAbsent(p.rowSchema(), s -> new ArrayList<>()).add(p));
    List<DataFile> all = new ArrayList<>();
    for (List<PendingBatch> same : bySchema.values()) {
      PendingBatch first = same.get(0);
      List<DataFile> files;
      try {
        files =
            ClusteredFiles.write(
                new FileTarget(table, first.rowSchema(), first.rowSpec(), format, targetFileSize),
                first.sequence(),
                "a group of " + same.size() + " batches",
                same.stream().map(PendingBatch::rows).toList());
      } catch (RuntimeException e) {
        delete(table.io(), all);
        throw e;
      }
      long bytes = files.stream().mapToLong(DataFile::fileSizeInBytes).sum();
      long rows = Math.max(1, same.stream().mapToLong(p -> p.rows().size()).sum());
      same.forEach(p -> p.shared(files, bytes * p.rows().size() / rows));
      all.addAll(files);
    }
    return all;
  }

  static void delete(FileIO io, List<DataFile> files) {
    for (DataFile file : files) {
      deleteQuietly(io, file.location());
    }
  }

  static void deleteQuietly(FileIO io, String location) {
    try {
      io.deleteFile(location);
    } catch (RuntimeException e) {
      // Best effort: an orphan file is harmless and orphan removal collects it later.
    }
  }

  static String describe(Batch batch, String producer) {
    return "batch " + batch.sequence() + " of producer " + producer;
  }
}

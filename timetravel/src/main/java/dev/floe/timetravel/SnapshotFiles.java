package dev.floe.timetravel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.formats.ReadBuilder;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.mapping.NameMappingParser;

/**
 * The data files of one snapshot, sorted by path. That order is part of a training lock's contract:
 * the fingerprint and the content digest are computed over it, so rows come back in the same order
 * on every read.
 */
record SnapshotFiles(Table table, String name, Snapshot snapshot, List<FileScanTask> tasks) {
  SnapshotFiles {
    tasks = List.copyOf(tasks);
  }

  static SnapshotFiles plan(Table table, String name, Snapshot snapshot) {
    List<FileScanTask> tasks = new ArrayList<>();
    // planFiles (not planTasks) keeps each file whole, so a file's rows stay in file order.
    try (CloseableIterable<FileScanTask> planned =
        table.newScan().useSnapshot(snapshot.snapshotId()).planFiles()) {
      planned.forEach(tasks::add);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan files of " + name, e);
    }
    tasks.sort(Comparator.comparing(task -> task.file().location()));
    return new SnapshotFiles(table, name, snapshot, tasks);
  }

  List<DataFile> dataFiles() {
    return tasks.stream().map(FileScanTask::file).toList();
  }

  long records() {
    return tasks.stream().mapToLong(task -> task.file().recordCount()).sum();
  }

  /** SHA-256 over path, size and record count of every data file, in path order. */
  String fingerprint() {
    MessageDigest sha = sha256();
    for (DataFile file : dataFiles()) {
      String entry = file.location() + '\n' + file.fileSizeInBytes() + '\n' + file.recordCount();
      sha.update((entry + '\n').getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /**
   * The rows of every file in path order, read with {@code projection}; files are opened one at a
   * time as iteration reaches them. Fails before reading anything if a file has deletes.
   */
  CloseableIterable<Record> read(Schema projection) {
    checkNoDeletes();
    NameMapping mapping = nameMapping();
    List<CloseableIterable<Record>> files = new ArrayList<>();
    for (FileScanTask task : tasks) {
      files.add(open(task.file(), projection, mapping));
    }
    return CloseableIterable.concat(files);
  }

  /** Rows hidden by delete files would need merge-on-read, which this reader does not do yet. */
  void checkNoDeletes() {
    for (FileScanTask task : tasks) {
      if (!task.deletes().isEmpty()) {
        throw new UnsupportedOperationException(
            String.format(
                "Cannot read %s at snapshot %s: data file %s has %s delete file(s); delete files not supported yet",
                name, snapshot.snapshotId(), task.file().location(), task.deletes().size()));
      }
    }
  }

  private CloseableIterable<Record> open(DataFile file, Schema projection, NameMapping mapping) {
    if (file.format() != FileFormat.PARQUET
        && file.format() != FileFormat.ORC
        && file.format() != FileFormat.AVRO) {
      throw new UnsupportedOperationException(
          String.format(
              "Cannot read %s: data file %s is %s; only Parquet, ORC and Avro are supported",
              name, file.location(), file.format()));
    }
    // Iceberg's generic readers match columns by field id: a column added after a file was
    // written reads as null, and renamed columns keep their values.
    ReadBuilder<Record, Schema> builder =
        FormatModelRegistry.readBuilder(file.format(), Record.class, table.io().newInputFile(file));
    builder.project(projection);
    if (mapping != null) {
      builder.withNameMapping(mapping);
    }
    return builder.build();
  }

  // Files written without field ids (imported data) are matched to columns by this mapping.
  private NameMapping nameMapping() {
    String json = table.properties().get(TableProperties.DEFAULT_NAME_MAPPING);
    return json == null ? null : NameMappingParser.fromJson(json);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM has no SHA-256", e);
    }
  }
}

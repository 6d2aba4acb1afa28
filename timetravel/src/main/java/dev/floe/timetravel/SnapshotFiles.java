package dev.floe.timetravel;

import dev.floe.columnar.RecordReads;
import dev.floe.columnar.RowAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.formats.ReadBuilder;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.types.TypeUtil;

/**
 * The data files of one snapshot, sorted by path. That order is part of a training lock's contract:
 * the fingerprint and the content digest are computed over it, so rows come back in the same order
 * on every read.
 */
record SnapshotFiles(
    Table table, String name, Snapshot snapshot, Expression filter, List<FileScanTask> tasks) {
  SnapshotFiles {
    tasks = List.copyOf(tasks);
  }

  static SnapshotFiles plan(Table table, String name, Snapshot snapshot) {
    return plan(table, name, snapshot, Expressions.alwaysTrue());
  }

  /** Plans the files that may hold rows matching {@code filter}; each task keeps its residual. */
  static SnapshotFiles plan(Table table, String name, Snapshot snapshot, Expression filter) {
    List<FileScanTask> tasks = new ArrayList<>();
    // planFiles (not planTasks) keeps each file whole, so a file's rows stay in file order.
    try (CloseableIterable<FileScanTask> planned =
        table
            .newScan()
            .useSnapshot(snapshot.snapshotId())
            .filter(filter)
            .includeColumnStats() // value counts tell the vectorized path which columns a file has
            .planFiles()) {
      planned.forEach(tasks::add);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan files of " + name, e);
    }
    tasks.sort(Comparator.comparing(task -> task.file().location()));
    return new SnapshotFiles(table, name, snapshot, filter, tasks);
  }

  List<DataFile> dataFiles() {
    return tasks.stream().map(FileScanTask::file).toList();
  }

  long records() {
    return tasks.stream().mapToLong(task -> task.file().recordCount()).sum();
  }

  /**
   * SHA-256 over path, size and record count of every data file, in path order, each followed by
   * its delete files (marked, in path order). Without delete files this is the fingerprint locks
   * have always had, so their locks still verify.
   */
  String fingerprint() {
    MessageDigest sha = sha256();
    for (FileScanTask task : tasks) {
      sha.update(entry("", task.file()));
      for (DeleteFile delete : deleteFiles(task)) {
        sha.update(entry("delete ", delete));
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static byte[] entry(String mark, ContentFile<?> file) {
    String entry =
        mark + file.location() + '\n' + file.fileSizeInBytes() + '\n' + file.recordCount() + '\n';
    return entry.getBytes(StandardCharsets.UTF_8);
  }

  /** The delete files of one data file, in path order. */
  static List<DeleteFile> deleteFiles(FileScanTask task) {
    return task.deletes().stream().sorted(Comparator.comparing(DeleteFile::location)).toList();
  }

  /**
   * The rows of every file in path order that match the filter, read with {@code projection} (a
   * selection of {@code base}, the schema filter columns are looked up in); files are opened one at
   * a time as iteration reaches them. Fails before reading anything if a file has deletes.
   */
  CloseableIterable<Record> read(Schema base, Schema projection, SplitPart split) {
    NameMapping mapping = nameMapping();
    Schema readSchema = RowFilter.readSchema(projection, base, filter, key(split));
    List<CloseableIterable<Record>> files = new ArrayList<>();
    for (FileScanTask task : tasks) {
      CloseableIterable<Record> rows =
          select(open(task, base, readSchema, mapping), readSchema, split);
      boolean extraColumns = readSchema != projection || !task.deletes().isEmpty();
      files.add(extraColumns ? RowFilter.project(rows, projection) : rows);
    }
    return CloseableIterable.concat(files);
  }

  /** The data files' locations, in read order. */
  List<String> paths() {
    return tasks.stream().map(task -> task.file().location()).toList();
  }

  /**
   * One opener per file, in path order. A file takes a vectorized path when {@code vectorized} and
   * {@link ParquetPages}, {@link ParquetBatches} or {@link OrcBatches} can give exactly the row
   * path's values; else the row path. Rows of the row path carry extra columns when the filter
   * needs them; the appender and the digest see only the projection's columns, which come first.
   */
  List<ArrowBatches.Opener> openers(
      Schema base, Schema projection, int batchSize, boolean vectorized, SplitPart split) {
    NameMapping mapping = nameMapping();
    Schema readSchema = RowFilter.readSchema(projection, base, filter, key(split));
    List<ArrowBatches.Opener> openers = new ArrayList<>();
    for (FileScanTask task : tasks) {
      openers.add(
          (root, rows) -> {
            FileBatches batches =
                open(
                    task,
                    base,
                    projection,
                    readSchema,
                    mapping,
                    split,
                    root,
                    rows,
                    batchSize,
                    vectorized);
            return batches.unitRows() != null
                ? batches
                : new FooterUnits(batches, () -> DigestUnits.read(table.io(), task.file()));
          });
    }
    return openers;
  }

  private FileBatches open(
      FileScanTask task,
      Schema base,
      Schema projection,
      Schema readSchema,
      NameMapping mapping,
      SplitPart split,
      VectorSchemaRoot root,
      RowAppender rows,
      int batchSize,
      boolean vectorized) {
    if (vectorized && ParquetPages.supports(task, projection)) {
      FileBatches pages = FilteredPages.open(table, task, projection, split, root, batchSize);
      if (pages != null) {
        return pages;
      }
    }
    if (vectorized && split == null && ParquetBatches.supports(task, projection)) {
      ParquetBatches fast =
          ParquetBatches.open(table, snapshot.snapshotId(), task, projection, root, batchSize);
      if (fast != null) {
        return fast;
      }
    }
    if (vectorized && split == null && OrcBatches.supports(task, projection)) {
      return OrcBatches.open(
          table.io().newInputFile(task.file()), task, projection, mapping, batchSize);
    }
    // Rows that skip some of the file carry their position, which names their digest unit.
    boolean skips =
        !task.deletes().isEmpty()
            || !task.residual().equals(Expressions.alwaysTrue())
            || split != null;
    FileFormat format = task.file().format();
    boolean positions = skips && (format == FileFormat.PARQUET || format == FileFormat.ORC);
    Schema schema =
        positions
            ? TypeUtil.join(readSchema, new Schema(MetadataColumns.ROW_POSITION))
            : readSchema;
    CloseableIterable<Record> records = select(open(task, base, schema, mapping), schema, split);
    return new RecordBatches(records, rows, batchSize, projection.columns().size(), positions);
  }

  /** One part of a deterministic split: the rows a reader keeps. */
  record SplitPart(Split split, Split.Part part) {}

  private static String key(SplitPart split) {
    return split == null ? null : split.split().keyColumn();
  }

  private static CloseableIterable<Record> select(
      CloseableIterable<Record> rows, Schema readSchema, SplitPart split) {
    if (split == null) {
      return rows;
    }
    int position = readSchema.columns().indexOf(readSchema.findField(split.split().keyColumn()));
    return CloseableIterable.filter(
        rows, row -> split.split().partOf(row.get(position)) == split.part());
  }

  /**
   * The matching, not deleted rows of one file. With delete files, rows carry extra columns after
   * {@code readSchema}'s (equality delete keys, the row position), as they do for the filter.
   */
  CloseableIterable<Record> open(
      FileScanTask task, Schema base, Schema readSchema, NameMapping mapping) {
    if (task.deletes().isEmpty()) {
      return open(task, readSchema, mapping);
    }
    // Iceberg's merge-on-read for generic records: position deletes by _pos, equality deletes by
    // their key columns, both read from the task's delete files.
    GenericDeleteFilter deletes = new GenericDeleteFilter(table.io(), task, base, readSchema);
    Schema required = deletes.requiredSchema();
    return deletes.filter(open(task, required, mapping));
  }

  private CloseableIterable<Record> open(
      FileScanTask task, Schema projection, NameMapping mapping) {
    DataFile file = task.file();
    Expression residual = task.residual();
    if (file.format() != FileFormat.PARQUET
        && file.format() != FileFormat.ORC
        && file.format() != FileFormat.AVRO) {
      throw new UnsupportedOperationException(
          String.format(
              "Cannot read %s: data file %s is %s; only Parquet, ORC and Avro are supported",
              name, file.location(), file.format()));
    }
    // Iceberg's generic readers match columns by field id: a column added after a file was
    // written reads as null, and renamed columns keep their values. (ORC: Floe's, for map order.)
    ReadBuilder<Record, Schema> builder =
        RecordReads.builder(file.format(), table.io().newInputFile(file));
    builder.project(projection);
    if (task.start() > 0 || task.length() < file.fileSizeInBytes()) {
      builder.split(task.start(), task.length()); // one digest unit (UnitTasks)
    }
    if (mapping != null) {
      builder.withNameMapping(mapping);
    }
    // The file reader only skips row groups; RowFilter drops the rows that do not match.
    builder.filter(residual);
    return RowFilter.filter(builder.build(), projection, residual);
  }

  // Files written without field ids (imported data) are matched to columns by this mapping.
  NameMapping nameMapping() {
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

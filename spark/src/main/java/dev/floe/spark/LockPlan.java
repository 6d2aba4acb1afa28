package dev.floe.spark;

import dev.floe.lockformat.Lock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.ExpressionParser;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * The driver's half of {@link FloeSpark#read}: the pinned snapshot of the table, checked against
 * the lock (schema, files' fingerprint, the files the digests name), and one {@link FileRead} per
 * data file. The snapshot is taken by id, never through the lock's tag (tags can be moved).
 */
final class LockPlan {
  private LockPlan() {}

  static List<FileRead> plan(Table table, Lock lock, Lock.Part part, boolean java8) {
    Snapshot snapshot = table.snapshot(lock.snapshotId());
    if (snapshot == null) {
      throw new LockMismatchException(
          String.format(
              "Cannot read the lock of %s: snapshot %s is gone (expired?); its tag was %s",
              lock.table(), lock.snapshotId(), lock.tag()));
    }
    Schema base = table.schemas().get(lock.schemaId());
    if (base == null || snapshot.schemaId() != null && snapshot.schemaId() != lock.schemaId()) {
      throw new LockMismatchException(
          String.format(
              "Cannot read the lock of %s: snapshot %s has schema %s, the lock says %s",
              lock.table(), lock.snapshotId(), snapshot.schemaId(), lock.schemaId()));
    }
    List<FileScanTask> all = tasks(table, snapshot, Expressions.alwaysTrue());
    String fingerprint = fingerprint(all);
    long records = all.stream().mapToLong(task -> task.file().recordCount()).sum();
    if (!fingerprint.equals(lock.fingerprint())
        || all.size() != lock.dataFiles()
        || records != lock.records()) {
      throw new LockMismatchException(
          String.format(
              "Cannot read the lock of %s: the data or delete files of snapshot %s changed:"
                  + " fingerprint %s (%s files, %s records), the lock says %s (%s files, %s"
                  + " records)",
              lock.table(),
              lock.snapshotId(),
              fingerprint,
              all.size(),
              records,
              lock.fingerprint(),
              lock.dataFiles(),
              lock.records()));
    }
    Expression filter =
        lock.filter() == null ? Expressions.alwaysTrue() : ExpressionParser.fromJson(lock.filter());
    List<FileScanTask> read = lock.filter() == null ? all : tasks(table, snapshot, filter);
    List<String> paths = read.stream().map(task -> task.file().location()).toList();
    List<String> pinned = lock.files().stream().map(Lock.FileEntry::path).toList();
    if (!paths.equals(pinned)) {
      throw new LockMismatchException(
          String.format(
              "Cannot read the lock of %s: snapshot %s reads %s files, the lock has digests of"
                  + " %s others (first difference: %s)",
              lock.table(),
              lock.snapshotId(),
              paths.size(),
              pinned.size(),
              firstDifference(paths, pinned)));
    }
    Schema projection = lock.columns().isEmpty() ? base : base.select(lock.columns());
    String key = part == null ? null : lock.split().keyColumn();
    Schema readSchema = readSchema(projection, base, filter, key);
    int keyIndex = key == null ? -1 : readSchema.columns().indexOf(readSchema.findField(key));
    String mappingJson = table.properties().get(TableProperties.DEFAULT_NAME_MAPPING);
    NameMapping mapping = mappingJson == null ? null : NameMappingParser.fromJson(mappingJson);
    FileRead.Shared shared =
        new FileRead.Shared(
            table.io(),
            base,
            readSchema,
            projection.columns().size(),
            mapping,
            lock.digestAlgorithm(),
            lock.split(),
            keyIndex,
            part,
            java8);
    refuseOrcMaps(read, projection);
    List<FileRead> files = new ArrayList<>();
    for (int i = 0; i < read.size(); i++) {
      files.add(new FileRead(read.get(i), lock.files().get(i), shared));
    }
    return files;
  }

  /**
   * Iceberg's generic ORC reader, the one executors have, collects a map's entries in a hash map:
   * their file order, which the digest covers, is gone, and every such file would fail its check
   * though nothing changed. Refused up front instead; Floe's own readers keep the order.
   */
  private static void refuseOrcMaps(List<FileScanTask> tasks, Schema projection) {
    // Every field of each column, the column itself included: a map may sit in a list or struct.
    Types.NestedField map =
        projection.columns().stream()
            .filter(
                column ->
                    TypeUtil.indexById(Types.StructType.of(column)).values().stream()
                        .anyMatch(field -> field.type().isMapType()))
            .findFirst()
            .orElse(null);
    if (map == null) {
      return;
    }
    for (FileScanTask task : tasks) {
      if (task.file().format() == FileFormat.ORC) {
        throw new UnsupportedOperationException(
            String.format(
                "Cannot verify %s on Spark: it is an ORC file and column '%s' holds a map, whose"
                    + " entry order Iceberg's ORC reader on the executors does not keep; read this"
                    + " lock with Floe (floe rehydrate), or pin without that column",
                task.file().location(), map.name()));
      }
    }
  }

  /** The files of {@code snapshot} that may hold rows of {@code filter}, in location order. */
  private static List<FileScanTask> tasks(Table table, Snapshot snapshot, Expression filter) {
    List<FileScanTask> tasks = new ArrayList<>();
    // planFiles (not planTasks) keeps each file whole, in file order, as the digest is.
    try (CloseableIterable<FileScanTask> planned =
        table.newScan().useSnapshot(snapshot.snapshotId()).filter(filter).planFiles()) {
      planned.forEach(tasks::add);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot plan the files of snapshot " + snapshot.snapshotId(), e);
    }
    tasks.sort(Comparator.comparing(task -> task.file().location()));
    return tasks;
  }

  /**
   * Floe's fingerprint: SHA-256 over location, size and record count of every data file in location
   * order, each followed by its delete files (marked, in location order).
   */
  static String fingerprint(List<FileScanTask> tasks) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JDK has no SHA-256", e);
    }
    for (FileScanTask task : tasks) {
      sha.update(entry("", task.file()));
      task.deletes().stream()
          .sorted(Comparator.comparing(DeleteFile::location))
          .forEach(delete -> sha.update(entry("delete ", delete)));
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static byte[] entry(String mark, ContentFile<?> file) {
    String entry =
        mark + file.location() + '\n' + file.fileSizeInBytes() + '\n' + file.recordCount() + '\n';
    return entry.getBytes(StandardCharsets.UTF_8);
  }

  // The lock's columns first (the digest covers those), then what the filter and key need.
  private static Schema readSchema(Schema projection, Schema base, Expression filter, String key) {
    Set<Integer> ids =
        new HashSet<>(Binder.boundReferences(base.asStruct(), List.of(filter), true));
    if (key != null) {
      Types.NestedField field = base.findField(key);
      if (field == null || base.asStruct().field(field.fieldId()) == null) {
        throw new IllegalArgumentException(
            "Cannot split on column " + key + ": not a top-level column");
      }
      ids.add(field.fieldId());
    }
    List<Types.NestedField> columns = new ArrayList<>(projection.columns());
    for (Types.NestedField column : TypeUtil.select(base, ids).columns()) {
      if (projection.findField(column.fieldId()) == null) {
        columns.add(base.findField(column.fieldId()));
      }
    }
    return columns.size() == projection.columns().size() ? projection : new Schema(columns);
  }

  private static String firstDifference(List<String> paths, List<String> pinned) {
    for (int i = 0; i < Math.max(paths.size(), pinned.size()); i++) {
      String actual = i < paths.size() ? paths.get(i) : null;
      String expected = i < pinned.size() ? pinned.get(i) : null;
      if (actual == null || !actual.equals(expected)) {
        return actual == null ? "the lock's " + expected : actual;
      }
    }
    return "none";
  }
}

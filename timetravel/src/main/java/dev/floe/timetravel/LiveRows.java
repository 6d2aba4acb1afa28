package dev.floe.timetravel;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.BaseDeleteLoader;
import org.apache.iceberg.data.DeleteLoader;

/**
 * How many rows a snapshot holds once its delete files are applied, which is what a read returns: a
 * merge-on-read table's data files hold more records than it has rows.
 *
 * <p>Exact for position deletes and deletion vectors: a deletion vector's record count is its
 * cardinality, and position delete files are read (only those of live data files, so deletes whose
 * data file was rewritten do not count) and their distinct positions counted. Equality deletes
 * would need every data file read, so with any of them {@code rows} is an upper bound (position
 * deletes subtracted) and {@code exact} is false. A snapshot without delete files costs nothing
 * beyond its summary; otherwise its files are planned and each of its position delete files read
 * once (a deletion vector not at all): a cost that grows with the delete files, not the data.
 *
 * @param records the data files' record count, before deletes
 * @param rows the live rows: exactly, or at most this many when not {@code exact}
 * @param exact whether {@code rows} is exact
 */
public record LiveRows(long records, long rows, boolean exact) {
  /** The live rows of {@code snapshot} of {@code table}; none for a null snapshot. */
  public static LiveRows of(Table table, Snapshot snapshot) {
    if (snapshot == null) {
      return new LiveRows(0, 0, true);
    }
    String records = snapshot.summary().get("total-records");
    if (records != null && "0".equals(snapshot.summary().get("total-delete-files"))) {
      long total = Long.parseLong(records);
      return new LiveRows(total, total, true);
    }
    return of(SnapshotFiles.plan(table, table.name(), snapshot));
  }

  static LiveRows of(SnapshotFiles files) {
    Set<String> shared = new HashSet<>();
    files.tasks().stream()
        .flatMap(task -> task.deletes().stream())
        .filter(file -> file.referencedDataFile() == null)
        .forEach(file -> shared.add(file.location()));
    DeleteLoader loader = new ReadOnce(files.table(), shared);
    long records = 0;
    long rows = 0;
    boolean exact = true;
    for (FileScanTask task : files.tasks()) {
      long count = task.file().recordCount();
      records += count;
      List<DeleteFile> positions =
          task.deletes().stream()
              .filter(file -> file.content() == FileContent.POSITION_DELETES)
              .toList();
      exact &= positions.size() == task.deletes().size();
      rows += Math.max(0, count - deleted(loader, task, positions));
    }
    return new LiveRows(records, rows, exact);
  }

  private static long deleted(DeleteLoader loader, FileScanTask task, List<DeleteFile> positions) {
    if (positions.isEmpty()) {
      return 0;
    }
    if (positions.size() == 1 && positions.get(0).format() == FileFormat.PUFFIN) {
      return positions.get(0).recordCount(); // a deletion vector: its cardinality, no read
    }
    // A file may repeat a position, or two files delete the same one: count distinct positions.
    return loader.loadPositionDeletes(positions, task.file().location()).cardinality();
  }

  /**
   * Reads a delete file that applies to several data files (partition-scoped) once, not once per
   * data file; the positions of a file-scoped one are read once anyway and not kept.
   */
  private static final class ReadOnce extends BaseDeleteLoader {
    private final Set<String> shared;
    // Iceberg's loader reads the delete files of one data file on its worker pool.
    private final Map<String, Object> read = new ConcurrentHashMap<>();

    ReadOnce(Table table, Set<String> shared) {
      super(file -> table.io().newInputFile(file));
      this.shared = shared;
    }

    @Override
    protected boolean canCache(long size) {
      return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected <V> V getOrLoad(String key, Supplier<V> load, long size) {
      return shared.contains(key) ? (V) read.computeIfAbsent(key, k -> load.get()) : load.get();
    }
  }

  /** {@code rows} as words: the number, after "at most " when it is an upper bound. */
  public String describe(LongFunction<String> number) {
    return (exact ? "" : "at most ") + number.apply(rows);
  }
}

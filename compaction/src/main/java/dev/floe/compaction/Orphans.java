package dev.floe.compaction;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Finds files under a table's location (data and metadata folders) that no snapshot of any ref uses
 * and that are older than a safety window, and optionally deletes them. A dry run ({@link #plan()})
 * lists without deleting.
 *
 * <p>Young files are never orphans: a writer may have written them and not committed yet. Deleting
 * with a window below {@link #MIN_SAFE_AGE} can delete the files of a commit in flight; the CLI
 * asks for {@code --force} there. Iceberg tables whose catalog shares files between tables (Nessie
 * branches) need a collection across all references instead; this class only looks at one table's
 * metadata.
 */
public final class Orphans extends OrphanRemoval<Orphans> {
  /**
   * The shortest orphan window deletion is safe with while writers run: a writer's files are in no
   * snapshot until its commit lands, and a long compaction or a slow writer can take hours. As
   * Iceberg's Spark procedure {@code remove_orphan_files} (which refuses less than 24 hours),
   * {@code floe orphans --delete} and {@code floe maintain --delete} need {@code --force} below it.
   */
  public static final Duration MIN_SAFE_AGE = Duration.ofHours(24);

  private final Table table;

  Orphans(Table table) {
    this.table = table;
    this.olderThan =
        Duration.ofMillis(
            PropertyUtil.propertyAsLong(
                table.properties(),
                CompactionProperties.ORPHAN_OLDER_THAN_MS,
                CompactionProperties.ORPHAN_OLDER_THAN_MS_DEFAULT));
  }

  @Override
  public List<OrphanFile> deleteOrphans() {
    long started = System.nanoTime();
    return CompactionEvents.orphans(table, super.deleteOrphans(), started);
  }

  /** Dry run: the orphans, oldest first, nothing deleted (default window: 3 days). */
  @Override
  public List<OrphanFile> plan() {
    if (!PropertyUtil.propertyAsBoolean(
        table.properties(), TableProperties.GC_ENABLED, TableProperties.GC_ENABLED_DEFAULT)) {
      // Nessie sets this: other references may use files this table's metadata does not list.
      throw new org.apache.iceberg.exceptions.ValidationException(
          "Cannot remove orphan files of %s: %s is false (under Nessie, files are shared across"
              + " references: use Compaction.removeNessieOrphans)",
          table.name(), TableProperties.GC_ENABLED);
    }
    long cutoff = clock().minus(olderThan).toEpochMilli();
    // Listing first, then reading the metadata: a file committed in between is then live.
    Set<String> roots = TableFiles.roots(table);
    roots.addAll(extraLocations);
    List<FileInfo> listed = TableFiles.list(table.io(), table.name(), roots);
    return TableFiles.orphans(listed, ReachableFiles.of(table), cutoff);
  }

  @Override
  FileIO io() {
    return table.io();
  }
}

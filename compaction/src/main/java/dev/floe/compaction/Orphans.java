package dev.floe.compaction;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
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
public final class Orphans {
  /**
   * The shortest orphan window deletion is safe with while writers run: a writer's files are in no
   * snapshot until its commit lands, and a long compaction or a slow writer can take hours. As
   * Iceberg's Spark procedure {@code remove_orphan_files} (which refuses less than 24 hours),
   * {@code floe orphans --delete} and {@code floe maintain --delete} need {@code --force} below it.
   */
  public static final Duration MIN_SAFE_AGE = Duration.ofHours(24);

  private final Table table;
  private Duration olderThan;
  private Instant now;
  private final Set<String> extraLocations = new LinkedHashSet<>();

  Orphans(Table table) {
    this.table = table;
    this.olderThan =
        Duration.ofMillis(
            PropertyUtil.propertyAsLong(
                table.properties(),
                CompactionProperties.ORPHAN_OLDER_THAN_MS,
                CompactionProperties.ORPHAN_OLDER_THAN_MS_DEFAULT));
  }

  /** Only files last modified before {@code now - window} can be orphans (default 3 days). */
  public Orphans olderThan(Duration window) {
    this.olderThan = Checks.notNegative(window, "orphan window");
    return this;
  }

  /** The instant the window is measured from (default: the clock when listing). */
  public Orphans now(Instant now) {
    this.now = Objects.requireNonNull(now, "now");
    return this;
  }

  /** Also look under this location, e.g. a cold tier folder that holds files of this table only. */
  public Orphans location(String location) {
    extraLocations.add(Objects.requireNonNull(location, "location"));
    return this;
  }

  /** Dry run: the orphans, oldest first, nothing deleted. */
  public List<OrphanFile> plan() {
    if (!PropertyUtil.propertyAsBoolean(
        table.properties(), TableProperties.GC_ENABLED, TableProperties.GC_ENABLED_DEFAULT)) {
      // Nessie sets this: other references may use files this table's metadata does not list.
      throw new org.apache.iceberg.exceptions.ValidationException(
          "Cannot remove orphan files of %s: %s is false (under Nessie, files are shared across"
              + " references: use NessieCollection)",
          table.name(), TableProperties.GC_ENABLED);
    }
    long cutoff = (now == null ? Instant.now() : now).minus(olderThan).toEpochMilli();
    // Listing first, then reading the metadata: a file committed in between is then live.
    Set<String> roots = TableFiles.roots(table);
    roots.addAll(extraLocations);
    List<FileInfo> listed = TableFiles.list(table.io(), table.name(), roots);
    return TableFiles.orphans(listed, ReachableFiles.of(table), cutoff);
  }

  /** Deletes the orphans that {@link #plan()} finds; returns them. */
  public List<OrphanFile> deleteOrphans() {
    List<OrphanFile> orphans = plan();
    TableFiles.delete(table.io(), orphans);
    return orphans;
  }
}

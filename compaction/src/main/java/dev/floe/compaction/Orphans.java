package dev.floe.compaction;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Finds files under a table's location (data and metadata folders) that no snapshot of any ref uses
 * and that are older than a safety window, and optionally deletes them. A dry run ({@link #plan()})
 * lists without deleting.
 *
 * <p>Young files are never orphans: a writer may have written them and not committed yet. Iceberg
 * tables whose catalog shares files between tables (Nessie branches) need a collection across all
 * references instead; this class only looks at one table's metadata.
 */
public final class Orphans {
  private final Table table;
  private Duration olderThan;
  private Instant now;
  private final Set<String> extraLocations = new LinkedHashSet<>();

  private Orphans(Table table) {
    this.table = table;
    this.olderThan =
        Duration.ofMillis(
            PropertyUtil.propertyAsLong(
                table.properties(),
                CompactionProperties.ORPHAN_OLDER_THAN_MS,
                CompactionProperties.ORPHAN_OLDER_THAN_MS_DEFAULT));
  }

  public static Orphans of(Table table) {
    Objects.requireNonNull(table, "table");
    return new Orphans(table);
  }

  /** Only files last modified before {@code now - window} can be orphans (default 3 days). */
  public Orphans olderThan(Duration window) {
    Objects.requireNonNull(window, "window");
    if (window.isNegative()) {
      throw new IllegalArgumentException(
          String.format("Invalid orphan window: %s (must be >= 0)", window));
    }
    this.olderThan = window;
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
              + " references and need a collection over all of them)",
          table.name(), TableProperties.GC_ENABLED);
    }
    if (!(table.io() instanceof SupportsPrefixOperations io)) {
      throw new UnsupportedOperationException(
          String.format(
              "Cannot list files of %s: %s cannot list prefixes",
              table.name(), table.io().getClass().getName()));
    }
    long cutoff = (now == null ? Instant.now() : now).minus(olderThan).toEpochMilli();
    // Listing first, then reading the metadata: a file committed in between is then live.
    List<FileInfo> listed = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String root : roots()) {
      for (FileInfo file : list(io, root)) {
        if (seen.add(ReachableFiles.normalize(file.location()))) {
          listed.add(file);
        }
      }
    }
    Set<String> live = ReachableFiles.of(table);
    List<OrphanFile> orphans = new ArrayList<>();
    for (FileInfo file : listed) {
      if (file.createdAtMillis() < cutoff
          && !live.contains(ReachableFiles.normalize(file.location()))) {
        orphans.add(
            new OrphanFile(
                file.location(), file.size(), Instant.ofEpochMilli(file.createdAtMillis())));
      }
    }
    orphans.sort((a, b) -> a.lastModified().compareTo(b.lastModified()));
    return orphans;
  }

  /** Deletes the orphans that {@link #plan()} finds; returns them. */
  public List<OrphanFile> deleteOrphans() {
    List<OrphanFile> orphans = plan();
    orphans.forEach(orphan -> table.io().deleteFile(orphan.location()));
    return orphans;
  }

  private Set<String> roots() {
    Set<String> roots = new LinkedHashSet<>();
    roots.add(table.location());
    // Data or metadata written outside the table folder is still this table's.
    String data = table.properties().get(TableProperties.WRITE_DATA_LOCATION);
    String metadata = table.properties().get(TableProperties.WRITE_METADATA_LOCATION);
    if (data != null) {
      roots.add(data);
    }
    if (metadata != null) {
      roots.add(metadata);
    }
    roots.addAll(extraLocations);
    return roots;
  }

  private static List<FileInfo> list(SupportsPrefixOperations io, String root) {
    List<FileInfo> files = new ArrayList<>();
    try {
      io.listPrefix(root.endsWith("/") ? root : root + "/").forEach(files::add);
    } catch (UncheckedIOException | org.apache.iceberg.exceptions.NotFoundException e) {
      // A folder nothing was written to yet holds no orphans.
      if (!(e.getCause() instanceof java.io.FileNotFoundException)
          && !(e instanceof org.apache.iceberg.exceptions.NotFoundException)) {
        throw e;
      }
    }
    return files;
  }
}

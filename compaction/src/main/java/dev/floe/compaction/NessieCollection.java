package dev.floe.compaction;

import dev.floe.catalog.CatalogMode;
import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.NoSuchRefException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Orphan collection for a table of a Nessie catalog, where Iceberg's expire and orphan removal are
 * off ({@code gc.enabled=false}) because every branch and tag may share the table's files. A file
 * under the table's location is live if the table as any Nessie reference sees it uses it (every
 * snapshot it keeps: data, delete files, manifests, manifest lists, statistics; its metadata file
 * and metadata log), at the reference's head or at any of its commits within the history window
 * (default 7 days), so a reader or a rollback to a recent commit still finds its files. Every other
 * file older than the safety window (default 3 days) is an orphan.
 *
 * <p>{@link #plan()} is the dry run; {@link #deleteOrphans()} computes the same plan again and
 * deletes it. The folders are listed before the references are read, so a file committed in between
 * is live; a file written and not yet committed is young, so the window keeps it.
 *
 * <pre>{@code
 * List<OrphanFile> dryRun = Compaction.removeNessieOrphans(floe, "ml.events").plan();
 * }</pre>
 */
public final class NessieCollection extends OrphanRemoval<NessieCollection> {
  private final Floe floe;
  private final TableIdentifier table;
  // Null: the longest history window of the table on any reference (each defaults to 7 days).
  private Duration retainHistory;

  /** Collection of {@code table} ({@code db.t}) across every branch and tag of {@code floe}. */
  NessieCollection(Floe floe, String table) {
    if (floe.config().mode() != CatalogMode.NESSIE) {
      throw new ValidationException(
          "Cannot collect files of %s across Nessie references: not a Nessie catalog (mode %s):"
              + " use Compaction.removeOrphans",
          table, floe.config().mode());
    }
    if (table.contains("@") || table.contains("#")) {
      throw new ValidationException(
          "Invalid table %s: collection covers every Nessie reference, name the table without @ref or #hash",
          table);
    }
    this.floe = floe;
    this.table = TableIdentifier.parse(table);
  }

  /**
   * Files the table used at any commit of a Nessie reference committed after {@code now - window}
   * stay live (the head always does). Default: the longest {@code
   * floe.compaction.nessie.retain-history-ms} of the table on any reference, else 7 days.
   */
  public NessieCollection retainHistory(Duration window) {
    this.retainHistory = Checks.notNegative(window, "history window");
    return this;
  }

  /**
   * Dry run: the files no Nessie reference uses, older than the window, oldest first. The default
   * window is the longest {@code floe.compaction.orphan-older-than-ms} of the table on any
   * reference, else 3 days.
   */
  @Override
  public List<OrphanFile> plan() {
    Instant at = clock();
    List<Table> onRefs = loadOnEveryReference();
    Duration window =
        olderThan == null
            ? longest(
                onRefs,
                CompactionProperties.ORPHAN_OLDER_THAN_MS,
                CompactionProperties.ORPHAN_OLDER_THAN_MS_DEFAULT)
            : olderThan;
    Duration history =
        retainHistory == null
            ? longest(
                onRefs,
                CompactionProperties.NESSIE_RETAIN_HISTORY_MS,
                CompactionProperties.NESSIE_RETAIN_HISTORY_MS_DEFAULT)
            : retainHistory;
    long cutoff = at.minus(window).toEpochMilli();
    // The folders of every reference's version of the table (a recreated table may move).
    Set<String> roots = new LinkedHashSet<>();
    onRefs.forEach(t -> roots.addAll(TableFiles.roots(t)));
    roots.addAll(extraLocations);
    Table any = onRefs.get(0);
    List<FileInfo> listed = TableFiles.list(any.io(), table.toString(), roots);
    // Read every reference again after listing: a commit that landed meanwhile is then seen.
    // One collector for every version: each metadata file, manifest list and manifest is read
    // once, and only versions of this table are read (not the table at every commit).
    ReachableFiles reachable = new ReachableFiles();
    loadOnEveryReference().forEach(reachable::add);
    reachable.addVersions(recentVersions(at.minus(history)), any.io());
    Set<String> live = reachable.live();
    return TableFiles.orphans(listed, live, cutoff);
  }

  @Override
  FileIO io() {
    return loadOnEveryReference().get(0).io();
  }

  private static Duration longest(List<Table> onRefs, String key, long defaultMillis) {
    long longest = 0;
    for (Table onRef : onRefs) {
      longest =
          Math.max(longest, PropertyUtil.propertyAsLong(onRef.properties(), key, defaultMillis));
    }
    return Duration.ofMillis(longest);
  }

  /**
   * Metadata locations of the table at every commit of every Nessie branch and tag committed at or
   * after {@code since} (and at each head), each once.
   */
  private Set<String> recentVersions(Instant since) {
    Set<String> versions = new LinkedHashSet<>();
    for (String reference : floe.nessieReferences()) {
      try {
        versions.addAll(floe.nessieMetadataLocations(reference, table.toString(), since));
      } catch (NoSuchRefException e) {
        // dropped since it was listed: nothing of it is live any more
      }
    }
    return versions;
  }

  /** The table at each Nessie branch and tag that has it; at least one. */
  private List<Table> loadOnEveryReference() {
    List<String> references = floe.nessieReferences();
    List<Table> tables = new ArrayList<>();
    for (String reference : references) {
      TableIdentifier atRef = TableIdentifier.of(table.namespace(), table.name() + "@" + reference);
      try {
        tables.add(floe.catalog().loadTable(atRef));
      } catch (NoSuchTableException e) {
        // This reference does not have the table: none of its files are live there.
      }
    }
    if (tables.isEmpty()) {
      throw new NoSuchTableException(
          "Table does not exist on any Nessie branch or tag: %s (references: %s)",
          table, String.join(", ", references));
    }
    return tables;
  }
}

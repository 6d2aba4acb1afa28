package dev.floe.catalog.refs;

import dev.floe.catalog.ExperimentDiff;
import java.util.HashSet;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;

/** Compares a table's branch head with its main head by walking snapshot ancestry. */
final class BranchDiffs {
  private BranchDiffs() {}

  /**
   * The snapshots {@code branchRef} of {@code branch} has that main's history lacks, or null if
   * none. {@code main} may be null (the table exists only on the branch).
   */
  static ExperimentDiff.TableDiff diff(
      String name, Table main, String mainRef, Table branch, String branchRef) {
    Snapshot head = branch.snapshot(branchRef);
    if (head == null) {
      return null;
    }
    Snapshot mainHead = main == null ? null : main.snapshot(mainRef);
    Set<Long> mainHistory = ancestors(main, mainHead);
    int snapshots = 0;
    long rows = 0;
    long bytes = 0;
    for (Snapshot s = head;
        s != null && !mainHistory.contains(s.snapshotId());
        s = parent(branch, s)) {
      snapshots++;
      rows += summaryLong(s, SnapshotSummary.ADDED_RECORDS_PROP);
      bytes += summaryLong(s, SnapshotSummary.ADDED_FILE_SIZE_PROP);
    }
    if (snapshots == 0) {
      return null;
    }
    boolean mainChanged =
        mainHead != null && !ancestors(branch, head).contains(mainHead.snapshotId());
    return new ExperimentDiff.TableDiff(
        name,
        snapshots,
        rows,
        bytes,
        mainHead == null ? null : mainHead.snapshotId(),
        head.snapshotId(),
        mainChanged);
  }

  static Set<Long> ancestors(Table table, Snapshot head) {
    Set<Long> ids = new HashSet<>();
    for (Snapshot s = head; s != null; s = parent(table, s)) {
      ids.add(s.snapshotId());
    }
    return ids;
  }

  private static Snapshot parent(Table table, Snapshot s) {
    // Expired parents are gone from metadata: history ends there.
    return s.parentId() == null ? null : table.snapshot(s.parentId());
  }

  private static long summaryLong(Snapshot s, String key) {
    String value = s.summary() == null ? null : s.summary().get(key);
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}

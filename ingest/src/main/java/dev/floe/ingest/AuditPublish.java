package dev.floe.ingest;

import dev.floe.catalog.ExperimentDiff;
import dev.floe.catalog.Floe;
import dev.floe.catalog.TableRef;
import dev.floe.catalog.events.FloeEvent;
import dev.floe.catalog.events.FloeEvents;
import dev.floe.catalog.exceptions.MergeConflictException;
import dev.floe.catalog.exceptions.SnapshotNotFoundException;
import java.time.Instant;
import java.util.List;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.exceptions.CommitFailedException;

/**
 * Publishes one {@link Audited} head that passed: a fast-forward or a Nessie merge when the target
 * did not move, else a replay ({@link AuditReplay}). Whatever the path, every snapshot that lands
 * and changed data must be one the audit checked: a target moved back since the check would
 * otherwise let unchecked snapshots through, and the publish stops instead.
 */
final class AuditPublish {
  private final Floe floe;
  private final Audited audited;
  private final String table;
  private final String ref;
  private final long id;

  AuditPublish(Floe floe, Audited audited, String ref) {
    this.floe = floe;
    this.audited = audited;
    this.table = audited.table();
    this.ref = ref;
    this.id = audited.snapshotId();
  }

  /** Iceberg branches: fast-forward {@code ref} with a compare-and-swap, or replay. */
  AuditResult tableRef() {
    Table loaded = floe.tables().load(table);
    TableOperations ops = ((HasTableOperations) loaded).operations();
    while (true) {
      TableMetadata base = ops.refresh();
      if (base.snapshot(id) == null) {
        throw new SnapshotNotFoundException(
            "Cannot publish %s@%s: audited snapshot %s has expired", table, audited.branch(), id);
      }
      SnapshotRef head = base.ref(ref);
      Long headId = head == null ? null : head.snapshotId();
      if (headId != null && AuditHistory.ids(base::snapshot, headId).contains(id)) {
        return result(AuditResult.Outcome.ALREADY_PUBLISHED, headId, List.of());
      }
      if (headId != null && !AuditHistory.ids(base::snapshot, id).contains(headId)) {
        return replayed(loaded, loaded);
      }
      AuditHistory.requireAudited(
          AuditHistory.staged(loaded, id, loaded, headId == null ? null : base.snapshot(headId)),
          audited);
      try {
        ops.commit(base, TableMetadata.buildFrom(base).setBranchSnapshot(id, ref).build());
        return result(AuditResult.Outcome.FAST_FORWARD, id, List.of());
      } catch (CommitFailedException e) {
        // The table changed meanwhile: look again (fast-forward, replay or already there).
      }
    }
  }

  /**
   * Nessie: one merge from the audited commit when main did not change the table, the branch is
   * still at that commit and changed this table alone (a merge carries every table it changed);
   * else a replay of the audited appends onto main's table.
   */
  AuditResult nessie(Table target) {
    Table source =
        floe.tables().resolveCommit(table + "@" + audited.branch() + "#" + audited.hash()).table();
    Snapshot head = target.currentSnapshot();
    if (head != null && AuditHistory.ids(target, head).contains(id)) {
      return result(AuditResult.Outcome.ALREADY_PUBLISHED, head.snapshotId(), List.of());
    }
    if (head == null || AuditHistory.ids(source, source.snapshot(id)).contains(head.snapshotId())) {
      AuditHistory.requireAudited(AuditHistory.staged(source, id, target, head), audited);
      ExperimentDiff diff = floe.experiments().diff(audited.branch());
      boolean onlyThis =
          diff.tables().stream()
              .allMatch(t -> TableRef.parse(t.table()).identifier().toString().equals(table));
      if (audited.hash().equals(diff.head()) && onlyThis) {
        try {
          floe.experiments().merge(diff);
          return result(AuditResult.Outcome.MERGED, id, List.of());
        } catch (MergeConflictException e) {
          // Main changed the table meanwhile: replay onto it below.
        }
      }
    }
    target.refresh();
    return replayed(source, target);
  }

  private AuditResult replayed(Table source, Table target) {
    List<Long> ids = AuditReplay.replay(source, id, target, ref, audited);
    target.refresh();
    Snapshot now = target.snapshot(ref);
    return result(
        ids.isEmpty() ? AuditResult.Outcome.ALREADY_PUBLISHED : AuditResult.Outcome.REPLAYED,
        now == null ? null : now.snapshotId(),
        ids);
  }

  /**
   * Tells listeners (lineage) that the audited branch was published into {@code target}, unless
   * nothing was published by this call; returns {@code result}. A Nessie merge also tells of
   * itself, as the same OpenLineage run (same job, target and snapshot).
   */
  AuditResult told(AuditResult result, String target) {
    boolean published =
        result.outcome() == AuditResult.Outcome.FAST_FORWARD
            || result.outcome() == AuditResult.Outcome.MERGED
            || result.outcome() == AuditResult.Outcome.REPLAYED;
    if (published && result.published() != null) {
      FloeEvents.emit(
          () ->
              new FloeEvent.Publish(
                  table,
                  floe.tables().load(table).location(),
                  "audit-publish",
                  audited.branch(),
                  id,
                  target,
                  result.published(),
                  Instant.now()));
    }
    return result;
  }

  private AuditResult result(AuditResult.Outcome outcome, Long published, List<Long> replayed) {
    return new AuditResult(audited, outcome, published, replayed);
  }
}

package dev.floe.ingest;

import dev.floe.ingest.LedgerFile.Entry;
import dev.floe.ingest.LedgerFile.Ledger;
import dev.floe.ingest.profile.Profile;
import dev.floe.ingest.profile.ProfileCodec;
import dev.floe.ingest.profile.ThetaBlobs;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.GenericBlobMetadata;
import org.apache.iceberg.GenericStatisticsFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotAncestryValidator;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.puffin.Blob;
import org.apache.iceberg.puffin.PuffinCompressionCodec;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The ledger side of one commit of {@code batches}: the state at the branch head as {@code table}
 * was last loaded, plus the batches, minus producers idle for longer than the retention, written to
 * a new ledger file before the commit. The append names the file in its summary, registers it as
 * its snapshot's statistics file in the same transaction, and validates on every attempt (Iceberg
 * retries inside the commit) that the branch head still names the file the state was read from: if
 * an append landed meanwhile, the attempt fails ({@link #moved()}, or {@link #duplicates()} when
 * that append committed some of the batches) and the caller stages again.
 */
final class LedgerCommit implements SnapshotAncestryValidator {
  private final ProducerLedger ledger;
  private final Table table;
  private final List<PendingBatch> batches;
  private final Ledger base;
  private final LedgerFile.Prepared written; // null when some batches are committed already
  private final Long parentId; // the branch head the ledger (and the ndv) was computed from
  private final Profile profile; // null unless every batch was profiled
  private volatile List<PendingBatch> duplicates;
  private volatile boolean moved;

  private LedgerCommit(
      ProducerLedger ledger, Table table, List<PendingBatch> batches, ProfileCommit profiled) {
    this.ledger = ledger;
    this.table = table;
    this.batches = List.copyOf(batches);
    this.base = ledger.head(table);
    this.duplicates = committedIn(base);
    Snapshot parent = SnapshotUtil.latestSnapshot(table, ledger.branch());
    this.parentId = parent == null ? null : parent.snapshotId();
    this.written = duplicates.isEmpty() ? write(parent) : null;
    this.profile =
        profiled.profileOf(
            this.batches,
            () -> ProfileCommit.merge(this.batches.stream().map(PendingBatch::profile).toList()));
  }

  /**
   * Stages the ledger of a commit of {@code batches} on the branch head of {@code table} as loaded
   * now; check {@link #duplicates()} first: when some are committed already, nothing is written.
   * The commit's profile is the one {@code profiled} merged ahead, if it did for these batches.
   */
  static LedgerCommit stage(
      ProducerLedger ledger, Table table, List<PendingBatch> batches, ProfileCommit profiled) {
    return new LedgerCommit(ledger, table, batches, profiled);
  }

  /** The merged profile of the batches, or null when one has none. */
  Profile profile() {
    return profile;
  }

  List<PendingBatch> batches() {
    return batches;
  }

  /** Names the ledger file in {@code append}'s summary and validates every attempt. */
  void applyTo(AppendFiles append) {
    written.ledger().pointer().setOn(append);
    if (batches.size() == 1) {
      // The one-batch keys, as `floe snapshots` and earlier Floe versions read them.
      append.set(IngestProperties.PRODUCER_ID, batches.get(0).producer());
      append.set(IngestProperties.BATCH_SEQUENCE, Long.toString(batches.get(0).sequence()));
    } else {
      // Counts only: which batches a group added is in the ledger file, not in the summary.
      append.set(IngestProperties.BATCH_COUNT, Integer.toString(batches.size()));
      append.set(
          IngestProperties.PRODUCER_COUNT,
          Long.toString(batches.stream().map(PendingBatch::producer).distinct().count()));
    }
    append.validateWith(this);
  }

  /**
   * Writes the ledger file, with the commit's profile ({@link ProfileCodec}) and distinct-count
   * blobs ({@link ThetaBlobs}) when its batches were profiled, and registers it as the statistics
   * file of the snapshot {@code txn} staged on {@code branch} (after the append's {@code commit()},
   * before the transaction's); returns that snapshot. Only the theta blobs are listed in the table
   * metadata.
   */
  long register(Transaction txn, String branch) {
    Snapshot snapshot = txn.table().snapshot(branch);
    List<Blob> theta = List.of();
    try {
      theta = profile == null ? theta : ThetaBlobs.forSnapshot(txn.table(), snapshot, profile);
    } catch (RuntimeException e) {
      // Advisory: a missing ndv is left out, never guessed; the data and the ledger still commit.
    }
    List<Blob> profiles =
        profile == null
            ? List.of()
            : List.of(
                new Blob(
                    ProfileCodec.BLOB_TYPE,
                    List.of(),
                    snapshot.snapshotId(),
                    snapshot.sequenceNumber(),
                    ByteBuffer.wrap(ProfileCodec.encode(profile)),
                    PuffinCompressionCodec.ZSTD,
                    Map.of()));
    LedgerFile.Written file = LedgerFile.write(table.io(), written, profiles, theta);
    txn.updateStatistics()
        .setStatistics(
            new GenericStatisticsFile(
                snapshot.snapshotId(),
                written.ledger().pointer().location(),
                file.fileSize(),
                file.footerSize(),
                GenericBlobMetadata.from(file.listed())))
        .commit();
    return snapshot.snapshotId();
  }

  /** After a commit that landed: caches the new state for the reads that follow. */
  void committed() {
    ledger.remember(written.ledger());
  }

  /** Deletes the ledger file of a commit that did not land. */
  void discard() {
    if (written != null) {
      BatchFiles.deleteQuietly(table.io(), written.ledger().pointer().location());
    }
  }

  /** The batches found committed already, at staging or by the last failed attempt. */
  List<PendingBatch> duplicates() {
    return duplicates;
  }

  /** Whether the last attempt failed because another append moved the ledger. */
  boolean moved() {
    return moved;
  }

  @Override
  public boolean validate(Iterable<Snapshot> ancestors) {
    Ledger now = ledger.ledgerOf(table.io(), ancestors);
    if (profile != null && !headIs(ancestors)) {
      // The ndv merged the parent's sketch: a commit rebased on another head would lose values.
      duplicates = committedIn(now);
      moved = duplicates.isEmpty();
      return false;
    }
    if (now.pointer() != null
        ? now.pointer().equals(base.pointer()) && now.entries().equals(base.entries())
        : base.pointer() == null && now.entries().equals(base.entries())) {
      moved = false;
      return true;
    }
    duplicates = committedIn(now);
    moved = duplicates.isEmpty();
    return false;
  }

  @Override
  public String errorMessage() {
    return moved
        ? String.format(
            "the exactly-once ledger of branch %s moved since %s was written",
            ledger.branch(), written.ledger().pointer().location())
        : String.format(
            "%s already committed on branch %s",
            duplicates.stream().map(PendingBatch::describe).toList(), ledger.branch());
  }

  private boolean headIs(Iterable<Snapshot> ancestors) {
    java.util.Iterator<Snapshot> it = ancestors.iterator();
    Long head = it.hasNext() ? it.next().snapshotId() : null;
    return java.util.Objects.equals(head, parentId);
  }

  private List<PendingBatch> committedIn(Ledger state) {
    List<PendingBatch> found = new ArrayList<>();
    for (PendingBatch pending : batches) {
      SequenceSet committed = state.committed(pending.producer());
      if (committed.contains(pending.sequence())) {
        found.add(pending);
      } else {
        RowRanges.checkOverlap(pending.producer(), pending.sequence(), committed);
      }
    }
    return List.copyOf(found);
  }

  private LedgerFile.Prepared write(Snapshot parent) {
    long now = System.currentTimeMillis();
    long generation = base.generation() + 1;
    Map<String, SequenceSet> added = new TreeMap<>();
    for (PendingBatch pending : batches) {
      added.merge(
          pending.producer(), SequenceSet.EMPTY.with(pending.sequence()), SequenceSet::union);
    }
    long idleBefore = now - ledger.idleRetentionMillis();
    Map<String, Entry> entries = new TreeMap<>();
    base.entries()
        .forEach(
            (producer, entry) -> {
              // Unknown times (a summary ledger being moved to a file) start the window now.
              long last = entry.lastCommitMillis() < 0 ? now : entry.lastCommitMillis();
              if (last >= idleBefore || added.containsKey(producer)) {
                entries.put(
                    producer,
                    new Entry(entry.committed(), last, entry.generation(), entry.added()));
              }
            });
    added.forEach(
        (producer, sequences) ->
            entries.put(
                producer,
                new Entry(
                    entries
                        .getOrDefault(
                            producer,
                            new Entry(SequenceSet.EMPTY, now, generation, SequenceSet.EMPTY))
                        .committed()
                        .union(sequences),
                    now,
                    generation,
                    sequences)));
    return LedgerFile.prepare(table, generation, entries, parent);
  }
}

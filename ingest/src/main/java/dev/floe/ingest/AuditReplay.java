package dev.floe.ingest;

import dev.floe.ingest.LedgerFile.Entry;
import dev.floe.ingest.LedgerFile.Ledger;
import dev.floe.ingest.profile.Profile;
import dev.floe.ingest.profile.ProfileCodec;
import dev.floe.ingest.profile.Profiles;
import dev.floe.ingest.profile.ThetaBlobs;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.GenericBlobMetadata;
import org.apache.iceberg.GenericStatisticsFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotAncestryValidator;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.puffin.Blob;
import org.apache.iceberg.puffin.PuffinCompressionCodec;

/**
 * Replays audited append snapshots, oldest first, onto a target branch that moved since the audit
 * branch forked: one new append per audited snapshot, with the same data files, in one transaction
 * (all land or none). Each replayed snapshot names a new ledger file: the target's ledger plus the
 * batches the audited snapshot added, so a batch published once is a duplicate on both branches. A
 * batch the target already holds (re-sent there while the audit was pending) stops the replay:
 * appending it again would duplicate it. Replayed snapshots name their source ({@link #SOURCE}), so
 * a publish retried after an unknown outcome replays nothing twice, and carry the audited commit's
 * profile and the target's distinct counts merged with it, as the writer's own appends do.
 */
final class AuditReplay {
  /** Summary key of a replayed snapshot: the id of the audited snapshot it replays. */
  static final String SOURCE = "floe.audit.source-snapshot-id";

  private static final int ATTEMPTS = 8;
  private static final List<String> CARRIED_KEYS =
      List.of(
          IngestProperties.PRODUCER_ID,
          IngestProperties.BATCH_SEQUENCE,
          IngestProperties.BATCH_COUNT,
          IngestProperties.PRODUCER_COUNT);

  private AuditReplay() {}

  /**
   * Replays the snapshots of {@code source} from {@code head} back to the target's history onto
   * branch {@code ref} of {@code target}; returns the new snapshot ids, oldest first (empty when
   * every one was replayed before). Throws {@link ValidationException}, committing nothing, when a
   * snapshot is no append or the target holds one of its batches already.
   */
  static List<Long> replay(Table source, long head, Table target, String ref, Audited audited) {
    for (int attempt = 1; ; attempt++) {
      List<String> written = new ArrayList<>();
      try {
        return attempt(source, head, target, ref, audited, written);
      } catch (CommitFailedException | ValidationException e) {
        written.forEach(location -> BatchFiles.deleteQuietly(target.io(), location));
        if (!(e instanceof CommitFailedException || e.getMessage().contains(MOVED))
            || attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static final String MOVED = "moved while the audited appends were replayed";

  private static List<Long> attempt(
      Table source, long head, Table target, String ref, Audited audited, List<String> written) {
    target.refresh();
    Snapshot targetHead = target.snapshot(ref);
    Set<Long> replayedBefore = new HashSet<>();
    for (Snapshot s = targetHead;
        s != null;
        s = s.parentId() == null ? null : target.snapshot(s.parentId())) {
      String from = s.summary() == null ? null : s.summary().get(SOURCE);
      if (from != null) {
        replayedBefore.add(Long.parseLong(from));
      }
    }
    List<Snapshot> staged = AuditHistory.staged(source, head, target, targetHead);
    Map<Snapshot, Map<String, SequenceSet>> added = AuditHistory.batches(source, staged);
    added.keySet().removeIf(s -> replayedBefore.contains(s.snapshotId()));
    AuditHistory.requireAudited(List.copyOf(added.keySet()), audited);
    if (added.isEmpty()) {
      return List.of();
    }
    ProducerLedger reader = new ProducerLedger(ref, Long.MAX_VALUE);
    Ledger base =
        targetHead == null
            ? Ledger.EMPTY
            : AuditHistory.ledgerAt(reader, target, targetHead.snapshotId());
    List<String> twice = new ArrayList<>();
    added.forEach(
        (s, batches) -> {
          if (!DataOperations.APPEND.equals(s.operation())) {
            throw new ValidationException(
                "Cannot replay snapshot %s of %s onto %s: it is a %s, only appends replay (publish"
                    + " before %s moves, or audit again from %s)",
                s.snapshotId(), source.name(), ref, s.operation(), ref, ref);
          }
          batches.forEach(
              (producer, seqs) -> {
                SequenceSet both = seqs.minus(seqs.minus(base.committed(producer)));
                if (!both.isEmpty()) {
                  twice.add(producer + ":" + both);
                }
              });
        });
    if (!twice.isEmpty()) {
      throw new ValidationException(
          "Cannot publish to %s of %s: batches %s are on it already (re-sent there while the audit"
              + " was pending?); nothing was published, the audited data stays on its branch",
          ref, target.name(), twice);
    }
    Map<String, Entry> entries = new TreeMap<>(base.entries());
    long generation = base.generation();
    long now = System.currentTimeMillis();
    Transaction txn = target.newTransaction();
    List<Long> ids = new ArrayList<>();
    boolean first = true;
    for (Map.Entry<Snapshot, Map<String, SequenceSet>> step : added.entrySet()) {
      Snapshot s = step.getKey();
      generation++;
      for (Map.Entry<String, SequenceSet> b : step.getValue().entrySet()) {
        Entry old = entries.get(b.getKey());
        SequenceSet committed = old == null ? b.getValue() : old.committed().union(b.getValue());
        entries.put(b.getKey(), new Entry(committed, now, generation, b.getValue()));
      }
      Snapshot parent = txn.table().snapshot(ref);
      LedgerFile.Prepared prepared = LedgerFile.prepare(target, generation, entries, parent);
      AppendFiles append = txn.newAppend().toBranch(ref);
      s.addedDataFiles(source.io()).forEach(append::appendFile);
      prepared.ledger().pointer().setOn(append);
      for (String key : CARRIED_KEYS) {
        String value = s.summary() == null ? null : s.summary().get(key);
        if (value != null) {
          append.set(key, value);
        }
      }
      append.set(SOURCE, Long.toString(s.snapshotId()));
      if (first) {
        append.validateWith(new Unmoved(targetHead == null ? null : targetHead.snapshotId(), ref));
        first = false;
      }
      append.commit();
      Snapshot replayed = txn.table().snapshot(ref);
      Profile profile = profileOf(source, s);
      written.add(prepared.ledger().pointer().location());
      LedgerFile.Written file =
          LedgerFile.write(
              target.io(), prepared, profileBlob(replayed, profile), theta(txn, replayed, profile));
      long id = replayed.snapshotId();
      txn.updateStatistics()
          .setStatistics(
              new GenericStatisticsFile(
                  id,
                  prepared.ledger().pointer().location(),
                  file.fileSize(),
                  file.footerSize(),
                  GenericBlobMetadata.from(file.listed())))
          .commit();
      ids.add(id);
    }
    txn.commitTransaction();
    return ids;
  }

  /** The profile the audited append {@code s} recorded, or null when it has none. */
  private static Profile profileOf(Table source, Snapshot s) {
    try {
      return Profiles.of(source).atSnapshot(s.snapshotId());
    } catch (IllegalStateException e) {
      return null; // written without profiling: the replayed snapshot has none either
    }
  }

  /** The profile blob of {@code replayed}: the audited commit's rows, now on the target. */
  private static List<Blob> profileBlob(Snapshot replayed, Profile profile) {
    return profile == null
        ? List.of()
        : List.of(
            new Blob(
                ProfileCodec.BLOB_TYPE,
                List.of(),
                replayed.snapshotId(),
                replayed.sequenceNumber(),
                ByteBuffer.wrap(ProfileCodec.encode(profile)),
                PuffinCompressionCodec.ZSTD,
                Map.of()));
  }

  /** The target's distinct counts merged with the commit's, as an append registers them. */
  private static List<Blob> theta(Transaction txn, Snapshot replayed, Profile profile) {
    try {
      return profile == null ? List.of() : ThetaBlobs.forSnapshot(txn.table(), replayed, profile);
    } catch (RuntimeException e) {
      return List.of(); // advisory: a missing ndv is left out, never guessed
    }
  }

  /** Fails the replay when the target's head is no longer the one its ledger was read from. */
  private static final class Unmoved implements SnapshotAncestryValidator {
    private final Long expected;
    private final String ref;

    private Unmoved(Long expected, String ref) {
      this.expected = expected;
      this.ref = ref;
    }

    @Override
    public boolean validate(Iterable<Snapshot> ancestors) {
      java.util.Iterator<Snapshot> it = ancestors.iterator();
      return Objects.equals(it.hasNext() ? it.next().snapshotId() : null, expected);
    }

    @Override
    public String errorMessage() {
      return ref + " " + MOVED;
    }
  }
}

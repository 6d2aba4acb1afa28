package dev.floe.catalog.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Something Floe did to a table, told to {@link FloeListener}s after it happened: the commit is
 * already durable when a listener hears of it. Each event names the table ({@code db.t}) and its
 * location, which routes the event to the lakehouse ({@link FloeEvents}) whose warehouse holds it.
 */
public sealed interface FloeEvent {
  /** The table as {@code db.t}, without catalog or ref. */
  String table();

  /** The table's location, e.g. {@code file:/w/db/t} or {@code s3://bucket/w/db/t}. */
  String location();

  /** When the operation finished. */
  Instant at();

  /** What produced rows in a commit: a producer and its batch sequences. */
  record ProducerBatches(String producer, List<Long> sequences, long rows) {
    public ProducerBatches {
      Objects.requireNonNull(producer, "producer");
      sequences = List.copyOf(sequences);
    }
  }

  /** What pins a training snapshot: the lock's fingerprint, content digest and split. */
  record LockInfo(String lockName, String fingerprint, String digest, String split) {
    public LockInfo {
      Objects.requireNonNull(lockName, "lockName");
    }
  }

  /** A writer commit (ingest). */
  record Commit(
      String table,
      String location,
      String branch,
      long snapshotId,
      String operation,
      List<ProducerBatches> batches,
      long addedFiles,
      long addedRecords,
      long addedBytes,
      Instant at)
      implements FloeEvent {
    public Commit {
      requireCommon(table, location, at);
      Objects.requireNonNull(branch, "branch");
      Objects.requireNonNull(operation, "operation");
      batches = List.copyOf(batches);
    }
  }

  /**
   * A compaction commit: {@code kind} is {@code bin-pack} or {@code rewrite-manifests}; {@code
   * snapshotId} is the new snapshot, or -1 when there was nothing to rewrite.
   */
  record Compaction(
      String table,
      String location,
      String branch,
      long snapshotId,
      String kind,
      long rewrittenFiles,
      long addedFiles,
      long rewrittenBytes,
      long addedBytes,
      int failedGroups,
      long durationMillis,
      Instant at)
      implements FloeEvent {
    public Compaction {
      requireCommon(table, location, at);
      Objects.requireNonNull(branch, "branch");
      Objects.requireNonNull(kind, "kind");
    }
  }

  /**
   * Snapshot expiry ({@code kind = expire-snapshots}) or orphan removal ({@code remove-orphans}).
   */
  record Expiry(
      String table,
      String location,
      String kind,
      List<Long> expiredSnapshotIds,
      long deletedFiles,
      long deletedBytes,
      long durationMillis,
      Instant at)
      implements FloeEvent {
    public Expiry {
      requireCommon(table, location, at);
      Objects.requireNonNull(kind, "kind");
      expiredSnapshotIds = List.copyOf(expiredSnapshotIds);
    }
  }

  /**
   * A branch published into another: {@code kind} is {@code audit-publish} ({@code Audit.publish}),
   * {@code experiment-merge} (an Iceberg branch merged by {@code Experiments.merge}) or {@code
   * nessie-merge} (one table of a Nessie merge). {@code fromSnapshotId} is the branch's snapshot
   * that was published (null when unknown), {@code snapshotId} the target's head afterwards.
   */
  record Publish(
      String table,
      String location,
      String kind,
      String fromBranch,
      Long fromSnapshotId,
      String toBranch,
      long snapshotId,
      Instant at)
      implements FloeEvent {
    public Publish {
      requireCommon(table, location, at);
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(fromBranch, "fromBranch");
      Objects.requireNonNull(toBranch, "toBranch");
    }
  }

  /** A snapshot pinned for training by a lock. */
  record Pin(String table, String location, long snapshotId, LockInfo lock, Instant at)
      implements FloeEvent {
    public Pin {
      requireCommon(table, location, at);
      Objects.requireNonNull(lock, "lock");
    }
  }

  /** Which shard of a lock's rows a read was: {@code rank} of {@code worldSize}, its epoch. */
  record ShardInfo(int rank, int worldSize, long epoch) {}

  /**
   * A lock's snapshot read back (rehydrated), verified or not: {@code failed} says the content did
   * not match the lock; {@code shard} is null unless the read was one shard of the lock's rows.
   */
  record Rehydration(
      String table,
      String location,
      long snapshotId,
      LockInfo lock,
      ShardInfo shard,
      long rows,
      long bytes,
      long files,
      boolean verified,
      boolean failed,
      long durationMillis,
      Instant at)
      implements FloeEvent {
    public Rehydration {
      requireCommon(table, location, at);
      Objects.requireNonNull(lock, "lock");
    }
  }

  /** A lock checked against its table ({@code TimeTravel.verify}): {@code ok} or its problems. */
  record Verification(
      String table,
      String location,
      long snapshotId,
      LockInfo lock,
      boolean ok,
      List<String> problems,
      long durationMillis,
      Instant at)
      implements FloeEvent {
    public Verification {
      requireCommon(table, location, at);
      Objects.requireNonNull(lock, "lock");
      problems = List.copyOf(problems);
    }
  }

  private static void requireCommon(String table, String location, Instant at) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(at, "at");
  }
}

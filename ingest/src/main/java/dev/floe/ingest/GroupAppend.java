package dev.floe.ingest;

import dev.floe.ingest.profile.ProfileTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;

/**
 * The group commit of a {@link BatchAppender}: writes the rows of many batches into shared files
 * and commits them in one snapshot, with the producer ledger's check that none of them is committed
 * already. Takes the table's lock to commit, as the appender does.
 */
final class GroupAppend {
  private final Table table;
  private final String branch;
  private final FileFormat format;
  private final long targetFileSize;
  private final Supplier<SortOrder> order; // the appender's, as last seen under the lock
  private final ProducerLedger ledger;
  // Refreshes the appender's view of the table after the table changed under the lock.
  private final Runnable remember;
  private ProfileTable profiles; // null: profiles go only into the ledger file
  private boolean profile; // whether batches are profiled while their files are written
  private ExecutorService writes; // see writes()

  GroupAppend(
      Table table,
      String branch,
      FileFormat format,
      long targetFileSize,
      Supplier<SortOrder> order,
      ProducerLedger ledger,
      Runnable remember) {
    this.table = table;
    this.branch = branch;
    this.format = format;
    this.targetFileSize = targetFileSize;
    this.order = order;
    this.ledger = ledger;
    this.remember = remember;
  }

  /** Profiles the batches and writes each commit's profile to {@code profileTable} (or none). */
  void profiles(boolean enabled, ProfileTable profileTable) {
    this.profile = enabled;
    this.profiles = profileTable;
  }

  /**
   * Where commits' profiles are written to the profile table ahead of the data commit: one daemon
   * thread of this writer's, started on first use.
   */
  synchronized Executor writes() {
    if (profiles == null) {
      return Runnable::run; // nothing is written: merging needs no thread of its own
    }
    if (writes == null) {
      writes =
          Executors.newSingleThreadExecutor(
              run -> {
                Thread thread = new Thread(run, "floe-profile-writes-" + table.name());
                thread.setDaemon(true);
                return thread;
              });
    }
    return writes;
  }

  /** Stops the profile-writing thread; every commit waited for its writes already. */
  synchronized void close() {
    if (writes != null) {
      writes.shutdown();
    }
  }

  GroupOutcome commit(List<PendingBatch> group) {
    ProfileCommit profiled = new ProfileCommit(profiles, table.name(), writes());
    List<PendingBatch> rest = new ArrayList<>(group);
    Map<PendingBatch, Snapshot> duplicates = new LinkedHashMap<>();
    List<DataFile> files =
        BatchFiles.writeGroup(table, order.get(), format, targetFileSize, rest, profile, profiled);
    synchronized (table) {
      for (int attempt = 1; ; attempt++) {
        if (attempt > 1) {
          table.refresh();
        }
        LedgerCommit staged;
        try {
          staged = LedgerCommit.stage(ledger, table, rest, profiled);
        } catch (RuntimeException e) {
          BatchFiles.delete(table.io(), files);
          throw e;
        }
        if (staged.duplicates().isEmpty()) {
          Transaction txn = table.newTransaction();
          try {
            AppendFiles append = txn.newAppend().toBranch(branch);
            staged.applyTo(append);
            profiled.applyTo(append, staged.batches(), staged.profile());
            files.forEach(append::appendFile);
            append.commit();
            long snapshotId = staged.register(txn, branch);
            txn.commitTransaction();
            staged.committed();
            remember.run();
            return new GroupOutcome(
                table.snapshot(snapshotId), rest, duplicates, List.of(), null, files.size());
          } catch (CommitStateUnknownException e) {
            return unknown(rest, duplicates, files, e);
          } catch (RuntimeException e) {
            staged.discard();
            boolean validation = e instanceof ValidationException;
            if (validation && staged.moved() && attempt < BatchAppender.LEDGER_ATTEMPTS) {
              continue; // the data files stay good: stage the ledger again on the new head
            }
            BatchFiles.delete(table.io(), files);
            if (validation && staged.moved()) {
              throw new CommitFailedException(
                  e, "Cannot commit a group of %s batches: %s", rest.size(), e.getMessage());
            }
            if (!validation || staged.duplicates().isEmpty()) {
              throw e;
            }
          }
        } else {
          BatchFiles.delete(table.io(), files);
        }
        // Some batches are committed already: the others go on without them.
        table.refresh();
        for (PendingBatch duplicate : staged.duplicates()) {
          Snapshot found = ledger.committedIn(table, duplicate.producer(), duplicate.sequence());
          duplicates.put(duplicate, found);
          rest.remove(duplicate);
        }
        remember.run();
        if (rest.isEmpty()) {
          return new GroupOutcome(null, List.of(), duplicates, List.of(), null, 0);
        }
        // Rare: the rows of the others are written into files of their own.
        files =
            BatchFiles.writeGroup(table, order.get(), format, targetFileSize, rest, profile, null);
      }
    }
  }

  /** Never retried blindly, never cleaned up: looks for each batch first. */
  private GroupOutcome unknown(
      List<PendingBatch> rest,
      Map<PendingBatch, Snapshot> duplicates,
      List<DataFile> files,
      CommitStateUnknownException e) {
    table.refresh();
    remember.run();
    List<PendingBatch> landed = new ArrayList<>();
    List<PendingBatch> unknown = new ArrayList<>();
    Snapshot snapshot = null;
    for (PendingBatch pending : rest) {
      Snapshot found = ledger.committedIn(table, pending.producer(), pending.sequence());
      (found != null ? landed : unknown).add(pending);
      snapshot = found != null ? found : snapshot;
    }
    return new GroupOutcome(
        snapshot, landed, duplicates, unknown, e, landed.isEmpty() ? 0 : files.size());
  }
}

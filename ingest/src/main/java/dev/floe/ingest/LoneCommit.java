package dev.floe.ingest;

import dev.floe.ingest.profile.ProfileTable;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;

/**
 * The commit of one batch in a snapshot of its own, for a {@link BatchAppender} (whose groups
 * commit through {@link GroupAppend}): stages the producer ledger, names the profile, appends the
 * files and registers the statistics file in one transaction. Called under the table's lock.
 */
final class LoneCommit {
  private final Table table;
  private final String branch;
  private final ProducerLedger ledger;
  private final ProfileTable profiles; // null: profiles go only into the ledger file
  private final Supplier<Executor> writes; // where profiles are written ahead (GroupAppend's)
  private final Runnable remember; // refreshes the appender's view after the table changed

  LoneCommit(
      Table table,
      String branch,
      ProducerLedger ledger,
      ProfileTable profiles,
      Supplier<Executor> writes,
      Runnable remember) {
    this.table = table;
    this.branch = branch;
    this.ledger = ledger;
    this.profiles = profiles;
    this.writes = writes;
    this.remember = remember;
  }

  /**
   * Commits the files of {@code pending}, through {@code txn} when it is not null. An append by
   * another handle that moved the ledger meanwhile makes this stage the ledger again (up to {@value
   * BatchAppender#LEDGER_ATTEMPTS} times; through {@code txn}, once) before it gives up with {@link
   * CommitFailedException}.
   */
  AppendResult commit(PendingBatch pending, Transaction txn) {
    ProfileCommit profiled = pending.profileCommit(profiles, table.name(), writes.get());
    for (int attempt = 1; ; attempt++) {
      if (txn == null && attempt > 1) {
        table.refresh();
      }
      LedgerCommit staged;
      try {
        staged = LedgerCommit.stage(ledger, table, List.of(pending), profiled);
      } catch (RuntimeException e) {
        BatchFiles.delete(table.io(), pending.files());
        throw e;
      }
      if (!staged.duplicates().isEmpty()) {
        BatchFiles.delete(table.io(), pending.files());
        remember.run();
        return pending.duplicate(ledger.committedIn(table, pending.producer(), pending.sequence()));
      }
      Transaction commit = txn == null ? table.newTransaction() : txn;
      long snapshotId;
      try {
        AppendFiles append = commit.newAppend().toBranch(branch);
        staged.applyTo(append);
        profiled.applyTo(append, staged.batches(), staged.profile());
        pending.files().forEach(append::appendFile);
        append.commit();
        snapshotId = staged.register(commit, branch);
        commit.commitTransaction();
      } catch (CommitStateUnknownException e) {
        // Never retried blindly, never cleaned up: the commit may have landed.
        table.refresh();
        remember.run();
        Snapshot landed = ledger.committedIn(table, pending.producer(), pending.sequence());
        if (landed != null) {
          return pending.committed(landed, txn != null);
        }
        throw new CommitStateUnknownException(
            String.format(
                "Cannot tell whether %s reached branch %s: it is not in the branch history yet."
                    + " Appending the same batch again is safe: a committed copy is found and"
                    + " not appended twice",
                pending.describe(), branch),
            e);
      } catch (RuntimeException e) {
        staged.discard();
        boolean validation = e instanceof ValidationException;
        if (validation
            && staged.moved()
            && txn == null
            && attempt < BatchAppender.LEDGER_ATTEMPTS) {
          continue; // the data files stay good: stage the ledger again on the new head
        }
        BatchFiles.delete(table.io(), pending.files());
        if (validation && !staged.duplicates().isEmpty()) {
          table.refresh();
          remember.run();
          return pending.duplicate(
              ledger.committedIn(table, pending.producer(), pending.sequence()));
        }
        if (validation && staged.moved()) {
          throw new CommitFailedException(
              e, "Cannot commit %s: %s", pending.describe(), e.getMessage());
        }
        throw e;
      }
      staged.committed();
      remember.run();
      return pending.committed(table.snapshot(snapshotId), txn != null);
    }
  }
}

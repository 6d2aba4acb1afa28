package dev.floe.ingest;

import dev.floe.catalog.exceptions.SchemaEvolutionException;
import java.time.Duration;
import java.util.List;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;

/**
 * One attempt to append a batch: check history and schema, write files, commit. A {@link
 * CommitFailedException} means "try again": the files of the attempt are already deleted.
 *
 * <p>Iceberg's table operations are not safe for concurrent commits through one {@link Table}
 * handle, so every writer sharing a handle takes its lock to refresh, evolve or commit. Data files
 * are written outside the lock, in parallel, except when the schema changes: then the change and
 * the data commit in one transaction.
 */
final class BatchAppender {
  private final Table table;
  private final String branch;
  private final String producerId;
  private final FileFormat format;
  private final long targetFileSize;
  private final EvolutionPolicy policy;
  private final ProducerLedger ledger;

  BatchAppender(
      Table table,
      String branch,
      String producerId,
      FileFormat format,
      long targetFileSize,
      EvolutionPolicy policy) {
    this.table = table;
    this.branch = branch;
    this.producerId = producerId;
    this.format = format;
    this.targetFileSize = targetFileSize;
    this.policy = policy;
    this.ledger = new ProducerLedger(producerId, branch);
    synchronized (table) {
      table.refresh();
      ledger.scan(table);
    }
  }

  long lastCommittedSequence() {
    return ledger.lastSequence();
  }

  AppendResult attempt(Batch batch, long startNanos) {
    String who = BatchFiles.describe(batch, producerId);
    Schema schema;
    PartitionSpec spec;
    synchronized (table) {
      table.refresh();
      Snapshot done = ledger.find(table, batch.sequence());
      if (done != null) {
        return duplicate(batch, done, startNanos);
      }
      SchemaPlan plan = SchemaCheck.plan(table.schema(), batch.schema(), policy, who);
      if (!plan.isEmpty()) {
        return evolveAndAppend(batch, plan, who, startNanos);
      }
      schema = table.schema();
      spec = table.spec();
    }
    List<DataFile> files =
        BatchFiles.write(table, schema, spec, format, targetFileSize, batch, producerId);
    synchronized (table) {
      return commit(batch, files, null, startNanos);
    }
  }

  private AppendResult evolveAndAppend(Batch batch, SchemaPlan plan, String who, long startNanos) {
    int schemaId = table.schema().schemaId();
    Transaction txn = table.newTransaction();
    try {
      UpdateSchema update = txn.updateSchema();
      plan.applyTo(update);
      update.commit();
    } catch (IllegalArgumentException | ValidationException e) {
      throw new SchemaEvolutionException(
          e, "Cannot append %s: cannot evolve the table schema: %s", who, e.getMessage());
    }
    Table staged = txn.table();
    List<DataFile> files =
        BatchFiles.write(
            staged, staged.schema(), staged.spec(), format, targetFileSize, batch, producerId);
    try {
      return commit(batch, files, txn, startNanos);
    } catch (IllegalArgumentException | ValidationException e) {
      // Replaying our schema change on a schema another writer changed meanwhile can clash
      // (e.g. both added the column): plan again against the new schema.
      table.refresh();
      if (table.schema().schemaId() != schemaId) {
        throw new CommitFailedException(e, "Table schema changed while appending %s", who);
      }
      throw e;
    }
  }

  /** Commits {@code files}, through {@code txn} when it is not null. */
  private AppendResult commit(Batch batch, List<DataFile> files, Transaction txn, long startNanos) {
    ProducerLedger.NotCommitted check = ledger.notCommitted(batch.sequence());
    try {
      AppendFiles append = txn == null ? table.newAppend() : txn.newAppend();
      append
          .toBranch(branch)
          .set(IngestProperties.PRODUCER_ID, producerId)
          .set(IngestProperties.BATCH_SEQUENCE, Long.toString(batch.sequence()))
          .validateWith(check);
      files.forEach(append::appendFile);
      append.commit();
      if (txn != null) {
        txn.commitTransaction();
      }
    } catch (CommitStateUnknownException e) {
      // Never retried blindly, never cleaned up: the commit may have landed.
      table.refresh();
      Snapshot landed = ledger.find(table, batch.sequence());
      if (landed != null) {
        return committed(batch, landed, files, txn != null, startNanos);
      }
      throw new CommitStateUnknownException(
          String.format(
              "Cannot tell whether %s reached branch %s: it is not in the branch history yet."
                  + " Appending the same batch again is safe: a committed copy is found and"
                  + " not appended twice",
              BatchFiles.describe(batch, producerId), branch),
          e);
    } catch (RuntimeException e) {
      BatchFiles.delete(table.io(), files);
      if (e instanceof ValidationException && check.found() != null) {
        return duplicate(batch, check.found(), startNanos);
      }
      throw e;
    }
    // The table refreshes itself after a commit; our snapshot is at or near the branch head.
    return committed(batch, ledger.find(table, batch.sequence()), files, txn != null, startNanos);
  }

  private AppendResult committed(
      Batch batch, Snapshot snapshot, List<DataFile> files, boolean evolved, long startNanos) {
    long bytes = files.stream().mapToLong(DataFile::fileSizeInBytes).sum();
    return new AppendResult(
        producerId,
        batch.sequence(),
        snapshot == null ? null : snapshot.snapshotId(),
        batch.size(),
        files.size(),
        bytes,
        false,
        evolved,
        elapsed(startNanos));
  }

  private AppendResult duplicate(Batch batch, Snapshot snapshot, long startNanos) {
    return new AppendResult(
        producerId,
        batch.sequence(),
        snapshot.snapshotId(),
        0,
        0,
        0,
        true,
        false,
        elapsed(startNanos));
  }

  private static Duration elapsed(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}

package dev.floe.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
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
  private final ProducerLedger ledger;
  // Refreshes the appender's view of the table after the table changed under the lock.
  private final Runnable remember;

  GroupAppend(
      Table table,
      String branch,
      FileFormat format,
      long targetFileSize,
      ProducerLedger ledger,
      Runnable remember) {
    this.table = table;
    this.branch = branch;
    this.format = format;
    this.targetFileSize = targetFileSize;
    this.ledger = ledger;
    this.remember = remember;
  }

  BatchAppender.GroupOutcome commit(List<PendingBatch> group) {
    List<PendingBatch> rest = new ArrayList<>(group);
    Map<PendingBatch, Snapshot> duplicates = new LinkedHashMap<>();
    List<DataFile> files = BatchFiles.writeGroup(table, format, targetFileSize, rest);
    synchronized (table) {
      while (true) {
        AppendFiles append = table.newAppend().toBranch(branch);
        ProducerLedger.Check check = ledger.check(rest, append);
        append.validateWith(check);
        files.forEach(append::appendFile);
        try {
          append.commit();
        } catch (ValidationException e) {
          BatchFiles.delete(table.io(), files);
          if (check.duplicates().isEmpty()) {
            throw e;
          }
          table.refresh();
          for (PendingBatch duplicate : check.duplicates()) {
            Snapshot found = ledger.committedIn(table, duplicate.producer(), duplicate.sequence());
            duplicates.put(duplicate, found);
            rest.remove(duplicate);
          }
          remember.run();
          if (rest.isEmpty()) {
            return new BatchAppender.GroupOutcome(null, List.of(), duplicates, List.of(), null, 0);
          }
          files =
              BatchFiles.writeGroup(
                  table,
                  format,
                  targetFileSize,
                  rest); // rare: the rows of the others are in files of their own
          continue;
        } catch (CommitStateUnknownException e) {
          // Never retried blindly, never cleaned up: look for each batch first.
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
          return new BatchAppender.GroupOutcome(
              snapshot, landed, duplicates, unknown, e, landed.isEmpty() ? 0 : files.size());
        } catch (RuntimeException e) {
          BatchFiles.delete(table.io(), files);
          throw e;
        }
        remember.run();
        PendingBatch first = rest.get(0);
        Snapshot snapshot = ledger.committedIn(table, first.producer(), first.sequence());
        return new BatchAppender.GroupOutcome(
            snapshot, rest, duplicates, List.of(), null, files.size());
      }
    }
  }
}

package dev.floe.timetravel;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.NoSuchRefException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.InputFile;

/**
 * Checks a lock against the table as it is now. Collects every problem rather than stopping at the
 * first, so one run tells the user everything that needs fixing.
 */
final class LockVerifier {
  private LockVerifier() {}

  static VerifyResult verify(Floe floe, TrainingLock lock) {
    return check(floe, lock).result();
  }

  /**
   * What {@link #verify} found, with the table it loaded and the files of the pinned snapshot it
   * planned (all of them, no filter; null when it did not get that far), so a rehydration reads
   * them without loading and planning again.
   */
  record Checked(VerifyResult result, Table table, SnapshotFiles files) {}

  static Checked check(Floe floe, TrainingLock lock) {
    Table table;
    try {
      table = table(floe, lock);
    } catch (NoSuchTableException e) {
      return failed(
          List.of(
              lock.nessieHash() == null
                  ? "table " + lock.table() + " does not exist"
                  : String.format(
                      "table %s does not exist at Nessie commit %s",
                      lock.table(), lock.nessieHash())));
    } catch (NoSuchRefException e) {
      if (lock.nessieHash() == null) {
        throw e;
      }
      List<String> problems = new ArrayList<>();
      problems.add(
          String.format(
              "Nessie commit %s no longer exists (garbage-collected?): the pinned data is gone",
              lock.nessieHash()));
      checkNessieTag(floe, lock, problems);
      return failed(problems);
    } catch (UnsupportedOperationException e) {
      return failed(
          List.of(
              String.format(
                  "%s was pinned at Nessie commit %s, but the catalog is not in nessie mode",
                  lock.table(), lock.nessieHash())));
    }
    List<String> problems = new ArrayList<>();
    Snapshot snapshot = table.snapshot(lock.snapshotId());
    SnapshotFiles files = null;
    if (snapshot == null) {
      problems.add("snapshot " + lock.snapshotId() + " no longer exists (expired?)");
    } else {
      files = checkSnapshot(table, snapshot, lock, problems);
    }
    if (lock.nessieHash() == null) {
      checkTag(table, lock, problems);
    } else {
      checkNessieTag(floe, lock, problems);
    }
    return new Checked(VerifyResult.of(problems), table, files);
  }

  private static Checked failed(List<String> problems) {
    return new Checked(VerifyResult.of(problems), null, null);
  }

  /**
   * The lock's table as pinned. In nessie mode that is the table at the pinned commit, read through
   * the pinned branch while it exists and through the catalog's branch once it is gone: Nessie
   * finds a commit by its hash through any reference.
   */
  static Table table(Floe floe, TrainingLock lock) {
    if (lock.nessieHash() == null) {
      return floe.tables().resolve(lock.table()).table();
    }
    if (floe.tables().nessieMode() && floe.tables().nessieHash(lock.nessieRef()) == null) {
      return floe.tables().resolve(lock.table() + "#" + lock.nessieHash()).table();
    }
    return floe.tables().resolve(lock.source()).table();
  }

  private static void checkNessieTag(Floe floe, TrainingLock lock, List<String> problems) {
    String hash = floe.tables().nessieHash(lock.tag());
    if (hash == null) {
      problems.add(
          "Nessie tag "
              + lock.tag()
              + " no longer exists: nothing keeps the pinned commit from garbage collection");
    } else if (!floe.tables().isNessieTag(lock.tag())) {
      problems.add(lock.tag() + " is now a Nessie branch, not a tag");
    } else if (!hash.equals(lock.nessieHash())) {
      problems.add(
          String.format(
              "Nessie tag %s points at commit %s, lock says %s",
              lock.tag(), hash, lock.nessieHash()));
    }
  }

  private static SnapshotFiles checkSnapshot(
      Table table, Snapshot snapshot, TrainingLock lock, List<String> problems) {
    Integer schemaId = snapshot.schemaId();
    if (schemaId != null && schemaId != lock.schemaId()) {
      problems.add(
          String.format(
              "snapshot %s has schema id %s, lock says %s",
              lock.snapshotId(), schemaId, lock.schemaId()));
    }
    SnapshotFiles files = SnapshotFiles.plan(table, lock.table(), snapshot);
    String fingerprint = files.fingerprint();
    boolean sameFiles = fingerprint.equals(lock.fingerprint());
    if (!sameFiles) {
      problems.add(
          String.format(
              "data or delete files of snapshot %s changed: fingerprint %s (%s files, %s records), lock says %s (%s files, %s records)",
              lock.snapshotId(),
              fingerprint,
              files.tasks().size(),
              files.records(),
              lock.fingerprint(),
              lock.dataFiles(),
              lock.records()));
    }
    int before = problems.size();
    for (FileScanTask task : files.tasks()) {
      checkFile(table, "data file", task.file(), problems);
      for (DeleteFile delete : SnapshotFiles.deleteFiles(task)) {
        checkFile(table, "delete file", delete, problems);
      }
    }
    // A changed file list already explains differing counts; counting rows reads the delete
    // files, so only once they are all there.
    if (sameFiles && problems.size() == before) {
      checkCounts(snapshot, lock, files, problems);
    }
    return files;
  }

  // The fingerprint covers the files, not the lock's own counts: an edited count would be echoed
  // as if checked. Each one is compared with the snapshot, naming the field.
  private static void checkCounts(
      Snapshot snapshot, TrainingLock lock, SnapshotFiles files, List<String> problems) {
    long id = snapshot.snapshotId();
    if (files.tasks().size() != lock.dataFiles()) {
      problems.add(
          String.format(
              "lock field 'dataFiles' says %s, snapshot %s has %s data files",
              lock.dataFiles(), id, files.tasks().size()));
    }
    if (files.records() != lock.records()) {
      problems.add(
          String.format(
              "lock field 'records' says %s, snapshot %s has %s data records",
              lock.records(), id, files.records()));
    }
    if (lock.rows() == null) {
      return;
    }
    LiveRows live;
    try {
      live = LiveRows.of(files);
    } catch (RuntimeException e) {
      problems.add(String.format("cannot count the rows of snapshot %s: %s", id, e.getMessage()));
      return;
    }
    if (lock.filter() == null && live.exact() && lock.rows() != live.rows()) {
      problems.add(
          String.format(
              "lock field 'rows' says %s, snapshot %s has %s rows", lock.rows(), id, live.rows()));
    } else if (lock.rows() > live.rows()) {
      problems.add(
          String.format(
              "lock field 'rows' says %s, snapshot %s has at most %s rows",
              lock.rows(), id, live.rows()));
    }
  }

  private static void checkFile(
      Table table, String kind, ContentFile<?> file, List<String> problems) {
    InputFile input = table.io().newInputFile(file.location());
    if (!input.exists()) {
      problems.add("missing " + kind + " " + file.location());
    } else if (input.getLength() != file.fileSizeInBytes()) {
      problems.add(
          String.format(
              "%s %s has size %s, lock says %s",
              kind, file.location(), input.getLength(), file.fileSizeInBytes()));
    }
  }

  private static void checkTag(Table table, TrainingLock lock, List<String> problems) {
    SnapshotRef ref = table.refs().get(lock.tag());
    if (ref == null) {
      problems.add("tag " + lock.tag() + " no longer exists");
    } else if (!ref.isTag()) {
      problems.add(lock.tag() + " is now a branch, not a tag");
    } else if (ref.snapshotId() != lock.snapshotId()) {
      problems.add(
          String.format(
              "tag %s points at snapshot %s, lock says %s",
              lock.tag(), ref.snapshotId(), lock.snapshotId()));
    }
  }
}

package dev.floe.timetravel;

import dev.floe.catalog.Floe;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DataFile;
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
    Table table;
    try {
      table = floe.tables().resolve(lock.table()).table();
    } catch (NoSuchTableException e) {
      return VerifyResult.of(List.of("table " + lock.table() + " does not exist"));
    }
    List<String> problems = new ArrayList<>();
    Snapshot snapshot = table.snapshot(lock.snapshotId());
    if (snapshot == null) {
      problems.add("snapshot " + lock.snapshotId() + " no longer exists (expired?)");
    } else {
      checkSnapshot(table, snapshot, lock, problems);
    }
    checkTag(table, lock, problems);
    return VerifyResult.of(problems);
  }

  private static void checkSnapshot(
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
    if (!fingerprint.equals(lock.fingerprint())) {
      problems.add(
          String.format(
              "data files of snapshot %s changed: fingerprint %s (%s files, %s records), lock says %s (%s files, %s records)",
              lock.snapshotId(),
              fingerprint,
              files.tasks().size(),
              files.records(),
              lock.fingerprint(),
              lock.dataFiles(),
              lock.records()));
    }
    for (DataFile file : files.dataFiles()) {
      InputFile input = table.io().newInputFile(file.location());
      if (!input.exists()) {
        problems.add("missing data file " + file.location());
      } else if (input.getLength() != file.fileSizeInBytes()) {
        problems.add(
            String.format(
                "data file %s has size %s, lock says %s",
                file.location(), input.getLength(), file.fileSizeInBytes()));
      }
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

package dev.floe.timetravel;

import dev.floe.catalog.exceptions.LockVerificationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * The read of a shard's digest units ({@link Shards.Unit}): one scan task per unit, in the shard's
 * order. A row-group unit of a file with several becomes a {@link UnitTask}, the file's task
 * narrowed to the unit's byte range, so every read path (they all choose row groups and stripes by
 * the task's range, as Iceberg's readers do) reads that unit's rows and no other's; a whole file or
 * a file of one unit is read whole. Each task is then verified as one digest unit: the {@code
 * floe-digest/1} formula over its rows is the unit's digest.
 */
final class UnitTasks {
  private UnitTasks() {}

  /**
   * The file's task narrowed to one unit's bytes; {@code label} names the unit in errors ({@code
   * rows 100-199 of f.parquet (unit 2 of 3, file 1 of 4)}).
   */
  record UnitTask(FileScanTask task, long start, long length, String label)
      implements FileScanTask {
    @Override
    public DataFile file() {
      return task.file();
    }

    @Override
    public List<DeleteFile> deletes() {
      return task.deletes();
    }

    @Override
    public Schema schema() {
      return task.schema();
    }

    @Override
    public PartitionSpec spec() {
      return task.spec();
    }

    @Override
    public StructLike partition() {
      return task.partition();
    }

    @Override
    public Expression residual() {
      return task.residual();
    }

    @Override
    public Iterable<FileScanTask> split(long targetSplitSize) {
      return List.of(this); // a unit is the smallest piece a digest checks
    }
  }

  /**
   * {@code files} narrowed to {@code units} of {@code lock}, in that order; with a {@code part}
   * (else null) the labels say the part's rows of each unit are checked.
   */
  static SnapshotFiles of(
      SnapshotFiles files, List<Shards.Unit> units, TrainingLock lock, Split.Part part) {
    Map<String, FileScanTask> byPath = new HashMap<>();
    files.tasks().forEach(task -> byPath.put(task.file().location(), task));
    Map<String, List<DigestUnits.Span>> spans = new HashMap<>();
    List<FileScanTask> tasks = new ArrayList<>();
    int fileCount = lock.fileDigests().size();
    for (Shards.Unit unit : units) {
      FileScanTask task = byPath.get(unit.path());
      Preconditions.checkArgument(
          task != null,
          "Cannot read %s: %s is not a data file of the snapshot",
          files.name(),
          unit.path());
      if (unit.whole()) {
        tasks.add(task);
        continue;
      }
      FileDigest file = lock.fileDigests().get(unit.file());
      String label =
          String.format(
              "%s%s of %s (unit %s of %s, %s%s)",
              part == null ? "" : "part " + Rehydration.partName(part) + " of ",
              file.units().get(unit.group()).range(),
              unit.path(),
              unit.group() + 1,
              file.units().size(),
              FileDigests.where(unit.file(), fileCount),
              part == null ? "" : "; the lock's split picks these rows: was its split edited?");
      if (file.units().size() == 1) {
        tasks.add(new UnitTask(task, task.start(), task.length(), label));
        continue;
      }
      List<DigestUnits.Span> footer =
          spans.computeIfAbsent(
              unit.path(),
              path -> footer(files, task, file, FileDigests.where(unit.file(), fileCount)));
      DigestUnits.Span span = footer.get(unit.group());
      tasks.add(new UnitTask(task, span.start(), span.length(), label));
    }
    return new SnapshotFiles(files.table(), files.name(), files.snapshot(), files.filter(), tasks);
  }

  /** Each task's unit label, or null for a whole file read as one. */
  static List<String> labels(List<FileScanTask> tasks) {
    return tasks.stream().map(t -> t instanceof UnitTask unit ? unit.label() : null).toList();
  }

  // The file's units from its footer, which must be the ones the lock pins: a range read of a
  // rewritten file would take other rows.
  private static List<DigestUnits.Span> footer(
      SnapshotFiles files, FileScanTask task, FileDigest file, String where) {
    List<DigestUnits.Span> spans = DigestUnits.spans(files.table().io(), task.file());
    long[] counts = spans.stream().mapToLong(DigestUnits.Span::rows).toArray();
    String layout = FileDigests.layoutProblem(file, counts);
    if (layout != null) {
      throw new LockVerificationException("%s (%s)", layout, where);
    }
    return spans;
  }
}

package dev.floe.timetravel;

import dev.floe.columnar.Contribution;
import dev.floe.columnar.Provenance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.Tasks;
import org.apache.iceberg.util.ThreadPools;

/** Reads the provenance of a snapshot's data files (footers only, in parallel) and counts it. */
final class LineageScan {
  static final String NO_PROVENANCE = "no-provenance";
  static final String DELETES = "deletes";
  static final String MISMATCH = "mismatch";
  static final String INVALID = "invalid-provenance";

  private LineageScan() {}

  /** The lineage of {@code snapshot}; {@code lock} (may be null) adds what the lock reads. */
  static Lineage.Table of(Table table, String name, Snapshot snapshot, TrainingLock lock) {
    SnapshotFiles planned = SnapshotFiles.plan(table, name, snapshot);
    List<FileScanTask> tasks = planned.tasks();
    Lineage.File[] files = new Lineage.File[tasks.size()];
    Tasks.range(tasks.size())
        .executeWith(tasks.size() > 1 ? ThreadPools.getWorkerPool() : null)
        .stopOnFailure()
        .throwFailureWhenFinished()
        .run(i -> files[i] = file(table, tasks.get(i)));
    List<Lineage.File> list = List.of(files);
    return new Lineage.Table(
        name,
        snapshot.snapshotId(),
        planned.records(),
        lock == null ? null : lock.rows(),
        origins(list),
        list,
        caveats(list, planned.records(), lock));
  }

  private static Lineage.File file(Table table, FileScanTask task) {
    long records = task.file().recordCount();
    int deletes = task.deletes().size();
    Optional<Provenance> read;
    try {
      read = Provenance.read(table.io(), task.file());
    } catch (IllegalArgumentException e) {
      return new Lineage.File(
          task.file().location(),
          records,
          0,
          deletes,
          List.of(Contribution.unknown(records)),
          INVALID);
    }
    if (read.isEmpty()) {
      return new Lineage.File(
          task.file().location(),
          records,
          0,
          deletes,
          List.of(Contribution.unknown(records)),
          NO_PROVENANCE);
    }
    Provenance provenance = read.get();
    String flag = provenance.rows() != records ? MISMATCH : deletes > 0 ? DELETES : null;
    return new Lineage.File(
        task.file().location(),
        records,
        provenance.rows(),
        deletes,
        provenance.contributions(),
        flag);
  }

  /** Contributions merged by producer, run and source across files; unknown rows last. */
  private static List<Contribution> origins(List<Lineage.File> files) {
    Map<List<String>, Contribution> merged = new LinkedHashMap<>();
    Contribution unknown = null;
    for (Lineage.File file : files) {
      for (Contribution c : file.contributions()) {
        if (!c.isKnown()) {
          unknown = unknown == null ? c : unknown.merge(c);
          continue;
        }
        merged.merge(
            java.util.Arrays.asList(c.producer(), c.run(), c.source()), c, Contribution::merge);
      }
    }
    List<Contribution> origins = new ArrayList<>(merged.values());
    origins.sort(
        java.util.Comparator.comparing(Contribution::producer)
            .thenComparing(c -> String.valueOf(c.run()))
            .thenComparing(c -> String.valueOf(c.source())));
    if (unknown != null) {
      origins.add(unknown);
    }
    return origins;
  }

  private static List<String> caveats(List<Lineage.File> files, long records, TrainingLock lock) {
    List<String> caveats = new ArrayList<>();
    long unknownRows = 0;
    int unknownFiles = 0;
    int withDeletes = 0;
    for (Lineage.File file : files) {
      if (INVALID.equals(file.flag())) {
        caveats.add(
            String.format(
                "%s: its %s metadata cannot be read: its %d rows are counted as unknown",
                file.location(), Provenance.KEY, file.records()));
      } else if (NO_PROVENANCE.equals(file.flag())) {
        unknownRows += file.records();
        unknownFiles++;
      } else if (MISMATCH.equals(file.flag())) {
        caveats.add(
            String.format(
                "%s: its provenance counts %d rows, its metadata %d (the file was altered)",
                file.location(), file.provenanceRows(), file.records()));
      }
      if (file.deleteFiles() > 0) {
        withDeletes++;
      }
    }
    if (unknownFiles > 0) {
      caveats.add(
          String.format(
              "%d rows in %d files have no provenance (written by another engine or before Floe"
                  + " kept provenance): counted as unknown",
              unknownRows, unknownFiles));
    }
    long unknownInFiles =
        files.stream()
            .filter(f -> f.flag() == null || DELETES.equals(f.flag()))
            .flatMap(f -> f.contributions().stream())
            .filter(c -> !c.isKnown())
            .mapToLong(Contribution::rows)
            .sum();
    if (unknownInFiles > 0) {
      caveats.add(
          String.format(
              "%d rows were rewritten from files without provenance (or without row positions):"
                  + " counted as unknown",
              unknownInFiles));
    }
    if (withDeletes > 0) {
      caveats.add(
          String.format(
              "%d files have delete files: counts include their deleted rows", withDeletes));
    }
    if (lock != null) {
      if (lock.records() != records) {
        caveats.add(
            String.format(
                "the lock pinned %d records, the snapshot's files now hold %d",
                lock.records(), records));
      }
      if (lock.filter() != null) {
        caveats.add(
            String.format(
                "the lock reads only rows matching its filter (%s rows read): counts are of"
                    + " whole files",
                lock.rows() == null ? "unknown" : lock.rows()));
      } else if (lock.rows() != null && lock.rows() != records && withDeletes == 0) {
        caveats.add(
            String.format("the lock reads %d rows of the %d counted", lock.rows(), records));
      }
    }
    return caveats;
  }
}

package dev.floe.ingest;

import dev.floe.columnar.Contribution;
import dev.floe.ingest.profile.Profile;
import dev.floe.ingest.profile.ProfileJobs;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.util.ThreadPools;

/** Writes a batch into partitioned data files; commits nothing. */
final class BatchFiles {
  private BatchFiles() {}

  /**
   * Converts and writes every record of {@code batch} in the target's schema; with a {@code
   * profile} (else null), profiles the converted columns while they are encoded and has it merge
   * and write the commit's profile meanwhile. If any row fails, the files written so far are
   * deleted and the error is rethrown.
   */
  static List<DataFile> write(
      FileTarget target, PendingBatch pending, ProfileCommit profile, BufferAllocator allocator) {
    Batch batch = pending.batch();
    String producer = pending.producer();
    // Converted whole first: a bad row fails the batch before any file is written.
    try (BatchColumns columns = BatchColumns.convert(target.schema(), batch, producer, allocator);
        ProfileJobs jobs =
            profile != null ? profiling(List.of(target.schema()), List.of(columns.root())) : null) {
      if (jobs != null) {
        profile.prepare(List.of(pending), jobs.profiles());
      }
      List<DataFile> files =
          ClusteredFiles.write(
              target,
              batch.sequence(),
              describe(batch, producer),
              List.of(columns.root()),
              List.of(origin(batch, producer)));
      if (jobs != null) {
        profiled(List.of(pending), jobs, target.table().io(), files);
      }
      return files;
    }
  }

  /**
   * Writes the converted rows of {@code batches}; files are shared, bytes shared out by rows. With
   * {@code profile}, the batches not profiled yet are profiled while their rows are encoded, and
   * when that is all of them, {@code commit} (if not null) merges and writes their profile as soon
   * as they are profiled.
   */
  static List<DataFile> writeGroup(
      Table table,
      SortOrder order,
      FileFormat format,
      long targetFileSize,
      List<PendingBatch> batches,
      boolean profile,
      ProfileCommit commit) {
    List<PendingBatch> unprofiled =
        profile ? batches.stream().filter(p -> p.profile() == null).toList() : List.of();
    // Started first: the pool's threads take the profile jobs before the partitions queued next.
    try (ProfileJobs jobs =
        unprofiled.isEmpty()
            ? null
            : profiling(
                unprofiled.stream().map(PendingBatch::rowSchema).toList(),
                unprofiled.stream().map(p -> p.columns().root()).toList())) {
      if (jobs != null && commit != null && unprofiled.size() == batches.size()) {
        commit.prepare(batches, jobs.profiles()); // the commit's profile, ready before the files
      }
      List<DataFile> all = writeGroup(table, order, format, targetFileSize, batches);
      if (jobs != null) {
        profiled(unprofiled, jobs, table.io(), all);
      }
      return all;
    }
  }

  private static List<DataFile> writeGroup(
      Table table,
      SortOrder order,
      FileFormat format,
      long targetFileSize,
      List<PendingBatch> batches) {
    Map<Schema, List<PendingBatch>> bySchema = new IdentityHashMap<>();
    batches.forEach(p -> bySchema.computeIfAbsent(p.rowSchema(), s -> new ArrayList<>()).add(p));
    List<DataFile> all = new ArrayList<>();
    for (List<PendingBatch> same : bySchema.values()) {
      PendingBatch first = same.get(0);
      List<DataFile> files;
      try {
        files =
            ClusteredFiles.write(
                new FileTarget(
                    table, first.rowSchema(), first.rowSpec(), order, format, targetFileSize),
                first.sequence(),
                "a group of " + same.size() + " batches",
                same.stream().map(p -> p.columns().root()).toList(),
                same.stream().map(p -> origin(p.batch(), p.producer())).toList());
      } catch (RuntimeException e) {
        delete(table.io(), all);
        throw e;
      }
      long bytes = files.stream().mapToLong(DataFile::fileSizeInBytes).sum();
      long rows = Math.max(1, same.stream().mapToLong(PendingBatch::rowCount).sum());
      same.forEach(p -> p.shared(files, bytes * p.rowCount() / rows));
      all.addAll(files);
    }
    return all;
  }

  /**
   * Profiles batches on the threads of Iceberg's worker pool, the pool the partitions are encoded
   * on, so profiling takes what the encoders leave of the cores rather than a core of its own.
   */
  private static ProfileJobs profiling(List<Schema> schemas, List<VectorSchemaRoot> roots) {
    return ProfileJobs.start(
        schemas, roots, ThreadPools.getWorkerPool(), ThreadPools.WORKER_THREAD_POOL_SIZE);
  }

  /** Hands each batch its profile; a failed profile deletes {@code files} and is rethrown. */
  private static void profiled(
      List<PendingBatch> batches, ProfileJobs jobs, FileIO io, List<DataFile> files) {
    List<Profile> profiles;
    try {
      profiles = jobs.join();
    } catch (RuntimeException e) {
      delete(io, files);
      throw e;
    }
    for (int i = 0; i < batches.size(); i++) {
      batches.get(i).profiled(profiles.get(i));
    }
  }

  static void delete(FileIO io, List<DataFile> files) {
    for (DataFile file : files) {
      deleteQuietly(io, file.location());
    }
  }

  static void deleteQuietly(FileIO io, String location) {
    try {
      io.deleteFile(location);
    } catch (RuntimeException e) {
      // Best effort: an orphan file is harmless and orphan removal collects it later.
    }
  }

  /** Where the rows of {@code batch} come from, for the provenance of the files they go to. */
  static Contribution origin(Batch batch, String producer) {
    return Contribution.of(producer, batch.run(), batch.source(), batch.sequence(), 0);
  }

  static String describe(Batch batch, String producer) {
    return "batch " + batch.sequence() + " of producer " + producer;
  }
}

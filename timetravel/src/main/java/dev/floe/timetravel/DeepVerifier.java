package dev.floe.timetravel;

import dev.floe.catalog.Floe;
import dev.floe.columnar.RowAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * {@link TimeTravel#verifyDeep}: the metadata checks of {@link LockVerifier}, then every data file
 * read and hashed on its own, on {@link ReadAhead#defaultThreads()} threads, and compared with the
 * lock's digest for it. Each file gets a {@link FileCheck}, so one run names every file that
 * differs or cannot be read. A lock from before per-file digests has one digest over all rows: it
 * is read and compared as a whole.
 */
final class DeepVerifier {
  private DeepVerifier() {}

  static VerifyResult verify(Floe floe, TrainingLock lock) {
    VerifyResult metadata = LockVerifier.verify(floe, lock);
    List<String> problems = new ArrayList<>(metadata.problems());
    if (!metadata.ok()) {
      problems.add("the values were not read: the problems above come first");
      return new VerifyResult(false, problems, List.of());
    }
    if (lock.contentDigest() == null) {
      problems.add("the lock pins no content digest (pinned with --no-digest): nothing to compare");
      return new VerifyResult(false, problems, List.of());
    }
    if (!lock.perFileDigests()) {
      String read = legacyDigest(floe, lock);
      if (!read.equals(lock.contentDigest())) {
        problems.add(
            String.format(
                "content digest mismatch: lock %s, read %s (a lock of format %s has one digest"
                    + " over all files, so the file that differs cannot be named)",
                lock.contentDigest(), read, lock.formatVersion()));
      }
      return new VerifyResult(problems.isEmpty(), problems, List.of());
    }
    PlannedRead.FileReads reads = TimeTravel.fileOrderReader(floe, lock).fileReads();
    List<FileDigest> expected = lock.fileDigests();
    if (!reads.paths().equals(expected.stream().map(FileDigest::path).toList())) {
      problems.add(
          String.format(
              "the lock's content digests list %s data files, the snapshot read has %s other ones",
              expected.size(), reads.paths().size()));
      return new VerifyResult(false, problems, List.of());
    }
    List<FileCheck> files = checkFiles(reads, expected);
    for (int i = 0; i < files.size(); i++) {
      FileCheck file = files.get(i);
      if (file.status() == FileCheck.Status.MISMATCH && file.error() != null) {
        problems.add(file.error());
      } else if (file.status() == FileCheck.Status.MISMATCH) {
        problems.add(
            String.format(
                "data file %s (file %s of %s): content digest mismatch: lock %s (%s rows), read %s"
                    + " (%s rows)",
                file.path(),
                i + 1,
                files.size(),
                file.expectedDigest(),
                file.expectedRows(),
                file.digest(),
                file.rows()));
      } else if (file.status() == FileCheck.Status.UNREADABLE) {
        problems.add(
            String.format(
                "data file %s (file %s of %s) cannot be read: %s",
                file.path(), i + 1, files.size(), file.error()));
      }
    }
    return new VerifyResult(problems.isEmpty(), problems, files);
  }

  private static String legacyDigest(Floe floe, TrainingLock lock) {
    Reader reader = TimeTravel.fileOrderReader(floe, lock).legacyDigest();
    if (lock.shuffleSeed() != null) {
      reader.shuffle(lock.shuffleSeed()); // older locks digest the shuffled order
    }
    try (BufferAllocator allocator = new RootAllocator();
        ArrowBatches batches = reader.arrow(allocator)) {
      batches.forEach(batch -> {});
      return batches.contentDigest();
    }
  }

  private static List<FileCheck> checkFiles(
      PlannedRead.FileReads reads, List<FileDigest> expected) {
    AtomicInteger names = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            ReadAhead.defaultThreads(),
            task -> {
              Thread thread = new Thread(task, "floe-verify-" + names.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    try (BufferAllocator allocator = new RootAllocator()) {
      List<Future<FileCheck>> checks = new ArrayList<>();
      for (int i = 0; i < expected.size(); i++) {
        ArrowBatches.Opener opener = reads.openers().get(i);
        FileDigest want = expected.get(i);
        String where = FileDigests.where(i, expected.size());
        checks.add(pool.submit(() -> check(reads, opener, want, where, allocator)));
      }
      List<FileCheck> files = new ArrayList<>();
      for (Future<FileCheck> check : checks) {
        files.add(check.get());
      }
      return files;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while verifying data files", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot verify data files: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  // A file that cannot be read is a finding about that file, not a failure of the whole check.
  private static FileCheck check(
      PlannedRead.FileReads reads,
      ArrowBatches.Opener opener,
      FileDigest want,
      String where,
      BufferAllocator parent) {
    try (BufferAllocator allocator =
        parent.newChildAllocator("verify " + want.path(), 0, Long.MAX_VALUE)) {
      try (VectorSchemaRoot root =
              ArrowBatches.newRoot(reads.projection(), allocator, reads.batchSize());
          FileBatches batches = opener.open(root, RowAppender.into(root, reads.projection()))) {
        root.allocateNew();
        long[] counts = reads.units() ? batches.unitRows() : null;
        String layout = counts == null ? null : FileDigests.layoutProblem(want, counts);
        if (layout != null) {
          return new FileCheck(
              want.path(),
              FileCheck.Status.MISMATCH,
              want.rows(),
              want.digest(),
              null,
              null,
              layout + " (" + where + ")");
        }
        // Every unit is read and compared, so the report names each one that differs.
        List<String> units = new ArrayList<>();
        FileDigester digester =
            new FileDigester(
                want.path(),
                root.getSchema().getFields(),
                counts,
                (index, unit) -> {
                  String problem = FileDigests.unitProblem(want, index, unit, where);
                  if (problem != null) {
                    units.add(problem);
                  }
                });
        while (batches.hasNext()) {
          batches.next(root, null);
          digester.update(root, batches.positions());
        }
        String digest = digester.finish();
        boolean same = digest.equals(want.digest()) && digester.rows() == want.rows();
        return new FileCheck(
            want.path(),
            same ? FileCheck.Status.OK : FileCheck.Status.MISMATCH,
            want.rows(),
            want.digest(),
            digester.rows(),
            digest,
            units.isEmpty() ? null : String.join("; ", units));
      }
    } catch (RuntimeException e) {
      return new FileCheck(
          want.path(),
          FileCheck.Status.UNREADABLE,
          want.rows(),
          want.digest(),
          null,
          null,
          e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }
}

package dev.floe.timetravel;

import dev.floe.catalog.exceptions.LockVerificationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Rehydrates every part of a lock's split (train, validation, test) side by side, in one pass over
 * the data: each data file is read once and each row is routed by the split to its part's writer.
 * Each part is checked against the digest the lock pins for it and all parts together against the
 * lock's row count; only when every check passed are the three files published (moved from their
 * hidden {@code .NAME.part-*} names), so a mismatch leaves no part behind. Start with {@link
 * Rehydration#allParts()}.
 *
 * <pre>{@code
 * List<AllParts.PartFile> parts = TimeTravel.rehydrate(floe, lock).allParts().writeParquet(dir);
 * }</pre>
 *
 * <p>The files are named {@code <table>.<part><extension>} in the folder given, e.g. {@code
 * db.events.train.parquet}, {@code db.events.validation.parquet} and {@code
 * db.events.test.parquet}. Each part's rows come in the order a single-part rehydration ({@link
 * Rehydration#part}) gives.
 */
public final class AllParts {
  /** One part written: where, and how many rows. */
  public record PartFile(Split.Part part, Path file, long rows) {
    public PartFile {
      Objects.requireNonNull(part, "part");
      Objects.requireNonNull(file, "file");
    }
  }

  private final Rehydration rehydration;
  private final TrainingLock lock;

  AllParts(Rehydration rehydration, TrainingLock lock) {
    this.rehydration = rehydration;
    this.lock = lock;
  }

  /**
   * Whether every part's values are checked against a digest the lock pins for it. Per-file digests
   * alone do not do: they cannot tell an edited split from the pinned one.
   */
  public boolean verified() {
    return Arrays.stream(Split.Part.values()).allMatch(p -> lock.splitDigests().get(p) != null);
  }

  /** The file {@code part} is written to in {@code dir}: {@code <table>.<part><extension>}. */
  private Path file(Path dir, Split.Part part, String extension) {
    return dir.resolve(lock.table() + "." + Rehydration.partName(part) + extension);
  }

  /** Writes each part as a Parquet file ({@code .parquet}, as {@link Rehydration#writeParquet}). */
  public List<PartFile> writeParquet(Path dir) {
    Objects.requireNonNull(dir, "dir");
    Reader reader = reader();
    return write(reader, dir, ".parquet", PartSinks.parquet(reader.table()));
  }

  /**
   * Writes each part in the Arrow IPC file format ({@code .arrow}, as {@link
   * Rehydration#writeArrow}).
   */
  public List<PartFile> writeArrow(Path dir, BufferAllocator allocator) {
    return writeArrow(dir, allocator, false);
  }

  /** Writes each part in the Arrow IPC stream format ({@code .arrows}). */
  public List<PartFile> writeArrowStream(Path dir, BufferAllocator allocator) {
    return writeArrow(dir, allocator, true);
  }

  private List<PartFile> writeArrow(Path dir, BufferAllocator allocator, boolean stream) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(allocator, "allocator");
    PartsExport.SinkFactory sinks = PartSinks.arrow(allocator, Reader.DEFAULT_BATCH_SIZE, stream);
    return write(reader(), dir, stream ? ".arrows" : ".arrow", sinks);
  }

  // A lock with per-file digests is checked file by file, and each part against its digest (the
  // files' digests cannot tell an edited split), before anything is written; the parts' digests
  // taken while writing are of the older single-stream form there.
  private Reader reader() {
    Reader reader = rehydration.reader(verified(), " for every part of its split");
    rehydration.verifyFiles();
    if (lock.perFileDigests()) {
      for (Split.Part part : Split.Part.values()) {
        rehydration.verifyPart(part);
      }
    }
    return reader;
  }

  private List<PartFile> write(
      Reader reader, Path dir, String extension, PartsExport.SinkFactory sinks) {
    Map<Split.Part, Path> targets = new EnumMap<>(Split.Part.class);
    for (Split.Part part : Split.Part.values()) {
      targets.put(part, file(dir, part, extension));
    }
    Map<Split.Part, Long> rows =
        PartsExport.write(
            reader.partRows(lock.split()),
            lock.split(),
            targets,
            sinks,
            rehydration.fileListener(),
            rehydration.rowListener(),
            this::check);
    List<PartFile> written = new ArrayList<>();
    rows.forEach((part, count) -> written.add(new PartFile(part, targets.get(part), count)));
    return written;
  }

  private void check(Map<Split.Part, String> digests, Map<Split.Part, Long> rows) {
    for (Split.Part part : Split.Part.values()) {
      String expected = lock.splitDigests().get(part);
      if (!lock.perFileDigests() && expected != null && !expected.equals(digests.get(part))) {
        throw new LockVerificationException(
            "content digest mismatch in the %s part: lock %s, read %s",
            Rehydration.partName(part), expected, digests.get(part));
      }
    }
    long total = rows.values().stream().mapToLong(Long::longValue).sum();
    if (lock.rows() != null && lock.rows() != total) {
      throw new LockVerificationException(
          "row count mismatch: lock field 'rows' says %s, the parts hold %s", lock.rows(), total);
    }
  }
}

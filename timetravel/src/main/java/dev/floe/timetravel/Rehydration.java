package dev.floe.timetravel;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.LockVerificationException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * Reads exactly what a lock pinned, checked: the lock is verified against the table first
 * (snapshot, schema, files, counts, tag), and the rows read against the lock's content digest and
 * row count. Start with {@link TimeTravel#rehydrate(Floe, TrainingLock)}, end with {@link #arrow},
 * {@link #writeParquet}, {@link #writeArrow} or {@link #writeArrowStream}; or write every part of
 * the lock's split in one pass with {@link #allParts()}.
 *
 * <p>A lock without a content digest (pinned with {@code --no-digest}, or edited) cannot show that
 * the values are the pinned ones: it is refused unless the caller asks for {@link #unverified()}. A
 * file export is written under a hidden temporary name in the target folder and moved onto the
 * target only once the digest and the row count checked out; on any failure it is deleted.
 */
public final class Rehydration {
  private final Floe floe;
  private final TrainingLock lock;
  private Split.Part part;
  private FileListener files;
  private LongConsumer progress = rows -> {};
  private boolean unverified;
  private long readStarted;

  Rehydration(Floe floe, TrainingLock lock) {
    this.floe = Objects.requireNonNull(floe, "floe");
    this.lock = Objects.requireNonNull(lock, "lock");
  }

  /** Reads one part of the lock's split, checked against that part's digest; default all rows. */
  public Rehydration part(Split.Part newPart) {
    this.part = newPart;
    return this;
  }

  /** Tells {@code listener} as an Arrow read moves from data file to data file. */
  public Rehydration onFileOpened(FileListener listener) {
    this.files = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /** Tells {@code listener} rows as a file export writes them; default nobody. */
  public Rehydration onRowsWritten(LongConsumer listener) {
    this.progress = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /**
   * Reads a lock that pins no content digest anyway, unverified: the files and counts are still
   * checked, the values cannot be. A digest the lock does pin is always checked.
   */
  public Rehydration unverified() {
    this.unverified = true;
    return this;
  }

  /** Whether the values read are checked against a digest the lock pins. */
  public boolean verified() {
    return expectedDigest() != null;
  }

  /**
   * Streams the pinned rows; the batches check the digest and row count when fully consumed and
   * throw {@link LockVerificationException} from {@code hasNext()} if either differs. The caller
   * closes them.
   */
  public ArrowBatches arrow(BufferAllocator allocator) {
    Objects.requireNonNull(allocator, "allocator");
    Reader reader = reader();
    ArrowBatches[] read = new ArrowBatches[1];
    read[0] = reader.arrow(allocator, digest -> check(digest, read[0].rowsRead()));
    return read[0];
  }

  /**
   * Writes the pinned rows to {@code file} as one Parquet file (zstd, Iceberg field ids), replacing
   * it only once they checked out. Returns the row count.
   */
  public long writeParquet(Path file) {
    Objects.requireNonNull(file, "file");
    return ParquetExport.write(reader(), file, progress, this::check);
  }

  /**
   * Writes the pinned rows to {@code file} in the Arrow IPC file format (conventionally {@code
   * .arrow}; {@code pyarrow.ipc.open_file}, {@code pyarrow.dataset} and Feather readers open it),
   * replacing it only once they checked out. Returns the row count.
   */
  public long writeArrow(Path file, BufferAllocator allocator) {
    return writeArrow(file, allocator, false);
  }

  /**
   * {@link #writeArrow} in the Arrow IPC stream format instead (conventionally {@code .arrows};
   * {@code pyarrow.ipc.open_stream}), for readers that consume a stream.
   */
  public long writeArrowStream(Path file, BufferAllocator allocator) {
    return writeArrow(file, allocator, true);
  }

  /**
   * Writes every part of the lock's split side by side in one pass over the data (see {@link
   * AllParts}); the options set here (file and row listeners, {@link #unverified()}) carry over.
   * Throws if the lock has no split or a single {@link #part} was chosen.
   */
  public AllParts allParts() {
    Preconditions.checkArgument(
        lock.split() != null,
        "Cannot rehydrate all parts of snapshot %s of %s: the lock has no split",
        lock.snapshotId(),
        lock.label());
    Preconditions.checkArgument(
        part == null, "Cannot rehydrate all parts of %s: part %s was chosen", lock.label(), part);
    return new AllParts(this, lock);
  }

  private long writeArrow(Path file, BufferAllocator allocator, boolean stream) {
    Objects.requireNonNull(file, "file");
    try (ArrowBatches batches = arrow(allocator)) {
      return ArrowExport.write(batches, file, stream, allocator, progress);
    }
  }

  private Reader reader() {
    return reader(
        expectedDigest() != null, part == null ? "" : " for the " + partName(part) + " part");
  }

  /**
   * The verified, pinned reader of all rows or of {@link #part}; refuses a lock that pins no digest
   * for it ({@code digestPinned} false; {@code what} names the part) unless {@link #unverified()}.
   * Verified first, so a lock whose files are gone says so before it says it has no digest.
   */
  Reader reader(boolean digestPinned, String what) {
    readStarted = System.nanoTime();
    Reader reader = TimeTravel.pinnedReader(floe, lock, part);
    if (!digestPinned && !unverified) {
      throw new LockVerificationException(
          "Cannot rehydrate snapshot %s of %s: NOT verified: the lock pins no content digest%s"
              + " (pinned with --no-digest, or edited); to read it unverified, ask by name:"
              + " floe rehydrate --unverified, or Rehydration.unverified()",
          lock.snapshotId(), lock.label(), what);
    }
    if (files != null) {
      reader.onFileOpened(files);
    }
    return digestPinned ? reader : reader.contentDigest(false);
  }

  FileListener fileListener() {
    return files;
  }

  LongConsumer rowListener() {
    return progress;
  }

  static String partName(Split.Part part) {
    return part.name().toLowerCase(Locale.ROOT);
  }

  private String expectedDigest() {
    return part == null ? lock.contentDigest() : lock.splitDigests().get(part);
  }

  private void check(String digest, long rows) {
    boolean ok = false;
    try {
      verify(digest, rows);
      ok = true;
    } finally {
      TimetravelEvents.rehydrated(
          floe, lock, part, rows, expectedDigest() != null, !ok, readStarted);
    }
  }

  private void verify(String digest, long rows) {
    String expected = expectedDigest();
    if (expected != null && !expected.equals(digest)) {
      throw new LockVerificationException(
          "content digest mismatch: lock %s, read %s", expected, digest);
    }
    // The lock counts all rows; a part's count is not recorded.
    if (part == null && lock.rows() != null && lock.rows() != rows) {
      throw new LockVerificationException(
          "row count mismatch: lock field 'rows' says %s, read %s", lock.rows(), rows);
    }
  }
}

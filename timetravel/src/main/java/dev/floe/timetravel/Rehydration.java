package dev.floe.timetravel;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.LockVerificationException;
import dev.floe.columnar.ArrowLayout;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * Reads exactly what a lock pinned, checked: the lock is verified against the table first
 * (snapshot, schema, files, counts, tag), and the rows read against the lock's content digest and
 * row count. Start with {@link TimeTravel#rehydrate(Floe, TrainingLock)}, end with {@link #arrow},
 * {@link #writeParquet}, {@link #writeArrow} or {@link #writeArrowStream}; or write every part of
 * the lock's split in one pass with {@link #allParts()}.
 *
 * <p>A lock of format 4 pins a digest per data file: {@link #arrow} hands out none of a file's
 * batches before that file's digest matched and fails at the first file that differs, naming it.
 * Reads that cannot hold batches back per file (a {@link #part}, a shuffle, the exports through
 * Iceberg records) first read and check every file that way, then read again. Older locks are
 * checked against their single digest once the read is complete.
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
  private ReadChecks checks; // of the latest read
  private int rank;
  private int worldSize;
  private long epoch;
  private boolean shuffle;
  private EqualShards equal = EqualShards.NONE;

  Rehydration(Floe floe, TrainingLock lock) {
    this.floe = Objects.requireNonNull(floe, "floe");
    this.lock = Objects.requireNonNull(lock, "lock");
  }

  /** Reads one part of the lock's split, checked against that part's digest; default all rows. */
  public Rehydration part(Split.Part newPart) {
    this.part = newPart;
    return this;
  }

  /**
   * Reads only shard {@code rank} (0-based) of {@code worldSize}: whole digest units (row groups or
   * stripes of a format-5 lock, data files of a format-4 one), disjoint, balanced to within one
   * unit, the same on every machine; each unit is read alone and checked before any of its rows
   * ({@code docs/serve.md}).
   */
  public Rehydration shard(int newRank, int newWorldSize) {
    Shards.check(newRank, newWorldSize);
    this.rank = newRank;
    this.worldSize = newWorldSize;
    return this;
  }

  /** The epoch that seeds a shard's {@link #shuffle()}; default 0. */
  public Rehydration epoch(long newEpoch) {
    this.epoch = newEpoch;
    return this;
  }

  /**
   * Shuffles a shard's unit order, then the rows within each unit (memory: one unit), seeded by the
   * lock, {@link #epoch} and rank; a sharded lock that pins a shuffle is read so too.
   */
  public Rehydration shuffle() {
    this.shuffle = true;
    return this;
  }

  /** Makes every shard equally long (see {@link EqualShards}); default {@code NONE}. */
  public Rehydration equalShards(EqualShards mode) {
    this.equal = Objects.requireNonNull(mode, "mode");
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
    if (sharded()) {
      return new ShardRead(
              floe, lock, part, rank, Math.max(1, worldSize), epoch, shuffle, equal, files)
          .arrow(allocator);
    }
    Reader reader = reader();
    if (lock.perFileDigests()) {
      if (part == null && lock.shuffleSeed() == null) {
        reader.verifyFiles(lock.fileDigests()); // each file checked before its first batch
      } else {
        verifyFiles();
        if (part != null && lock.shuffleSeed() != null) {
          verifyPart(part); // a shuffled read has no digest of its own
        }
      }
    }
    ReadChecks read = checks;
    ArrowBatches[] batches = new ArrowBatches[1];
    batches[0] =
        reader
            .arrow(allocator, digest -> read.read(digest, batches[0].rowsRead()))
            .onFailure(e -> read.threw(e, batches[0].rowsRead()));
    return batches[0];
  }

  /**
   * Writes the pinned rows to {@code file} as one Parquet file (zstd, Iceberg field ids), replacing
   * it only once they checked out. Returns the row count.
   */
  public long writeParquet(Path file) {
    Objects.requireNonNull(file, "file");
    Preconditions.checkArgument(
        !sharded(), "Cannot write a shard of %s to Parquet: write it as Arrow", lock.label());
    Reader reader = reader();
    if (!lock.perFileDigests()) {
      return ParquetExport.write(reader, file, progress, checks::read);
    }
    verifyFiles();
    if (part != null) {
      verifyPart(part); // the files' digests cannot tell an edited split
    }
    // The export's own digest is of the older single-stream form, which this lock does not pin.
    ReadChecks read = checks;
    return ParquetExport.write(reader, file, progress, (digest, rows) -> read.read(null, rows));
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
        part == null && !sharded(),
        "Cannot rehydrate all parts of %s: %s was chosen",
        lock.label(),
        part != null ? "part " + part : "a shard");
    return new AllParts(this, lock);
  }

  /** The Arrow schema of the rows {@link #arrow} returns, from the table's metadata. */
  public Schema arrowSchema() {
    return ArrowLayout.of(TimeTravel.fileOrderReader(floe, lock).schema());
  }

  private boolean sharded() {
    return worldSize > 0 || shuffle || equal != EqualShards.NONE;
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
   * For reads that cannot hold batches back file by file (a split part, a shuffle, the record path
   * of an export): reads every file of the lock first, in parallel, and throws {@link
   * LockVerificationException} at the first whose digest differs, naming it. Costs one more
   * vectorized read of the data.
   */
  void verifyFiles() {
    if (!lock.perFileDigests()) {
      return;
    }
    ReadChecks read = checks != null ? checks : newChecks();
    Reader reader = TimeTravel.fileOrderReader(floe, lock).verifyFiles(lock.fileDigests());
    try (BufferAllocator allocator = new RootAllocator();
        ArrowBatches batches = reader.arrow(allocator, read::pass)) {
      batches.onFailure(e -> read.threw(e, 0)).forEach(batch -> {});
    }
  }

  /** {@link WholePart#check}, for reads that cannot check a part's rows as they go. */
  void verifyPart(Split.Part checked) {
    try (BufferAllocator allocator = new RootAllocator()) {
      WholePart.check(floe, lock, checked, allocator, checks != null ? checks : newChecks());
    }
  }

  /**
   * The verified, pinned reader of all rows or of {@link #part}; refuses a lock that pins no digest
   * for it ({@code digestPinned} false; {@code what} names the part) unless {@link #unverified()}.
   * Verified first, so a lock whose files are gone says so before it says it has no digest.
   */
  Reader reader(boolean digestPinned, String what) {
    checks = newChecks();
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
    if (digestPinned && !lock.perFileDigests()) {
      reader.legacyDigest();
    }
    // A shuffled read is checked by verifyFiles() beforehand: its order has no digest.
    boolean shuffled = lock.perFileDigests() && lock.shuffleSeed() != null;
    return digestPinned && !shuffled ? reader : reader.contentDigest(false);
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

  private ReadChecks newChecks() {
    String expected = expectedDigest();
    return new ReadChecks(
        floe, lock, part, null, expected, expected != null, part == null ? lock.dataFiles() : 0);
  }
}

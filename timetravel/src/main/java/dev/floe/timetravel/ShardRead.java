package dev.floe.timetravel;

import dev.floe.catalog.Floe;
import dev.floe.catalog.events.FloeEvent;
import dev.floe.catalog.exceptions.LockVerificationException;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * One shard of a lock's rows (see {@link Rehydration#shard}): the units {@link Shards#deal} gives
 * this rank (row groups or stripes of a {@code floe-digest/2} lock, whole files of an older one),
 * each read alone, only its rows, and checked against its digest before any of its rows is handed
 * out.
 *
 * <p>Without a part, the shard is one gated read of its units (as fast as a whole rehydration). A
 * part's rows are picked by key hash inside each unit. When the lock pins each unit's rows of each
 * part ({@link FileDigest.Unit#parts()}), the shard is one gated read of its units' part rows,
 * checked against those: an edited split picks other rows and fails. In an older lock the digest
 * covers all of the unit's rows: the shard's units are first read and checked, the whole part is
 * read and checked against the lock's digest of that part (so an edited split fails), then the
 * shard's units are read again for the part's rows. Equal lengths under a part need each shard's
 * part rows: the lock's parts give them, else one more read, of the key column only, counts them.
 */
record ShardRead(
    Floe floe,
    TrainingLock lock,
    Split.Part part,
    int rank,
    int worldSize,
    long epoch,
    boolean shuffle,
    EqualShards equal,
    FileListener files) {

  ArrowBatches arrow(BufferAllocator allocator) {
    Preconditions.checkArgument(
        lock.perFileDigests(),
        "Cannot shard snapshot %s of %s: the lock pins no per-file content digests (lock format"
            + " %s); pin it again to shard it",
        lock.snapshotId(),
        lock.label(),
        lock.formatVersion());
    TimeTravel.pinnedReader(floe, lock, part); // verifies the lock against the table first
    List<Shards.Unit> units = Shards.units(lock);
    List<List<Shards.Unit>> shards = Shards.deal(units, worldSize);
    boolean shuffled = shuffle || lock.shuffleSeed() != null;
    long seed = Shards.seed(lock, epoch, rank);
    List<Shards.Unit> mine =
        shuffled ? Shards.shuffled(shards.get(rank), new Random(seed)) : shards.get(rank);
    long length = equal == EqualShards.NONE ? -1 : length(units, shards, allocator);
    // One rehydration event per shard read, passed or failed; its units are checked one by one.
    ReadChecks checks =
        new ReadChecks(
            floe,
            lock,
            part,
            new FloeEvent.ShardInfo(rank, worldSize, epoch),
            null,
            true,
            mine.stream().mapToInt(Shards.Unit::file).distinct().count());
    ArrowBatches[] batches = new ArrowBatches[1];
    Consumer<String> done = digest -> checks.read(null, batches[0].rowsRead());
    if (!shuffled && length < 0) {
      batches[0] = read(mine, allocator, checks, done);
      return batches[0].onFailure(e -> checks.threw(e, batches[0].rowsRead()));
    }
    Supplier<ArrowBatches> read = () -> read(mine, allocator, checks, digest -> {});
    String what = "shard " + rank + " of " + worldSize + " of " + lock.label();
    Preconditions.checkArgument(
        length <= 0 || equal != EqualShards.PAD || !mine.isEmpty(),
        "Cannot pad %s: it has no units (%s units for %s shards); use fewer shards or equal drop",
        what,
        units.size(),
        worldSize);
    int batchSize = Reader.DEFAULT_BATCH_SIZE;
    ShardBatches rows =
        new ShardBatches(
            read,
            length,
            equal == EqualShards.PAD,
            shuffled ? seed + 1 : null,
            batchSize,
            allocator,
            what,
            files);
    ArrowBatches.Opener opener = (root, writers) -> rows;
    batches[0] =
        new ArrowBatches(
            TimeTravel.fileOrderReader(floe, lock).schema(),
            List.of(opener),
            allocator,
            batchSize,
            null,
            null,
            done,
            1);
    return batches[0].onFailure(e -> checks.threw(e, batches[0].rowsRead()));
  }

  /**
   * The verified read of {@code units} in this order, from the first: each unit is one "file" of
   * the read, checked against its own digest (a row group's, or a whole file's); {@code done} hears
   * when it is exhausted, {@code checks} of a unit that failed its check before the read.
   */
  private ArrowBatches read(
      List<Shards.Unit> units,
      BufferAllocator allocator,
      ReadChecks checks,
      Consumer<String> done) {
    List<FileDigest> expected = units.stream().map(this::expected).toList();
    Reader verified =
        TimeTravel.fileOrderReader(floe, lock)
            .units(units, lock, null)
            .digestUnits(false)
            .verifyFiles(expected);
    if (part == null) {
      if (files != null) {
        verified.onFileOpened(files);
      }
      return verified.arrow(allocator, done);
    }
    if (partDigests(units)) {
      // The lock pins each unit's rows of this part: check those, the very rows handed out, in
      // one gated read. The unit's own digest could not tell an edited split seed or fractions.
      Reader partRows =
          TimeTravel.fileOrderReader(floe, lock)
              .units(units, lock, part)
              .split(lock.split(), part)
              .digestUnits(false)
              .verifyFiles(units.stream().map(this::expectedPart).toList());
      if (files != null) {
        partRows.onFileOpened(files);
      }
      return partRows.arrow(allocator, done);
    }
    try (ArrowBatches check = verified.arrow(allocator, digest -> {})) {
      check.onFailure(e -> checks.threw(e, 0)).forEach(batch -> {});
    }
    checkWholePart(allocator, checks);
    Reader rows =
        TimeTravel.fileOrderReader(floe, lock)
            .units(units, lock, null)
            .split(lock.split(), part)
            .contentDigest(false);
    if (files != null) {
      rows.onFileOpened(files);
    }
    return rows.arrow(allocator, done);
  }

  /**
   * For a lock that pins no unit's rows of a part: the units' own digests cover all their rows, so
   * they cannot tell an edited split seed or fractions, which would pick other rows for the part.
   * Reads the whole part once and checks it against the lock's digest of that part before any row
   * is picked by the split (each shard pays one more read of the part; pin again to avoid it).
   */
  private void checkWholePart(BufferAllocator allocator, ReadChecks checks) {
    if (lock.splitDigests().get(part) == null) {
      LockVerificationException unchecked =
          new LockVerificationException(
              "Cannot read a shard of the %s part of %s: the lock pins no digest of that part, so"
                  + " its split cannot be checked; pin the snapshot again",
              Rehydration.partName(part), lock.label());
      checks.threw(unchecked, 0);
      throw unchecked;
    }
    WholePart.check(floe, lock, part, allocator, checks);
  }

  // A unit's digest is the floe-digest/1 formula over its rows, so each is checked as a file of /1.
  private FileDigest expected(Shards.Unit unit) {
    FileDigest file = lock.fileDigests().get(unit.file());
    if (unit.whole()) {
      return file;
    }
    FileDigest.Unit pinned = file.units().get(unit.group());
    return new FileDigest(file.path(), pinned.rows(), pinned.digest());
  }

  // Whether every unit read has its part rows in the lock (locks pinned before they came in have
  // none: their part rows are picked by the split unchecked, as the report line says).
  private boolean partDigests(List<Shards.Unit> units) {
    return units.stream()
        .allMatch(
            unit ->
                !unit.whole()
                    && !lock.fileDigests()
                        .get(unit.file())
                        .units()
                        .get(unit.group())
                        .parts()
                        .isEmpty());
  }

  private FileDigest expectedPart(Shards.Unit unit) {
    FileDigest file = lock.fileDigests().get(unit.file());
    FileDigest.Unit pinned = file.units().get(unit.group()).part(part);
    return new FileDigest(file.path(), pinned.rows(), pinned.digest());
  }

  /** The length every shard gets: the shortest shard's rows (drop) or the longest's (pad). */
  private long length(
      List<Shards.Unit> units, List<List<Shards.Unit>> shards, BufferAllocator allocator) {
    long[] unitRows =
        part == null
            ? null
            : partDigests(units) ? pinnedPartRows(units) : partRows(units, allocator);
    long shortest = Long.MAX_VALUE;
    long longest = 0;
    for (List<Shards.Unit> shard : shards) {
      long rows = 0;
      for (Shards.Unit unit : shard) {
        rows += unitRows == null ? unit.rows() : unitRows[unit.index()];
      }
      shortest = Math.min(shortest, rows);
      longest = Math.max(longest, rows);
    }
    return equal == EqualShards.DROP ? shortest : longest;
  }

  // The part's rows in each unit as the lock pins them; the shard's read checks them.
  private long[] pinnedPartRows(List<Shards.Unit> units) {
    return units.stream().mapToLong(unit -> expectedPart(unit).rows()).toArray();
  }

  // The part's rows in each unit, from a read of the split's key column, unit by unit.
  private long[] partRows(List<Shards.Unit> units, BufferAllocator allocator) {
    long[] counts = new long[units.size()];
    int[] file = {0};
    Reader keys =
        TimeTravel.fileOrderReader(floe, lock)
            .units(units, lock, null)
            .split(lock.split(), part)
            .select(lock.split().keyColumn())
            .contentDigest(false)
            .threads(1)
            .onFileOpened((opened, total) -> file[0] = opened - 1);
    try (BufferAllocator counting =
            allocator.newChildAllocator("floe-shard-count", 0, Long.MAX_VALUE);
        ArrowBatches batches = keys.arrow(counting)) {
      for (VectorSchemaRoot batch : batches) {
        counts[file[0]] += batch.getRowCount();
      }
    }
    return counts;
  }
}

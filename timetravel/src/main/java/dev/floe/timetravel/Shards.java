package dev.floe.timetravel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Random;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * How a lock's digest units are dealt to the shards of a distributed read, and the seeds of a
 * shard's shuffle. Everything here is a function of the lock and the numbers asked for: no hash-map
 * order, thread timing or allocator enters, so every machine computes the same shards.
 */
final class Shards {
  private static final String SEED_HEADER = "floe-shard-seed/1";

  private Shards() {}

  /**
   * One digest unit: the rows at positions {@code [offset, offset + count)} of a data file, of
   * which {@code rows} survive its deletes and the lock's filter. A lock of {@code floe-digest/1}
   * has one unit per file ({@link #wholeFile}); one of {@code floe-digest/2} one per row group or
   * stripe ({@link FileDigest.Unit}), dealt the same way.
   *
   * @param index the unit's position in the lock's order
   * @param file the index of its data file in the lock's {@code fileDigests}
   * @param group the index of the unit in its file's {@link FileDigest#units()}, or -1 for a whole
   *     file of {@code floe-digest/1}
   * @param count physical rows of the range, or -1 for "to the end of the file"
   */
  record Unit(int index, int file, int group, String path, long offset, long count, long rows) {
    Unit {
      Objects.requireNonNull(path, "path");
    }

    static Unit wholeFile(int index, String path, long rows) {
      return new Unit(index, index, -1, path, 0, -1, rows);
    }

    /** Whether the unit is a whole file ({@code floe-digest/1}). */
    boolean whole() {
      return group < 0;
    }
  }

  /**
   * The units of {@code lock}, in lock order: a {@code floe-digest/2} lock's row groups (stripes),
   * file by file, each file's in file order; an older lock's data files. A file without units holds
   * no rows and has none.
   */
  static List<Unit> units(TrainingLock lock) {
    List<Unit> units = new ArrayList<>();
    List<FileDigest> files = lock.fileDigests();
    for (int i = 0; i < files.size(); i++) {
      FileDigest file = files.get(i);
      if (!lock.unitDigests()) {
        units.add(new Unit(units.size(), i, -1, file.path(), 0, -1, file.rows()));
        continue;
      }
      for (int g = 0; g < file.units().size(); g++) {
        FileDigest.Unit unit = file.units().get(g);
        units.add(
            new Unit(units.size(), i, g, file.path(), unit.offset(), unit.count(), unit.rows()));
      }
    }
    return units;
  }

  /** One-line check of a shard request; the message says what is allowed. */
  static void check(int rank, int worldSize) {
    Preconditions.checkArgument(
        worldSize >= 1, "Invalid world size %s: must be at least 1", worldSize);
    Preconditions.checkArgument(
        rank >= 0 && rank < worldSize,
        "Invalid rank %s for world size %s: must be 0 to %s",
        rank,
        worldSize,
        worldSize - 1);
  }

  /**
   * Deals {@code units} to {@code worldSize} shards: each unit, in lock order, goes to the shard
   * with the fewest rows so far (the lowest rank on a tie). That keeps the largest and the smallest
   * shard within one unit's rows of each other: a shard only receives a unit while it is the
   * smallest. Each shard lists its units in lock order; with more shards than units some are empty.
   *
   * <p>Costs memory and time for the units only, whatever {@code worldSize} (up to {@link
   * Integer#MAX_VALUE}): an empty shard is picked only once every lower rank holds a unit (it has
   * no rows, so it ties with or beats any shard still empty), so the shards holding units are
   * always the first ranks, at most one per unit; the ones after are empty and never materialised.
   */
  static List<List<Unit>> deal(List<Unit> units, int worldSize) {
    Preconditions.checkArgument(
        worldSize >= 1, "Invalid world size %s: must be at least 1", worldSize);
    int dealt = Math.min(worldSize, Math.max(1, units.size()));
    List<List<Unit>> shards = new ArrayList<>(dealt);
    long[] rows = new long[dealt];
    // The fewest rows first, then the lowest rank: the same pick as a scan from rank 0.
    PriorityQueue<Integer> smallest =
        new PriorityQueue<>(
            dealt,
            Comparator.<Integer>comparingLong(r -> rows[r]).thenComparingInt(Integer::intValue));
    for (int r = 0; r < dealt; r++) {
      shards.add(new ArrayList<>());
      smallest.add(r);
    }
    for (Unit unit : units) {
      int rank = smallest.poll();
      shards.get(rank).add(unit);
      rows[rank] += unit.rows();
      smallest.add(rank);
    }
    List<List<Unit>> filled = shards.stream().map(List::copyOf).toList();
    return new AbstractList<>() {
      @Override
      public List<Unit> get(int rank) {
        Objects.checkIndex(rank, worldSize);
        return rank < dealt ? filled.get(rank) : List.of();
      }

      @Override
      public int size() {
        return worldSize;
      }
    };
  }

  /** The rows of {@code units}, as the lock counts them. */
  static long rows(List<Unit> units) {
    return units.stream().mapToLong(Unit::rows).sum();
  }

  /**
   * The seed of shard {@code rank}'s shuffle in {@code epoch}: the first 8 bytes (little-endian) of
   * SHA-256 over {@code floe-shard-seed/1}, the lock's content digest (else its file fingerprint),
   * the epoch and the rank. Another lock or epoch gives another order; nothing else does.
   */
  static long seed(TrainingLock lock, long epoch, int rank) {
    MessageDigest sha = SnapshotFiles.sha256();
    sha.update(SEED_HEADER.getBytes(StandardCharsets.US_ASCII));
    String identity = lock.contentDigest() != null ? lock.contentDigest() : lock.fingerprint();
    sha.update(identity.getBytes(StandardCharsets.US_ASCII));
    sha.update(FileDigester.le(epoch));
    sha.update(FileDigester.le(rank));
    byte[] hash = sha.digest();
    long seed = 0;
    for (int i = 7; i >= 0; i--) {
      seed = (seed << 8) | (hash[i] & 0xff);
    }
    return seed;
  }

  /**
   * A Fisher-Yates permutation of {@code 0..n-1} drawn from {@code random}: {@link Random} is a
   * specified algorithm, so one seed gives one permutation on every JVM.
   */
  static int[] permutation(int n, Random random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  /** {@code units} in the order of a {@link #permutation} drawn from {@code random}. */
  static List<Unit> shuffled(List<Unit> units, Random random) {
    int[] order = permutation(units.size(), random);
    List<Unit> shuffled = new ArrayList<>();
    for (int i : order) {
      shuffled.add(units.get(i));
    }
    return List.copyOf(shuffled);
  }
}

package dev.floe.columnar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * Which origin each row handed to a {@link PartitionWriter} came from, in write order: the caller
 * {@link #add}s the rows of each origin before it writes them, and the writer {@link #take}s a
 * file's rows when it closes the file, so each file's footer says where exactly its rows came from
 * however the writer rolled. Costs a few bytes per change of origin, not per row. Not thread-safe:
 * one log per writer.
 */
public final class ProvenanceLog {
  private final List<Contribution> origins = new ArrayList<>();
  private final Map<Contribution, Integer> indexes = new HashMap<>();
  private int[] runOrigin = new int[16];
  private long[] runRows = new long[16];
  private int head;
  private int tail;
  private boolean positionsLost;
  private Contribution lastOrigin;

  /** Logs {@code rows} further rows from {@code origin} (whose own row count is not used). */
  public void add(Contribution origin, long rows) {
    Objects.requireNonNull(origin, "origin");
    Preconditions.checkArgument(rows >= 0, "Invalid row count: %s", rows);
    if (rows == 0) {
      return;
    }
    // Rewrites log row by row, mostly the same origin instance as the row before: no hashing.
    if (origin == lastOrigin && tail > head) {
      runRows[tail - 1] += rows;
      return;
    }
    lastOrigin = origin;
    Contribution key = origin.withRows(0);
    int index = indexes.computeIfAbsent(key, k -> addOrigin(k));
    if (tail > head && runOrigin[tail - 1] == index) {
      runRows[tail - 1] += rows;
      return;
    }
    if (tail == runOrigin.length) {
      grow();
    }
    runOrigin[tail] = index;
    runRows[tail] = rows;
    tail++;
  }

  /**
   * Logs the rows of a whole file with provenance {@code file}, in its order (a copy of the file,
   * as tiering makes). A file that kept counts only makes the files taken after it do so too.
   */
  public void addAll(Provenance file) {
    Objects.requireNonNull(file, "file");
    if (!file.hasPositions()) {
      positionsLost = true;
    }
    file.replay(this::add);
  }

  /**
   * Files taken from now on keep counts only, no {@code runs}: the rows logged next are a whole
   * file's that kept counts only, logged as its contributions in turn (a copy, as tiering makes).
   */
  public void losePositions() {
    positionsLost = true;
  }

  /** Rows logged and not yet taken. */
  public long rows() {
    long sum = 0;
    for (int k = head; k < tail; k++) {
      sum += runRows[k];
    }
    return sum;
  }

  /**
   * The provenance of the next {@code rows} rows logged, which it removes from the log: the same
   * producer, run and source merged into one contribution, their runs in order.
   */
  public Provenance take(long rows) {
    List<Contribution> merged = new ArrayList<>();
    Map<Contribution, Integer> mergedIndex = new HashMap<>();
    long[] runs = new long[16];
    int runCount = 0;
    long left = rows;
    while (left > 0) {
      Preconditions.checkState(
          head < tail, "Cannot take %s rows of provenance: %s were logged", rows, rows - left);
      long n = Math.min(left, runRows[head]);
      Contribution origin = origins.get(runOrigin[head]);
      Contribution key =
          new Contribution(origin.producer(), origin.run(), origin.source(), 0, 0, 0);
      Integer index = mergedIndex.get(key);
      if (index == null) {
        index = merged.size();
        mergedIndex.put(key, index);
        merged.add(origin.withRows(n));
      } else {
        merged.set(index, merged.get(index).merge(origin.withRows(n)));
      }
      if (runCount > 0 && runs[2 * runCount - 2] == index) {
        runs[2 * runCount - 1] += n;
      } else {
        if (2 * runCount + 2 > runs.length) {
          runs = Arrays.copyOf(runs, runs.length * 2);
        }
        runs[2 * runCount] = index;
        runs[2 * runCount + 1] = n;
        runCount++;
      }
      runRows[head] -= n;
      if (runRows[head] == 0) {
        head++;
      }
      left -= n;
    }
    return Provenance.of(merged, positionsLost ? null : Arrays.copyOf(runs, 2 * runCount));
  }

  private int addOrigin(Contribution origin) {
    origins.add(origin);
    return origins.size() - 1;
  }

  private void grow() {
    int live = tail - head;
    if (head > 0 && live < runOrigin.length / 2) {
      System.arraycopy(runOrigin, head, runOrigin, 0, live);
      System.arraycopy(runRows, head, runRows, 0, live);
    } else {
      runOrigin = Arrays.copyOf(runOrigin, runOrigin.length * 2);
      runRows = Arrays.copyOf(runRows, runRows.length * 2);
      System.arraycopy(runOrigin, head, runOrigin, 0, live);
      System.arraycopy(runRows, head, runRows, 0, live);
    }
    head = 0;
    tail = live;
  }
}
